import type { Range } from 'vscode-languageserver';

/** Offsets and LSP positions in plain strings (generated code, files not open in the editor). */

/** The text of the line containing `offset`, without its line break. */
export function lineAt(text: string, offset: number): { start: number; end: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const found = text.indexOf('\n', offset);
  const end = found < 0 ? text.length : found;
  return { start, end, text: text.slice(start, end) };
}

/** An LSP range for offsets in `text`. */
export function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionOf(text, start), end: positionOf(text, end) };
}

/** The LSP (UTF-16) position of an offset. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The offset of an LSP position, clamped to the line and the text like TextDocument.offsetAt. */
export function offsetOf(text: string, position: { line: number; character: number }): number {
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', lineStart);
    if (next < 0) return text.length;
    lineStart = next + 1;
  }
  const lineEnd = text.indexOf('\n', lineStart);
  return Math.min(lineStart + position.character, lineEnd < 0 ? text.length : lineEnd);
}
