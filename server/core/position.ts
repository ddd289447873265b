/** A zero-based line and UTF-16 character, as LSP and tree-sitter 0.22 count them. */
export interface TextPosition {
  line: number;
  character: number;
}

/**
 * The offset of a position in `text`. By default it is clamped to the line and the text, like
 * TextDocument.offsetAt (code actions edit what is there); `strict` gives undefined for a
 * position outside the text, so a completion request for a stale position is refused instead.
 */
export function offsetOf(text: string, position: TextPosition): number;
export function offsetOf(text: string, position: TextPosition, options: { strict: boolean }): number | undefined;
export function offsetOf(text: string, position: TextPosition, options: { strict?: boolean } = {}): number | undefined {
  if (options.strict && (position.line < 0 || position.character < 0)) return undefined;
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', lineStart);
    if (next < 0) return options.strict ? undefined : text.length;
    lineStart = next + 1;
  }
  const newline = text.indexOf('\n', lineStart);
  const lineEnd = newline < 0 ? text.length : newline;
  if (!options.strict) return Math.min(lineStart + position.character, lineEnd);
  const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' && newline >= 0 ? lineEnd - 1 : lineEnd;
  return lineStart + position.character > contentEnd ? undefined : lineStart + position.character;
}

/** The position of an offset in `text`. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** A document with a line table, read by offsets without its whole text (the documents' ChunkedDocument). */
export interface LineIndexedText {
  readonly lineCount: number;
  readonly length: number;
  offsetAt(position: TextPosition): number;
  /** The UTF-16 code unit at `offset`, NaN outside the text. */
  charCodeAt(offset: number): number;
}

/**
 * `offsetOf(text, position, { strict: true })` through the document's line table, so the keystroke
 * path does not scan the text from its start: undefined for a position outside the text.
 */
export function strictOffsetIn(document: LineIndexedText, position: TextPosition): number | undefined {
  if (position.line < 0 || position.character < 0 || position.line >= document.lineCount) return undefined;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const nextLineStart = position.line + 1 < document.lineCount ? document.offsetAt({ line: position.line + 1, character: 0 }) : document.length;
  let contentEnd = nextLineStart;
  if (document.charCodeAt(contentEnd - 1) === 10) contentEnd--;
  if (document.charCodeAt(contentEnd - 1) === 13) contentEnd--;
  return lineStart + position.character > contentEnd ? undefined : lineStart + position.character;
}

/** A document read against an earlier version of itself, without copying its whole text. */
export interface EditedText {
  readonly version: number;
  readonly length: number;
  /** The text between two offsets. */
  slice(start: number, end?: number): string;
  /**
   * When the text of `version` was `before + after` and the text now is `before + inserted + after`, the
   * inserted text; otherwise undefined. Reads only what was edited since `version` when the document still
   * knows its edits since then.
   */
  insertedSince(then: { before: string; after: string; version: number }): string | undefined;
}

/** A plain string as an EditedText whose every version is this text: insertedSince compares the whole of it. */
export function plainText(text: string): EditedText {
  return {
    version: -1,
    length: text.length,
    slice: (start, end) => text.slice(start, end),
    insertedSince: ({ before, after }) =>
      text.length >= before.length + after.length && text.startsWith(before) && text.endsWith(after) ? text.slice(before.length, text.length - after.length) : undefined,
  };
}
