import type { Position } from 'vscode-languageserver-protocol';
import { Random } from './random.js';

/** Where in a line the cursor sits: the end of a code line, an empty line in a body, or right after `(`, `= ` or `, `. */
export type CursorKind = 'line-end' | 'blank-in-body' | 'mid-expression';

export interface CursorPosition {
  kind: CursorKind;
  position: Position;
  offset: number;
}

/** The server's prefilter skips a cursor with word characters on both sides (inside an identifier). */
const WORD_CHAR = /[\p{L}\p{N}_$]/u;
/** A method or function header opens a declaration; the blank line before one is between members, not inside a body. */
const MEMBER_HEADER = /^\s*(?:(?:async|static|private|public|protected)\s+)*[A-Za-z_$][\w$]*\(.*\{$|^\s*(?:async\s+)?def\s|^\s*@\w/;
const COMMENT = /^\s*(?:\/\/|\/\*|\*|#)/;
const INDENTED = /^[ \t]+\S/;

/** Whether the server would skip this cursor as "inside an identifier". */
export function insideIdentifier(text: string, offset: number): boolean {
  const before = text[offset - 1];
  const after = text[offset];
  return before !== undefined && after !== undefined && WORD_CHAR.test(before) && WORD_CHAR.test(after);
}

/** Every cursor of each kind in the text, in file order; found from the text, never hand-counted. */
export function cursorCandidates(text: string, random: Random): Record<CursorKind, CursorPosition[]> {
  const lines = text.split('\n');
  const found: Record<CursorKind, CursorPosition[]> = { 'line-end': [], 'blank-in-body': [], 'mid-expression': [] };
  const lineStarts: number[] = [];
  for (let i = 0, offset = 0; i < lines.length; i++) {
    lineStarts.push(offset);
    offset += (lines[i] ?? '').length + 1;
  }
  const at = (kind: CursorKind, line: number, character: number): CursorPosition => ({
    kind,
    position: { line, character },
    offset: (lineStarts[line] ?? 0) + character,
  });
  const nonBlank = (from: number, step: 1 | -1): string => {
    for (let i = from; i >= 0 && i < lines.length; i += step) if ((lines[i] ?? '').trim()) return lines[i] ?? '';
    return '';
  };

  lines.forEach((line, i) => {
    if (line.trim() === '') {
      const next = nonBlank(i + 1, 1);
      if (INDENTED.test(nonBlank(i - 1, -1)) && INDENTED.test(next) && !MEMBER_HEADER.test(next)) found['blank-in-body'].push(at('blank-in-body', i, 0));
      return;
    }
    if (!INDENTED.test(line) || COMMENT.test(line)) return;
    found['line-end'].push(at('line-end', i, line.length));
    const inside = midExpressionColumns(line);
    if (inside.length > 0) found['mid-expression'].push(at('mid-expression', i, random.pick(inside)));
  });
  return found;
}

/** Columns just after `(`, `= ` or `, ` in code (not in a string) with more of the expression to the right. */
function midExpressionColumns(line: string): number[] {
  const columns: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && line[i + 1] === '/') break;
    const column = c === '(' ? i + 1 : (c === '=' || c === ',') && line[i + 1] === ' ' ? i + 2 : -1;
    if (column > 0 && column < line.length && !/[\s)]/.test(line[column] ?? '')) columns.push(column);
  }
  return columns;
}

/**
 * `perKind` cursors of each kind, spread evenly over the file (so the whole file is sampled, start to
 * end), none of them inside an identifier.
 */
export function pickCursors(text: string, options: { perKind: number; seed: number }): CursorPosition[] {
  const candidates = cursorCandidates(text, new Random(options.seed));
  const picked: CursorPosition[] = [];
  for (const list of Object.values(candidates)) {
    const usable = list.filter((c) => !insideIdentifier(text, c.offset));
    const count = Math.min(options.perKind, usable.length);
    for (let i = 0; i < count; i++) {
      const cursor = usable[Math.floor(((i + 0.5) * usable.length) / count)];
      if (cursor) picked.push(cursor);
    }
  }
  // Interleave the kinds in file order, as a user moving through the file would.
  return picked.sort((a, b) => a.offset - b.offset);
}

/**
 * The end of a statement line near the middle of the file (indented, not opening a block or a call),
 * where typing goes on with a new line at the same indentation.
 */
export function statementEnd(text: string): CursorPosition | undefined {
  const ends = cursorCandidates(text, new Random(0))['line-end'];
  const lines = text.split('\n');
  const statements = ends.filter((c) => !/[{([,:]$/.test((lines[c.position.line] ?? '').trimEnd()));
  return statements[Math.floor(statements.length / 2)];
}
