import { linesBetween } from '../core/line-walk.js';
import { CHARS_PER_TOKEN } from '../core/tokens.js';

/**
 * The prompt windows: how much code before and after the cursor the model sees. Budgets are in
 * tokens, estimated from characters (core/tokens.ts).
 */

/** Window starts move in steps of this many lines, so the prompt's head stays byte-identical while the user types and the model server can reuse its KV cache. */
const LINE_STEP = 16;
/** Most lines after the cursor's line in the suffix window. */
const SUFFIX_LINES = 8;

export interface Windows {
  prefix: string;
  suffix: string;
  /** Offset in the document where the prefix window starts. */
  prefixStart: number;
}

export interface WindowInput {
  text: string;
  offset: number;
  /** The cursor's 0-based line when the caller knows it (an LSP position): the text before the window is then never scanned. */
  line?: number;
  prefixTokens: number;
  suffixTokens: number;
}

/** Cuts the prefix and suffix windows at line boundaries, inside their budgets. */
export function windows({ text, offset, line, prefixTokens, suffixTokens }: WindowInput): Windows {
  const prefixChars = Math.floor(prefixTokens * CHARS_PER_TOKEN);
  const suffixChars = Math.floor(suffixTokens * CHARS_PER_TOKEN);

  let prefixStart = 0;
  if (offset > prefixChars) {
    // Start at a line boundary at or after the earliest allowed character, then move forward to a
    // line number that is a multiple of LINE_STEP so the start changes rarely as the cursor moves.
    const earliest = offset - prefixChars;
    const lineStart = earliest === 0 || text[earliest - 1] === '\n' ? earliest : nextLineStart(text, earliest, offset);
    prefixStart = snapForward({ text, start: lineStart, offset, line });
  }

  let suffixEnd = text.length;
  if (text.length - offset > suffixChars) {
    const limit = offset + suffixChars;
    const lastBreak = text.lastIndexOf('\n', limit);
    suffixEnd = lastBreak >= offset ? lastBreak + 1 : limit;
  }
  suffixEnd = Math.min(suffixEnd, endOfBlock(text, offset));

  return { prefix: text.slice(prefixStart, offset), suffix: text.slice(offset, suffixEnd), prefixStart };
}

/**
 * The end of the suffix worth sending: the rest of the cursor's block up to and including its
 * closing line (the first line indented less than the cursor's), at most SUFFIX_LINES lines. The
 * suffix follows the prefix in fill-in-the-middle prompts, so every keystroke makes the model server
 * read it again; a short one keeps most of the prompt reusable from its KV cache.
 */
function endOfBlock(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0].length ?? 0;
  let end = text.indexOf('\n', offset);
  for (let lines = 0; end >= 0 && lines < SUFFIX_LINES; lines++) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    end = next;
    if (line.trim() && (/^[ \t]*/.exec(line)?.[0].length ?? 0) < indent) break;
  }
  return end < 0 ? text.length : end + 1;
}

function nextLineStart(text: string, from: number, limit: number): number {
  const index = text.indexOf('\n', from);
  return index < 0 || index >= limit ? limit : index + 1;
}

/**
 * Moves `start` forward to the next line whose number is a multiple of LINE_STEP, without passing the cursor's line.
 * The start's line number is counted back from the cursor's `line` when given, else from the top of the text.
 */
function snapForward(input: { text: string; start: number; offset: number; line?: number }): number {
  const { text, start, offset } = input;
  const cursorLineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (start >= cursorLineStart) return Math.min(start, cursorLineStart);
  let line = input.line === undefined ? linesBetween(text, 0, start) : input.line - linesBetween(text, start, cursorLineStart);
  let position = start;
  while (line % LINE_STEP !== 0) {
    const next = text.indexOf('\n', position);
    if (next < 0 || next + 1 > cursorLineStart) return position;
    position = next + 1;
    line++;
  }
  return position;
}
