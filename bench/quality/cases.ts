import Parser from 'tree-sitter';
import { GRAMMARS } from '../../grammars/registry.js';
import { Random } from '../random.js';
import type { RealFile } from './corpus.js';
import { syntaxErrors } from './metrics.js';
import { findSpans, SPAN_KINDS, type Span, type SpanKind } from './spans.js';

/** A corpus file ready for the benchmark: parsed, with its line starts for LSP positions. */
export interface PreparedFile extends RealFile {
  language: 'go' | 'typescript' | 'python';
  lineStarts: number[];
  /** ERROR/MISSING nodes in the file as shipped (files with any are left out). */
  errors: number;
}

/** One cursor position: a span removed from a real file. */
export interface QualityCase {
  id: number;
  file: PreparedFile;
  span: Span;
  /** A real function from another file of the corpus, for the extra-function reply. */
  otherFunction: string;
}

/** A parser with the grammar the server uses for the language (the benchmark parses in its own process). */
export function parserFor(language: 'go' | 'typescript' | 'python'): Parser {
  const entry = GRAMMARS.find((grammar) => grammar.folder === language);
  if (!entry) throw new Error(`no grammar for ${language}`);
  const parser = new Parser();
  parser.setLanguage(entry.load() as Parser.Language);
  return parser;
}

/** Parses the files, keeps those that parse cleanly, and indexes their lines. */
export function prepareFiles(files: readonly RealFile[], language: 'go' | 'typescript' | 'python', parser: Parser): { prepared: PreparedFile[]; skipped: string[] } {
  const prepared: PreparedFile[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const errors = syntaxErrors(parser.parse(file.text));
    if (errors > 0) {
      skipped.push(file.path);
      continue;
    }
    const lineStarts = [0];
    for (let i = file.text.indexOf('\n'); i >= 0; i = file.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    prepared.push({ ...file, language, lineStarts, errors });
  }
  return { prepared, skipped };
}

/**
 * `perKind` spans of each kind, drawn with `seed` from every span of every file, then ordered by
 * file and offset so the benchmark walks each file once, start to end.
 */
export function sampleCases(options: { files: readonly PreparedFile[]; parser: Parser; perKind: number; seed: number }): {
  cases: QualityCase[];
  available: Record<SpanKind, number>;
} {
  const random = new Random(options.seed);
  const byKind = new Map<SpanKind, Array<{ file: PreparedFile; span: Span }>>(SPAN_KINDS.map((kind) => [kind, []]));
  const functions: Array<{ file: PreparedFile; text: string }> = [];
  for (const file of options.files) {
    const tree = options.parser.parse(file.text);
    for (const span of findSpans({ tree, text: file.text, language: file.language, random })) byKind.get(span.kind)?.push({ file, span });
    for (const text of topLevelFunctions(tree, file.text)) functions.push({ file, text });
  }
  const chosen: Array<{ file: PreparedFile; span: Span }> = [];
  for (const kind of SPAN_KINDS) chosen.push(...random.sample(byKind.get(kind) ?? [], options.perKind));
  const order = new Map(options.files.map((file, i) => [file.path, i]));
  chosen.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0) || a.span.start - b.span.start || a.span.end - b.span.end);
  const cases = chosen.map(({ file, span }, id) => {
    const others = functions.filter((f) => f.file.path !== file.path);
    return { id, file, span, otherFunction: others.length > 0 ? random.pick(others).text : '' };
  });
  const available = Object.fromEntries(SPAN_KINDS.map((kind) => [kind, byKind.get(kind)?.length ?? 0])) as Record<SpanKind, number>;
  return { cases, available };
}

/** Top-level functions of at most 400 characters with the comment lines right above them. */
function topLevelFunctions(tree: Parser.Tree, text: string): string[] {
  const found: string[] = [];
  for (const node of tree.rootNode.namedChildren) {
    const fn = node.type === 'export_statement' ? node.namedChildren.find((c) => c.type === 'function_declaration') : node;
    if (!fn || !['function_declaration', 'method_declaration'].includes(fn.type)) continue;
    let start = node.startIndex;
    let row = node.startPosition.row;
    for (let sibling = node.previousNamedSibling; sibling?.type === 'comment' && sibling.endPosition.row === row - 1; sibling = sibling.previousNamedSibling) {
      start = sibling.startIndex;
      row = sibling.startPosition.row;
    }
    const body = text.slice(start, node.endIndex);
    if (body.length <= 400 && body.includes('\n')) found.push(body);
  }
  return found;
}

/** The LSP position (UTF-16 line and character) of an offset in the original file. */
export function positionOf(file: PreparedFile, offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((file.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (file.lineStarts[lo] ?? 0) };
}
