import type Parser from 'tree-sitter';

/** How one shown completion compares with what the user was about to write. */
export interface CaseScore {
  /** Shown equals the expected text, trailing whitespace aside. */
  exact: boolean;
  /** A correct, non-empty beginning of the expected text, cut too early. */
  prefixCorrect: boolean;
  /** The shown text repeats more of the code after the cursor than the expected text does. */
  overlap: boolean;
  /** Inserting it leaves more ERROR/MISSING nodes than the original file had. */
  syntaxBreaking: boolean;
  empty: boolean;
  /** CrossCodeEval's edit similarity: 1 − Levenshtein distance / longer length. */
  editSimilarity: number;
}

/**
 * Scores a shown completion. `original` is the file as it was (span included); the document the
 * server saw is text[0, start) + text[end, …); `originalErrors` the syntax errors of the original.
 */
export function scoreCase(input: { shown: string; expected: string; text: string; start: number; end: number; parser: Parser; originalErrors: number }): CaseScore {
  const shown = input.shown.trimEnd();
  const expected = input.expected.trimEnd();
  const empty = shown.trim() === '';
  const exact = !empty && shown === expected;
  const prefixCorrect = !empty && !exact && expected.startsWith(shown);
  const suffix = input.text.slice(input.end, input.end + 400);
  const overlap = !empty && !exact && duplicated(shown, suffix) > duplicated(expected, suffix);
  let syntaxBreaking = false;
  if (!empty && !exact) {
    const inserted = input.text.slice(0, input.start) + input.shown + input.text.slice(input.end);
    syntaxBreaking = syntaxErrors(input.parser.parse(inserted)) > input.originalErrors;
  }
  return { exact, prefixCorrect, overlap, syntaxBreaking, empty, editSimilarity: exact ? 1 : editSimilarity(shown, expected) };
}

/** How many non-blank characters at the end of `text` repeat the start of `suffix`, whitespace ignored. */
export function duplicated(text: string, suffix: string): number {
  const t = text.replace(/\s+/g, '');
  const s = suffix.replace(/\s+/g, '').slice(0, 200);
  for (let k = Math.min(t.length, s.length); k >= 1; k--) {
    if (t.endsWith(s.slice(0, k))) return k;
  }
  return 0;
}

/** ERROR and MISSING nodes in the tree. */
export function syntaxErrors(tree: Parser.Tree): number {
  let count = 0;
  const cursor = tree.walk();
  let visiting = true;
  while (visiting) {
    const node = cursor.currentNode;
    if (node.type === 'ERROR' || node.isMissing) count++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        visiting = false;
        break;
      }
    }
  }
  return count;
}

/** 1 − Levenshtein distance / length of the longer string; 1 for two empty strings. */
export function editSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return 1 - (previous[b.length] ?? 0) / longer;
}
