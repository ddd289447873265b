import type Parser from 'tree-sitter';
import type { Language } from './languages.js';

/** A function, method or type found with the language's declarations query. */
export interface Declaration {
  kind: 'function' | 'method' | 'type';
  node: Parser.SyntaxNode;
  name: Parser.SyntaxNode;
}

/** What the declarations query finds in a tree (or in part of it). */
export interface Outline {
  declarations: Declaration[];
  imports: Parser.SyntaxNode[];
  /** Names of functions and methods called. */
  calls: Set<string>;
}

const DECLARATION_KINDS = new Set(['function', 'method', 'type']);

/** Runs the declarations query once over `node` (the whole file by default). */
export function outline(language: Language, tree: Parser.Tree, node: Parser.SyntaxNode = tree.rootNode): Outline {
  const result: Outline = { declarations: [], imports: [], calls: new Set() };
  // By position: tree-sitter 0.22's binding reads `startIndex` as a byte offset, so a part of the file began half way
  // to where it was meant (the calls were filtered below, but the query read the code before the part).
  for (const match of language.declarations.matches(tree.rootNode, { startPosition: node.startPosition, endPosition: node.endPosition })) addMatch(result, match, node);
  return result;
}

/** Characters of top-level code the query reads between two turns of the event loop (about 3 ms; a 3,600-line file took 10 ms at once). */
const SLICE_CHARS = 32_768;

/**
 * outline a group of top-level declarations at a time, with a turn of the event loop between groups, for an action or
 * a hover that runs on the thread that answers the editor. The same outline: a query restricted to a range finds every
 * match that meets it, and each is kept in the group where its first capture starts.
 */
export async function outlineInSlices(language: Language, tree: Parser.Tree, signal?: AbortSignal): Promise<Outline> {
  const node = tree.rootNode;
  const result: Outline = { declarations: [], imports: [], calls: new Set() };
  for (const group of topLevelGroups(node)) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) break;
    // By position: tree-sitter 0.22's binding reads `startIndex` as a byte offset (half way to where it is meant).
    for (const match of language.declarations.matches(node, { startPosition: group.start, endPosition: group.end })) {
      // Each match belongs to the group its first capture starts in; the others meet it too (a pattern that names the root).
      const start = Math.min(...match.captures.map((capture) => capture.node.startIndex));
      if (start >= group.from && (start < group.to || group.to === node.endIndex)) addMatch(result, match, node);
    }
  }
  return result;
}

interface Group {
  from: number;
  to: number;
  start: Parser.Point;
  end: Parser.Point;
}

/** The file cut between top-level nodes into ranges of about SLICE_CHARS (one node longer than that is a range of its own). */
function topLevelGroups(root: Parser.SyntaxNode): Group[] {
  const groups: Group[] = [];
  let from = root.startIndex;
  let start = root.startPosition;
  for (let i = 0; i < root.childCount; i++) {
    const child = root.child(i)!;
    const last = i === root.childCount - 1;
    if (child.endIndex - from < SLICE_CHARS && !last) continue;
    const to = last ? root.endIndex : child.endIndex;
    const end = last ? root.endPosition : child.endPosition;
    groups.push({ from, to, start, end });
    from = to;
    start = end;
  }
  if (groups.length === 0) groups.push({ from: root.startIndex, to: root.endIndex, start: root.startPosition, end: root.endPosition });
  return groups;
}

function addMatch(result: Outline, match: Parser.QueryMatch, node: Parser.SyntaxNode): void {
  const name = match.captures.find((capture) => capture.name === 'name')?.node;
  for (const capture of match.captures) {
    if (DECLARATION_KINDS.has(capture.name) && name) {
      result.declarations.push({ kind: capture.name as Declaration['kind'], node: capture.node, name });
    } else if (capture.name === 'import') {
      result.imports.push(capture.node);
    } else if (capture.name === 'call' && capture.node.startIndex >= node.startIndex && capture.node.endIndex <= node.endIndex) {
      result.calls.add(capture.node.text);
    }
  }
}

/** The innermost declaration of one of `kinds` containing `offset`. */
export function declarationAt(declarations: readonly Declaration[], offset: number, kinds: ReadonlyArray<Declaration['kind']>): Declaration | undefined {
  let best: Declaration | undefined;
  for (const declaration of declarations) {
    const { node } = declaration;
    if (!kinds.includes(declaration.kind) || offset < node.startIndex || offset > node.endIndex) continue;
    if (!best || node.endIndex - node.startIndex < best.node.endIndex - best.node.startIndex) best = declaration;
  }
  return best;
}

/**
 * The statement a declaration's comments attach to: `export function f` for `function f`,
 * `const f = () => …` for the arrow function, `type T struct` for Go's type spec.
 */
export function commentAnchor(node: Parser.SyntaxNode): Parser.SyntaxNode {
  let anchor = node;
  if (anchor.type === 'variable_declarator' && anchor.parent && /^(lexical|variable)_declaration$/.test(anchor.parent.type)) anchor = anchor.parent;
  if (anchor.type === 'type_spec' && anchor.parent?.type === 'type_declaration' && anchor.parent.namedChildren.filter((c) => c.type === 'type_spec').length === 1) {
    anchor = anchor.parent;
  }
  if (anchor.parent?.type === 'export_statement') anchor = anchor.parent;
  return anchor;
}

/** The comments directly above `anchor`, with no blank line between them and it. */
export function leadingComments(anchor: Parser.SyntaxNode): Parser.SyntaxNode[] {
  const comments: Parser.SyntaxNode[] = [];
  let row = anchor.startPosition.row;
  for (let sibling = anchor.previousSibling; sibling?.type === 'comment'; sibling = sibling.previousSibling) {
    if (sibling.endPosition.row !== row - 1 && sibling.endPosition.row !== row) break;
    comments.unshift(sibling);
    row = sibling.startPosition.row;
  }
  return comments;
}

/** Whether `anchor` has a doc comment, by its language's convention (GoDoc: any `//` above; TSDoc/JSDoc: `/**`). */
export function hasDocComment(anchor: Parser.SyntaxNode, language: Language): boolean {
  return language.module.comments.isDocComment(leadingComments(anchor), anchor);
}

/** The body of a function or method, when it has one. */
export function bodyOf(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  const direct = node.childForFieldName('body');
  if (direct) return direct;
  const value = node.childForFieldName('value');
  return value?.childForFieldName('body') ?? undefined;
}

/** A body with nothing but comments in it: `{}` or `{ // TODO }`. */
export function isEmptyBody(body: Parser.SyntaxNode): boolean {
  return /^(block|statement_block)$/.test(body.type) && body.namedChildren.every((child) => child.type === 'comment');
}

/** The signature of a declaration, without its body: what a prompt shows for a callee. */
export function signatureOf(node: Parser.SyntaxNode): string {
  const body = bodyOf(node);
  const text = body && body.type !== 'identifier' ? node.text.slice(0, body.startIndex - node.startIndex) : node.text;
  return text.trimEnd();
}

/** The comment at `offset`, or on the cursor's line when the cursor is before or after it. */
export function commentAt(tree: Parser.Tree, text: string, offset: number): Parser.SyntaxNode | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const firstNonBlank = lineStart + (/^[ \t]*/.exec(text.slice(lineStart, lineEnd))?.[0].length ?? 0);
  for (const at of [offset, offset - 1, firstNonBlank]) {
    if (at < lineStart || at > lineEnd) continue;
    const node = tree.rootNode.descendantForIndex(at);
    if (node.type === 'comment') return node;
  }
  return undefined;
}

/** Token-like nodes a selection must not cut through: cutting a string or comment in half cuts the token. */
const ATOMIC_PARENTS = /^(string|template_string|interpreted_string_literal|raw_string_literal|rune_literal|comment|regex)$/;

/**
 * Widens [start, end) so neither end falls inside a token (identifier, number, string, comment):
 * a selection spanning half a token is expanded to the whole token.
 */
export function expandToTokens(tree: Parser.Tree, start: number, end: number): { start: number; end: number } {
  return { start: tokenAround(tree, start)?.startIndex ?? start, end: tokenAround(tree, end)?.endIndex ?? end };
}

/** The token `index` falls strictly inside of, if any. */
function tokenAround(tree: Parser.Tree, index: number): Parser.SyntaxNode | undefined {
  let node: Parser.SyntaxNode = tree.rootNode.descendantForIndex(index);
  for (let parent = node.parent; parent; parent = parent.parent) if (ATOMIC_PARENTS.test(parent.type)) node = parent;
  if (node.childCount > 0 && !ATOMIC_PARENTS.test(node.type)) return undefined;
  return node.startIndex < index && index < node.endIndex ? node : undefined;
}
