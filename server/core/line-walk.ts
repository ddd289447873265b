/**
 * Line bookkeeping from a line whose number and start are already known (the cursor's: the LSP
 * position carries its line). Lines near it are found by scanning only the lines in between, so
 * the work on the keystroke path does not grow with how far into the file the cursor is.
 * Lines end at `\n` here, as the context sources count them.
 */

/** A 0-based line and the offset where it starts. */
export interface LineAnchor {
  line: number;
  start: number;
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Where 0-based `line` starts, walking from `anchor`: 0 for a line before the first, the text's
 * length past the last line (as a scan from the top would give).
 */
export function lineStartNear(text: string, anchor: LineAnchor, line: number): number {
  return findLineStart(text, anchor, line) ?? text.length;
}

/** Lines [from, to) joined, without the last one's line end: '' when line `from` is not there, up to the end when `to` is not. */
export function linesNear(text: string, anchor: LineAnchor, from: number, to: number): string {
  const start = findLineStart(text, anchor, from);
  if (start === undefined || to <= from) return '';
  const end = findLineStart(text, anchor, to);
  return end === undefined ? text.slice(start) : text.slice(start, end - 1);
}

/** How many lines `to` is below `from` (negative when above): the line breaks between them. */
export function linesBetween(text: string, from: number, to: number): number {
  const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let i = text.indexOf('\n', low); i >= 0 && i < high; i = text.indexOf('\n', i + 1)) count++;
  return sign * count;
}

/** Where `line` starts, or undefined past the last line (a line before the first starts at 0). */
function findLineStart(text: string, anchor: LineAnchor, line: number): number | undefined {
  let at = anchor.start;
  if (line >= anchor.line) {
    for (let i = anchor.line; i < line; i++) {
      const next = text.indexOf('\n', at);
      if (next < 0) return undefined;
      at = next + 1;
    }
    return at;
  }
  for (let i = anchor.line; i > line && at > 0; i--) at = at >= 2 ? text.lastIndexOf('\n', at - 2) + 1 : 0;
  return at;
}
