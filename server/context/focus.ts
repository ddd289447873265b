import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';
import { codeTerms } from './lexical-index.js';

/** A name used near the cursor, with the package or value it is selected from (`fmt` in `fmt.Println`). */
export interface Reference {
  name: string;
  qualifier?: string;
  /** 1 on the cursor's line, falling with distance. */
  weight: number;
}

/** What the cursor's surroundings refer to: the input of every context source. */
export interface Focus {
  /** Stable while the cursor stays in the same function: part of the packed context's cache key. */
  regionKey: string;
  /** Offsets of the region (the enclosing function, or a block of lines outside any function). */
  start: number;
  end: number;
  references: Reference[];
  /** BM25 query terms from the region's identifiers. */
  terms: string[];
  /** The whole current text, for sources that scan the file. */
  text: string;
  cursorLine: number;
}

const FUNCTION_TYPES = new Set([
  'function_declaration', 'method_declaration', 'func_literal', 'function_expression', 'arrow_function',
  'method_definition', 'generator_function_declaration', 'generator_function', 'function',
]);
/** Outside functions, the region is a block of this many lines (aligned), so its key changes rarely. */
const BLOCK_LINES = 32;
const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$]*/gu;

/** The region around the cursor and the names it uses, from the syntax tree when there is one. */
export function focusAt(input: { text: string; offset: number; tree?: Parser.Tree; language?: Language }): Focus {
  const { text, offset, tree, language } = input;
  const cursorLine = lineOf(text, offset);
  const region = tree ? enclosingFunction(tree, offset) : undefined;
  let start: number;
  let end: number;
  let regionKey: string;
  if (region) {
    start = region.startIndex;
    end = region.endIndex;
    regionKey = `fn:${region.startIndex}:${region.type}`;
  } else {
    const block = Math.floor(cursorLine / BLOCK_LINES);
    start = lineStart(text, block * BLOCK_LINES);
    end = lineStart(text, (block + 1) * BLOCK_LINES);
    regionKey = `lines:${block}`;
  }
  const references = tree && language ? treeReferences(tree, language, start, end, cursorLine) : textReferences(text, start, end, cursorLine);
  return { regionKey, start, end, references, terms: codeTerms(text.slice(start, end)), text, cursorLine };
}

/** The outermost function (or method) around the offset: nested callbacks share their parent's context. */
function enclosingFunction(tree: Parser.Tree, offset: number): Parser.SyntaxNode | undefined {
  let found: Parser.SyntaxNode | undefined;
  for (let node: Parser.SyntaxNode | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset); node; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) found = node;
  }
  return found;
}

function treeReferences(tree: Parser.Tree, language: Language, start: number, end: number, cursorLine: number): Reference[] {
  const byNode = new Map<number, Reference>();
  for (const capture of language.references.captures(tree.rootNode, { startIndex: start, endIndex: end })) {
    // Qualifiers are read from each reference's parent below, so the pair stays together.
    if (capture.name !== 'reference') continue;
    const node = capture.node;
    const parent = node.parent;
    const qualifierNode = parent && (parent.type === 'selector_expression' || parent.type === 'member_expression' || parent.type === 'qualified_type' || parent.type === 'nested_type_identifier')
      ? (parent.childForFieldName('operand') ?? parent.childForFieldName('object') ?? parent.childForFieldName('package') ?? parent.childForFieldName('module'))
      : null;
    const qualified = qualifierNode && qualifierNode.startIndex !== node.startIndex && (qualifierNode.type === 'identifier' || qualifierNode.type === 'package_identifier');
    const weight = 1 / (1 + Math.abs(node.startPosition.row - cursorLine) / 8);
    byNode.set(node.startIndex, { name: node.text, qualifier: qualified ? qualifierNode.text : undefined, weight });
  }
  return merge([...byNode.values()]);
}

/** Without a tree (a file too large to parse): identifiers and `a.b` pairs by pattern. */
function textReferences(text: string, start: number, end: number, cursorLine: number): Reference[] {
  const out: Reference[] = [];
  const region = text.slice(start, end);
  const firstLine = lineOf(text, start);
  for (const match of region.matchAll(IDENTIFIER)) {
    const at = match.index ?? 0;
    const before = region.slice(Math.max(0, at - 64), at);
    const qualifier = /([\p{L}_$][\p{L}\p{N}_$]*)\.$/u.exec(before)?.[1];
    const line = firstLine + lineOf(region, at);
    out.push({ name: match[0], qualifier, weight: 1 / (1 + Math.abs(line - cursorLine) / 8) });
  }
  return merge(out);
}

/** One reference per (qualifier, name), keeping the highest weight, sorted by weight. */
function merge(references: Reference[]): Reference[] {
  const best = new Map<string, Reference>();
  for (const reference of references) {
    const key = `${reference.qualifier ?? ''}.${reference.name}`;
    const known = best.get(key);
    if (!known || known.weight < reference.weight) best.set(key, reference);
  }
  return [...best.values()].sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
