import type { Range } from 'vscode-languageserver';
import { positionOf } from './position.js';

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
