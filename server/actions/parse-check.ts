import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';
import { parseInSlices } from '../syntax/sliced-parse.js';

export interface EditedFile {
  text: string;
  tree: Parser.Tree;
  /** The inserted code's span in `text`. */
  startIndex: number;
  endIndex: number;
}

export type ParseCheck = { ok: true; file: EditedFile } | { ok: false; file: EditedFile; message: string };

/** Where generated code goes: replace [start, end) of `original` with `replacement`. */
export interface Insertion {
  language: Language;
  /** The file before the edit, and its tree, to tell old syntax errors from new ones. */
  original: string;
  originalTree: Parser.Tree | undefined;
  start: number;
  end: number;
  replacement: string;
  /** How the edited file is parsed, when the caller keeps its trees (the task's stages do); a whole parse otherwise. */
  parse?: (text: string) => Parser.Tree;
}

/**
 * Parses the file as it would be after replacing [start, end) and checks that the inserted code
 * has no ERROR or MISSING node, in the context of the file: code that only parses on its own, or
 * that unbalances the rest of the file, fails.
 */
export function checkParse(request: Insertion): ParseCheck {
  const text = editedText(request);
  return judge(request, text, request.parse ? request.parse(text) : request.language.parser.parse(text));
}

/**
 * The same check with the edited file parsed a slice at a time (parseInSlices), for the language server's code
 * actions: a whole file parsed at once would hold the thread that reads the editor's keystrokes. Undefined when
 * `signal` aborts first.
 */
export async function checkParseInSlices(request: Insertion, signal?: AbortSignal): Promise<ParseCheck | undefined> {
  const text = editedText(request);
  const tree = await parseInSlices(request.language, text, signal);
  return tree && judge(request, text, tree);
}

function editedText({ original, start, end, replacement }: Insertion): string {
  return original.slice(0, start) + replacement + original.slice(end);
}

function judge(request: Insertion, text: string, tree: Parser.Tree): ParseCheck {
  const { start, replacement } = request;
  const file: EditedFile = { text, tree, startIndex: start, endIndex: start + replacement.length };
  const inside = firstProblem(tree.rootNode, file.startIndex, file.endIndex);
  if (inside) return { ok: false, file, message: describe(inside, text, file.startIndex, 'of the code') };
  // New errors elsewhere mean the insertion broke the code around it (an unclosed brace).
  const before = request.originalTree ? countProblems(request.originalTree.rootNode) : 0;
  if (countProblems(tree.rootNode) > before) {
    const outside = firstProblem(tree.rootNode, 0, text.length);
    return { ok: false, file, message: `it leaves the code around it broken${outside ? `, ${describe(outside, text, 0, 'of the file')}` : ''}` };
  }
  return { ok: true, file };
}

function firstProblem(node: Parser.SyntaxNode, start: number, end: number): Parser.SyntaxNode | undefined {
  if (node.endIndex < start || node.startIndex > end) return undefined;
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = firstProblem(child, start, end);
    if (found) return found;
  }
  return undefined;
}

function countProblems(node: Parser.SyntaxNode): number {
  if (node.isError || node.isMissing) return 1;
  if (!node.hasError) return 0;
  return node.children.reduce((sum, child) => sum + countProblems(child), 0);
}

/** `line 3 of the code: missing "}"`, counting lines from `from` (the inserted code, or the file). */
function describe(node: Parser.SyntaxNode, text: string, from: number, of: string): string {
  const firstRow = text.slice(0, from).split('\n').length - 1;
  const where = `line ${node.startPosition.row - firstRow + 1} ${of}`;
  if (node.isMissing) return `${where}: missing "${node.type}"`;
  const snippet = node.text.split('\n')[0]!.trim().slice(0, 40);
  return `${where}: syntax error at "${snippet}"`;
}
