import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';

export interface PrefilterInput {
  text: string;
  offset: number;
  /** The cursor as a tree-sitter point (LSP line and UTF-16 character). */
  point: Parser.Point;
  tree?: Parser.Tree;
  language?: Language;
  skipInComments: boolean;
  skipInStrings: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_$]/u;

/**
 * Decides, before any model work, whether a completion makes sense here. Returns the reason to
 * skip, or undefined to go on.
 */
export function prefilter(input: PrefilterInput): string | undefined {
  const { text, offset } = input;
  const after = text[offset];
  const before = text[offset - 1];
  // Mid-identifier with more of it to the right: the user is editing a name, not writing new code.
  if (after !== undefined && before !== undefined && WORD_CHAR.test(after) && WORD_CHAR.test(before)) {
    return 'cursor is inside an identifier';
  }
  if ((input.skipInComments || input.skipInStrings) && input.tree && input.language) {
    const scope = scopeAt(input.tree, input.language, text, offset, input.point);
    if (scope === 'comment' && input.skipInComments) return 'cursor is inside a comment';
    if (scope === 'string' && input.skipInStrings) return 'cursor is inside a string';
  }
  return undefined;
}

/** The innermost comment or string around the cursor, found with the grammar's scopes query. */
export function scopeAt(tree: Parser.Tree, language: Language, text: string, offset: number, point: Parser.Point): 'comment' | 'string' | undefined {
  const captures = language.scopes.captures(tree.rootNode, { startPosition: point, endPosition: point });
  let found: 'comment' | 'string' | undefined;
  for (const capture of captures) {
    if (capture.name !== 'comment' && capture.name !== 'string') continue;
    const node = capture.node;
    // Strictly inside: the cursor right after a closing quote or at a comment's start is outside it.
    const inside =
      node.startIndex < offset &&
      (offset < node.endIndex || (capture.name === 'comment' && offset === node.endIndex && !text.slice(node.startIndex, node.endIndex).startsWith('/*')));
    if (inside) found = capture.name;
  }
  return found;
}
