import type Parser from 'tree-sitter';
import type { CutRules } from '../syntax/language-module.js';
import { cutRules, newScanState, scan } from './code-scanner.js';
import type { CompletionMode, LanguageId } from './types.js';

// Index units, checked empirically with node tree-sitter 0.22.4 (see test/unit/mode.test.ts): the binding
// parses JS strings as UTF-16, and `startIndex`, `endIndex`, `descendantForIndex` and `Point.column` are all
// in UTF-16 code units, i.e. the same units as JS string indices and LSP's default position encoding, even
// after emoji and accented letters. So `offset` goes to tree-sitter unconverted.

/** The rest of the line leaves room for new lines: nothing, or only closers the block already has. */
const REST_ALLOWS_MULTI = /^[\s)\]};,]*$/;
/** The line so far opens something whose content goes on the next lines. */
const ENDS_WITH_OPENER = /(?:[{([]|=>)$/;
/** A switch or select clause header: its statements follow on new lines. */
const CASE_HEADER = /^\s*(?:case\b.*|default\s*):$/;

/**
 * Decides whether the suggestion at the cursor may span several lines. Multi-line when the rest of the line
 * is blank or only closers, and the cursor starts a fresh line, follows an opener (`{`, `(`, `[`, `=>`, a case
 * clause's `:`) or sits in an empty body. Single-line inside strings and comments and in the middle of a line.
 * Looks only at the cursor's line and the nodes around the cursor, so it costs the same in any file size.
 */
export function decideMode(input: { tree: Parser.Tree; offset: number; text: string; languageId: LanguageId }): CompletionMode {
  const { tree, offset, text, languageId } = input;
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, newline < 0 ? text.length : newline);

  // Right inside brackets (`then(█).catch(…)`, `f(█) as T`) the content may span lines whatever follows the closer.
  const insideBrackets = /[([{]$/.test(before) && /^[)\]}]/.test(after);
  if (!REST_ALLOWS_MULTI.test(after) && !insideBrackets) return 'single';
  const rules = cutRules(languageId);
  if (insideText(tree.rootNode, offset, text, rules) || unclosedOnLine(before, languageId)) return 'single';
  const head = before.trimEnd();
  if (head === '' || ENDS_WITH_OPENER.test(head) || CASE_HEADER.test(head)) return 'multi';
  // Python: a block header (`def f():`, `if x:`) is followed by its indented body.
  if (rules.indentBlocks && head.endsWith(':')) return 'multi';
  return insideEmptyBody(tree.rootNode, offset, rules) ? 'multi' : 'single';
}

/** Whether the cursor is inside a comment, string or regex (an interpolation `${…}` counts as code). */
function insideText(root: Parser.SyntaxNode, offset: number, text: string, rules: CutRules): boolean {
  // The node after the cursor misses a line comment that ends right at the cursor; the node before catches it.
  const starts = offset > 0 ? [root.descendantForIndex(offset), root.descendantForIndex(offset - 1)] : [root.descendantForIndex(0)];
  for (const start of starts) {
    for (let node: Parser.SyntaxNode | null = start; node; node = node.parent) {
      if (node.type === 'template_substitution') break;
      if (!rules.textNodes.has(node.type)) continue;
      const lineComment = node.type === 'comment' && text.startsWith(rules.lineComment, node.startIndex);
      if (node.startIndex < offset && (offset < node.endIndex || (lineComment && offset === node.endIndex))) return true;
    }
  }
  return false;
}

/** A string or comment opened earlier on the line is still open: the tree misses it when the string is unterminated. */
function unclosedOnLine(before: string, languageId: LanguageId): boolean {
  const state = newScanState(languageId);
  scan(before, state);
  // Backticks are left to the tree: the scanner does not know `${…}` is code again.
  return state.mode !== 'code' && state.mode !== '`';
}

/** Whether the innermost node around the cursor is a `{ … }` body with nothing but comments in it. */
function insideEmptyBody(root: Parser.SyntaxNode, offset: number, rules: CutRules): boolean {
  let node: Parser.SyntaxNode | null = root.descendantForIndex(offset);
  while (node && !(node.startIndex < offset && offset < node.endIndex)) node = node.parent;
  if (!node || !rules.bodyNodes.has(node.type)) return false;
  return node.namedChildren.every((child) => child.type === 'comment');
}

/** Without a syntax tree: multi-line only at the end of a line. */
export function fallbackMode(text: string, offset: number): CompletionMode {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  return rest.trim() === '' ? 'multi' : 'single';
}
