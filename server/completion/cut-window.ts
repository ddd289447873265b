import type Parser from 'tree-sitter';
import { cutRules, type LexMode } from './code-scanner.js';
import { PREFIX_WINDOW, SUFFIX_WINDOW } from './stream-filters.js';
import type { CompletionMode, CursorContext, LanguageId } from './types.js';

/**
 * The post-processing's view of the cursor: bounded windows of the document, not of the prompt.
 * The prompt's windows are shorter (a few KB before, at most 8 lines after), but the cut must know
 * what they leave out: a bracket the user left open further down, a raw string that began before
 * the prompt did. The prefix window starts at a line start, with the lexer's mode there read from
 * the syntax tree: a window starting inside a raw string or a block comment would otherwise be
 * scanned inverted, code as text and text as code, and every cut rule after it misfire.
 */
export function cutContext(input: { text: string; offset: number; mode: CompletionMode; languageId: LanguageId; prefixMode: LexMode | undefined }): CursorContext {
  const { text, offset } = input;
  const start = cutWindowStart(text, offset);
  return { prefix: text.slice(start, offset), suffix: text.slice(offset, offset + SUFFIX_WINDOW), mode: input.mode, languageId: input.languageId, prefixMode: input.prefixMode };
}

/**
 * Where the cut's prefix window starts: a line start, the first whole line within PREFIX_WINDOW of the
 * cursor, or the cursor's line when it alone is longer. The syntax checks read the lexer's mode there
 * (`modeAt`) on whichever thread holds the tree.
 */
export function cutWindowStart(text: string, offset: number): number {
  const start = Math.max(0, offset - PREFIX_WINDOW);
  if (start === 0 || text[start - 1] === '\n') return start;
  return Math.min(text.indexOf('\n', start) + 1 || offset, text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The lexer's mode at `index` (a line start), from the syntax tree: inside a comment or string that
 * began earlier, the mode its opening token starts; inside a substitution of a template or f-string, code.
 */
export function modeAt(tree: Parser.Tree, text: string, index: number, languageId: LanguageId): LexMode {
  const { textNodes } = cutRules(languageId);
  const path: Parser.SyntaxNode[] = [];
  for (let node: Parser.SyntaxNode | null = tree.rootNode.descendantForIndex(index, index); node; node = node.parent) {
    if (node.startIndex < index && node.endIndex > index) path.push(node);
  }
  let at = path.findIndex((node) => textNodes.has(node.type));
  if (at < 0) return 'code';
  // A string's content node sits inside the string: the opening quote is the outer node's.
  while (path[at + 1] && textNodes.has(path[at + 1]!.type)) at++;
  // A node with children between the index and the literal is a substitution (`${…}`, an f-string's `{…}`): code.
  if (path.slice(0, at).some((node) => !textNodes.has(node.type) && node.childCount > 0)) return 'code';
  const literal = path[at]!;
  return openingMode(text.slice(literal.startIndex, literal.startIndex + 8));
}

/** The mode a literal's opening characters start: `/*` a block comment, `"""` a docstring, a backquote a raw or template string. */
function openingMode(opening: string): LexMode {
  if (opening.startsWith('/*')) return 'block-comment';
  if (opening.startsWith('//') || opening.startsWith('#')) return 'line-comment';
  // String prefixes (`f"""`, `rb'…'`) come before the quote.
  const quoted = opening.replace(/^[A-Za-z]{1,3}(?=["'`])/, '');
  if (quoted.startsWith('"""')) return '"""';
  if (quoted.startsWith("'''")) return "'''";
  const quote = quoted[0];
  return quote === '`' || quote === '"' || quote === "'" ? quote : 'code';
}
