import type { Position } from 'vscode-languageserver';
import type { EditedText } from '../core/position.js';

/**
 * The cursor is on a line with nothing but indentation, as just after Enter. Typists pause there to think
 * about the next statement, and a multi-line suggestion helps most there, so the request starts at once
 * instead of after the debounce (as Copilot and llama.vim start theirs): a keystroke that follows still
 * cancels it, and cancelling closes its HTTP connection, so the model stops.
 */
export function onFreshLine(document: EditedText & { offsetAt(position: Position): number; readonly lineCount: number }, line: number, offset: number): boolean {
  if (line === 0) return false;
  const lineStart = document.offsetAt({ line, character: 0 });
  const lineEnd = line + 1 < document.lineCount ? document.offsetAt({ line: line + 1, character: 0 }) - 1 : document.length;
  return /^[ \t]*$/.test(document.slice(lineStart, offset)) && /^[ \t]*$/.test(document.slice(offset, lineEnd));
}

/**
 * At the end of a line (nothing but blanks after the cursor), how many of the reply's lines to read on
 * to once the request has its answer: one more than it kept, at least two, so the request after Enter
 * finds its line; undefined elsewhere.
 */
export function linesToKeep(text: string, offset: number, kept: string): number | undefined {
  const lineEnd = text.indexOf('\n', offset);
  if (text.slice(offset, lineEnd < 0 ? text.length : lineEnd).trim() !== '') return undefined;
  return Math.max(2, kept.split('\n').length + 1);
}

/** An LSP position as a tree-sitter point: both count UTF-16 code units. */
export function pointOf(position: Position): { row: number; column: number } {
  return { row: position.line, column: position.character };
}
