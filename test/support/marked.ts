import type { Position } from 'vscode-languageserver-protocol';
import { CURSOR, splitAtCursor } from './cursor.js';

export { CURSOR };

/** Splits a fixture at its cursor marker; the LSP position is found from the text, never hand-counted. */
export function parseMarked(source: string): { text: string; offset: number; position: Position } {
  const { text, offset } = splitAtCursor(source);
  return { text, offset, position: positionAt(text, offset) };
}

/** The LSP (UTF-16) position of an offset. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies an inserted text at an offset, as an editor accepting a suggestion would. */
export function insertAt(text: string, offset: number, inserted: string): string {
  return text.slice(0, offset) + inserted + text.slice(offset);
}

export const SELECTION_START = '«';
export const SELECTION_END = '»';

/** Splits a fixture at its selection markers `«…»`; the LSP range is found from the text. */
export function parseSelection(source: string): { text: string; start: number; end: number; range: { start: Position; end: Position } } {
  const start = source.indexOf(SELECTION_START);
  const endMarker = source.indexOf(SELECTION_END);
  if (start < 0 || endMarker < start) throw new Error('fixture needs a selection marked «…»');
  const text = source.slice(0, start) + source.slice(start + 1, endMarker) + source.slice(endMarker + 1);
  const end = endMarker - 1;
  return { text, start, end, range: { start: positionAt(text, start), end: positionAt(text, end) } };
}
