import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { EditedText } from '../core/position.js';
import { mergeSpans, type Span } from './edit-span.js';
import { LineTable } from './line-table.js';

/**
 * Chunks are cut to this size; an edit rebuilds the one or two chunks it touches, and a chunk grown past
 * twice this is cut again, so the text an edit copies stays a few KB however large the document is.
 */
const CHUNK = 4096;
/** Edits remembered for insertedSince: typing between two completions is far fewer. */
const EDIT_LOG = 1024;

/**
 * A TextDocument whose edits cost what the edit costs, not what the document costs. The text is kept
 * as a list of chunks of a few KB, so a keystroke copies one chunk instead of the whole text (the
 * library's TextDocument concatenates the text around the edit and then reads a character of the result,
 * which makes V8 flatten it: a copy of the whole file, and garbage of its size, on every keystroke). The
 * whole text is joined only when a consumer asks for it, once per version; bounded windows (`slice`,
 * `getText(range)`) never join it.
 *
 * Lines are counted as vscode-languageserver-textdocument counts them (`\n`, `\r\n` and a lone `\r` end
 * a line), with the same incremental line table, so positions and offsets agree with it exactly.
 */
export class ChunkedDocument implements TextDocument, EditedText {
  private chunks: string[] = [];
  private size = 0;
  /** The whole text, once joined for this version. */
  private flat: string | undefined;
  private lineOffsets: LineTable | undefined;
  /** Line starts written by edits so far: a count of a keystroke's work, for tests. */
  private lineWrites = 0;
  /** The spans edited by the last versions, oldest first. */
  private edits: Array<Span & { version: number }> = [];
  /** Edits of versions after this one are all in `edits`. */
  private knownSince: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.knownSince = version;
    this.reset(text);
  }

  /** The length of the text in UTF-16 code units. */
  get length(): number {
    return this.size;
  }

  /** Line starts the edits so far have written (a count of their work, for tests: typing on one line writes none). */
  get lineStartsWritten(): number {
    return this.lineWrites;
  }

  get lineCount(): number {
    return this.lines().length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    this.flat ??= this.chunks.join('');
    return this.flat;
  }

  /** The text between two offsets, read from the chunks it spans (never the whole text). */
  slice(start: number, end: number = this.size): string {
    const from = Math.max(0, Math.min(start, this.size));
    const to = Math.max(from, Math.min(end, this.size));
    if (this.flat !== undefined) return this.flat.slice(from, to);
    const parts: string[] = [];
    let at = 0;
    for (const chunk of this.chunks) {
      const next = at + chunk.length;
      if (next > from && at < to) parts.push(chunk.slice(Math.max(0, from - at), Math.min(chunk.length, to - at)));
      if (next >= to) break;
      at = next;
    }
    return parts.join('');
  }

  /** Lines [from, to) without the last one's line end ('' past the last line), read from the chunks they span. */
  textOfLines(from: number, to: number): string {
    const lineOffsets = this.lines();
    const start = lineOffsets.at(from);
    if (start === undefined) return '';
    const end = lineOffsets.at(to);
    return end === undefined ? this.slice(start) : this.slice(start, end - 1);
  }

  /** The UTF-16 code unit at `offset`, NaN outside the text (as String.prototype.charCodeAt). */
  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.size) return NaN;
    if (this.flat !== undefined) return this.flat.charCodeAt(offset);
    const { index, start } = this.locate(offset);
    return (this.chunks[index] ?? '').charCodeAt(offset - start);
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.size), 0);
    const lineOffsets = this.lines();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: at };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if ((lineOffsets.at(mid) ?? 0) > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const lineStart = lineOffsets.at(line) ?? 0;
    return { line, character: this.beforeEol(at, lineStart) - lineStart };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.lines();
    if (position.line >= lineOffsets.length) return this.size;
    if (position.line < 0) return 0;
    const lineStart = lineOffsets.at(position.line) ?? 0;
    if (position.character <= 0) return lineStart;
    const nextLineStart = lineOffsets.at(position.line + 1) ?? this.size;
    return this.beforeEol(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.lines();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, lineOffsets.length - 1);
    const lineStart = lineOffsets.at(at) ?? 0;
    const next = line >= lineOffsets.length ? this.size : (lineOffsets.at(at + 1) ?? this.size);
    return { start: { line: at, character: 0 }, end: { line: at, character: this.beforeEol(next, lineStart) - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.lines();
    if (line < 0 || line >= lineOffsets.length) return '';
    const next = lineOffsets.at(line + 1) ?? this.size;
    return this.slice(this.beforeEol(next, lineOffsets.at(line) ?? 0), next);
  }

  insertedSince(then: { before: string; after: string; version: number }): string | undefined {
    const { before, after } = then;
    const insertedEnd = this.size - after.length;
    if (then.version > this.version || insertedEnd < before.length) return undefined;
    if (then.version < this.knownSince) {
      const text = this.getText();
      return text.startsWith(before) && text.endsWith(after) ? text.slice(before.length, insertedEnd) : undefined;
    }
    let span: Span | undefined;
    for (const edit of this.edits) if (edit.version > then.version) span = span ? mergeSpans(span, edit) : edit;
    if (!span) return insertedEnd === before.length ? '' : undefined;
    // Outside the span the text is that of `version`: only the part of `before` and `after` the span reaches is compared.
    if (this.size - span.newEnd + span.oldEnd !== before.length + after.length) return undefined;
    if (span.start < before.length && this.slice(span.start, before.length) !== before.slice(span.start)) return undefined;
    if (insertedEnd < span.newEnd && this.slice(insertedEnd, span.newEnd) !== after.slice(0, span.newEnd - insertedEnd)) return undefined;
    return this.slice(before.length, insertedEnd);
  }

  /** Applies LSP change events in order (the algorithm of TextDocument.update, on chunks). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.logEdit({ start: 0, oldEnd: this.size, newEnd: change.text.length }, version);
        this.reset(change.text);
        continue;
      }
      const range = wellFormed(change.range);
      const startOffset = this.offsetAt(range.start);
      const endOffset = this.offsetAt(range.end);
      // The lines the offsets are on: a range past the last line (clients send them) must not splice lines that are not there.
      const startLine = this.positionAt(startOffset).line;
      const endLine = this.positionAt(endOffset).line;
      this.logEdit({ start: startOffset, oldEnd: endOffset, newEnd: startOffset + change.text.length }, version);
      this.replace(startOffset, endOffset, change.text);
      const insertedEnd = startOffset + change.text.length;
      const crlfAtStart = this.charCodeAt(startOffset - 1) === CR && this.charCodeAt(startOffset) === LF;
      const crlfAtEnd = this.charCodeAt(insertedEnd - 1) === CR && this.charCodeAt(insertedEnd) === LF;
      // A CRLF pair across an edit boundary is not in the inserted text's line offsets: count again when asked.
      if (crlfAtStart || crlfAtEnd || !this.lineOffsets) {
        this.lineOffsets = undefined;
        continue;
      }
      const added = lineStarts(change.text, false, startOffset);
      this.lineWrites += this.lineOffsets.edit({ startLine, endLine, added, diff: change.text.length - (endOffset - startOffset) });
    }
    this.version = version;
  }

  private logEdit(span: Span, version: number): void {
    this.edits.push({ ...span, version });
    if (this.edits.length <= EDIT_LOG) return;
    const dropped = this.edits.splice(0, EDIT_LOG / 2);
    this.knownSince = dropped[dropped.length - 1]?.version ?? this.knownSince;
  }

  private reset(text: string): void {
    this.chunks = text.length > 0 ? cut(text) : [''];
    this.size = text.length;
    this.flat = text;
    // Counted now, while the text that just arrived is read anyway: built on first use it made the first keystroke scan the whole file.
    this.lineOffsets = new LineTable(lineStarts(text, true, 0));
  }

  private lines(): LineTable {
    this.lineOffsets ??= new LineTable(lineStarts(this.getText(), true, 0));
    return this.lineOffsets;
  }

  private beforeEol(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isEol(this.charCodeAt(at - 1))) at--;
    return at;
  }

  /** The chunk holding `offset` (the last chunk for the end of the text) and where it starts. */
  private locate(offset: number): { index: number; start: number } {
    let start = 0;
    const last = this.chunks.length - 1;
    for (let i = 0; i < last; i++) {
      const length = (this.chunks[i] ?? '').length;
      if (offset < start + length) return { index: i, start };
      start += length;
    }
    return { index: last, start };
  }

  /** Replaces [start, end) with `text`, rebuilding only the chunks the range touches. */
  private replace(start: number, end: number, text: string): void {
    const first = this.locate(start);
    const last = end === start ? first : this.locate(end);
    let joined = (this.chunks[first.index] ?? '').slice(0, start - first.start) + text + (this.chunks[last.index] ?? '').slice(end - last.start);
    let removed = last.index - first.index + 1;
    // A chunk that deletions left small takes in its successor, so deleting never leaves a trail of tiny chunks.
    const following = this.chunks[last.index + 1];
    if (following !== undefined && joined.length < CHUNK / 4 && joined.length + following.length <= 2 * CHUNK) {
      joined += following;
      removed++;
    }
    const pieces = joined.length === 0 && this.chunks.length > removed ? [] : joined.length > 2 * CHUNK ? cut(joined) : [joined];
    if (pieces.length < 10_000) this.chunks.splice(first.index, removed, ...pieces);
    else this.chunks = [...this.chunks.slice(0, first.index), ...pieces, ...this.chunks.slice(first.index + removed)];
    this.size += text.length - (end - start);
    this.flat = undefined;
  }
}

const CR = 13;
const LF = 10;

function isEol(code: number): boolean {
  return code === CR || code === LF;
}

/** `text` in pieces of CHUNK code units. */
function cut(text: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK) pieces.push(text.slice(at, at + CHUNK));
  return pieces;
}

/** Offsets where lines start in `text` (`\n`, `\r\n` or `\r` end a line), shifted by `offset`; with `first`, the 0 of line 0 too. */
function lineStarts(text: string, first: boolean, offset: number): number[] {
  const result = first ? [0] : [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isEol(code)) continue;
    if (code === CR && text.charCodeAt(i + 1) === LF) i++;
    result.push(offset + i + 1);
  }
  return result;
}

/** The range with its start before its end. */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
