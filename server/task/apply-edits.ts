import { extractDeclarations, type Declaration } from '../syntax/declarations.js';
import { indentOf, indentUnit, reindent } from '../actions/indent.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import type { EditBlock } from './edit-format.js';
import { ParsedTexts } from './parsed-texts.js';

/** A file as the patch leaves it; `before` is undefined for a new file. */
export interface ChangedFile {
  path: string;
  before: string | undefined;
  after: string;
}

export type ApplyResult = { ok: true; files: ChangedFile[] } | { ok: false; reason: string };

export interface ApplyRequest {
  blocks: readonly EditBlock[];
  /** The project's current text of a file (root-relative path), undefined when it does not exist. */
  read: (path: string) => string | undefined;
  languages: LanguageRegistry;
  /** The run's trees, shared with the stages after this one. */
  parsed?: ParsedTexts;
}

/**
 * Applies the model's blocks in memory, each against the text the earlier blocks left. Matching
 * forgives what models get wrong without changing meaning (CRLF, indentation drift, a stray blank
 * line) and refuses what would be a guess: a block that matches nowhere, or more than one place.
 */
export function applyBlocks(request: ApplyRequest): ApplyResult {
  const parsed = request.parsed ?? new ParsedTexts();
  const files = new Map<string, ChangedFile>();
  for (const block of request.blocks) {
    const current = files.get(block.file) ?? { path: block.file, before: request.read(block.file), after: '' };
    if (!files.has(block.file)) current.after = current.before ?? '';
    const crlf = current.after.includes('\r\n');
    const text = current.after.replace(/\r\n/g, '\n');
    let next: { ok: true; text: string } | { ok: false; reason: string };
    if (block.type === 'create') next = { ok: true, text: block.code };
    else if (current.before === undefined && !files.has(block.file)) next = { ok: false, reason: `${block.file} does not exist; use <create file="${block.file}"> for a new file` };
    else if (block.type === 'replace') next = replaceDeclaration(text, block, request.languages, parsed);
    else next = applyPairs(text, block);
    if (!next.ok) return { ok: false, reason: next.reason };
    current.after = crlf ? next.text.replace(/\n/g, '\r\n') : next.text;
    files.set(block.file, current);
  }
  return { ok: true, files: [...files.values()].filter((file) => file.after !== file.before) };
}

/** Replaces a whole declaration, found by name in the file's syntax tree. */
function replaceDeclaration(
  text: string,
  block: Extract<EditBlock, { type: 'replace' }>,
  languages: LanguageRegistry,
  parsed: ParsedTexts,
): { ok: true; text: string } | { ok: false; reason: string } {
  const language = languages.byPath(block.file);
  if (!language) return { ok: false, reason: `Ghostline cannot parse ${block.file}; use an <edit> block with SEARCH/REPLACE` };
  const found = findDeclaration(extractDeclarations(parsed.tree(language, text), text, language), block.name);
  if (found.length === 0) return { ok: false, reason: `no declaration named ${block.name} in ${block.file}` };
  if (found.length > 1) return { ok: false, reason: `${block.name} names ${found.length} declarations in ${block.file}; use Receiver.Method or Class.member` };
  const declaration = found[0]!;
  const lines = text.split('\n');
  let first = declaration.line;
  // A replacement that brings its own doc comment takes the place of the old one.
  if (/^\s*(\/\/|\/\*|\*|#)/.test(block.code)) while (first > 0 && /^\s*(\/\/|\/\*|\*)/.test(lines[first - 1]!)) first--;
  const base = indentOf(lines[declaration.line] ?? '');
  const code = reindent(block.code.replace(/\n+$/, ''), base, indentUnit(text));
  lines.splice(first, declaration.endLine - first + 1, ...code.split('\n'));
  return { ok: true, text: lines.join('\n') };
}

/** `routes`, `Server.routes`, `(s *Server) routes`, `func routes()`: the declarations the model means. */
function findDeclaration(declarations: readonly Declaration[], spelled: string): Declaration[] {
  const cleaned = spelled
    .replace(/^\s*(func|function|class|type|const|let|var|def)\s+/, '')
    .replace(/\(\s*\w*\s*\*?\s*(\w+)\s*\)\s*/, '$1.')
    .replace(/\(.*$/, '')
    .trim();
  const parts = cleaned.split('.').filter(Boolean);
  const name = parts[parts.length - 1];
  const container = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const named = declarations.filter((declaration) => declaration.name === name);
  const exact = named.filter((declaration) => declaration.container === container);
  return exact.length > 0 ? exact : container ? named.filter((declaration) => declaration.container !== undefined || named.length === 1) : named;
}

/** Applies SEARCH/REPLACE pairs in order. */
function applyPairs(text: string, block: Extract<EditBlock, { type: 'edit' }>): { ok: true; text: string } | { ok: false; reason: string } {
  let result = text;
  for (const [index, pair] of block.pairs.entries()) {
    const search = pair.search.replace(/\r\n/g, '\n');
    const replace = pair.replace.replace(/\r\n/g, '\n');
    const exact = occurrences(result, search);
    if (exact.length === 1) {
      result = result.slice(0, exact[0]) + replace + result.slice(exact[0]! + search.length);
      continue;
    }
    if (exact.length > 1) return { ok: false, reason: `SEARCH block ${index + 1} for ${block.file} matches ${exact.length} places; include more lines so it matches one` };
    const loose = looseMatch(result, search);
    if (loose.length !== 1) {
      const where = loose.length === 0 ? 'matches nowhere' : `matches ${loose.length} places`;
      return { ok: false, reason: `SEARCH block ${index + 1} for ${block.file} ${where}; copy the lines exactly as they are in the file` };
    }
    const lines = result.split('\n');
    const { first, last } = loose[0]!;
    const base = lines
      .slice(first, last + 1)
      .filter((line) => line.trim() !== '')
      .map(indentOf)
      .reduce((a, b) => (b.length < a.length ? b : a));
    const replacement = replace.trim() === '' ? [] : reindent(replace.replace(/^\n+|\n+$/g, ''), base, indentUnit(result)).split('\n');
    lines.splice(first, last - first + 1, ...replacement);
    result = lines.join('\n');
  }
  return { ok: true, text: result };
}

function occurrences(text: string, search: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) found.push(at);
  return found;
}

/** Where the search lines occur when indentation, trailing spaces and blank lines are ignored: [first, last] line indexes. */
function looseMatch(text: string, search: string): Array<{ first: number; last: number }> {
  const wanted = search
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [];
  const lines = text.split('\n');
  const content = lines.map((line, index) => ({ line: line.trim(), index })).filter((entry) => entry.line !== '');
  const found: Array<{ first: number; last: number }> = [];
  for (let start = 0; start + wanted.length <= content.length; start++) {
    if (wanted.every((line, offset) => content[start + offset]!.line === line)) {
      found.push({ first: content[start]!.index, last: content[start + wanted.length - 1]!.index });
    }
  }
  return found;
}
