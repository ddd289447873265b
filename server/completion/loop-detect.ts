/*
 * Loop detection for a streaming reply: a model stuck repeating a line, a block of lines, or lines
 * alike but for their numbers and strings. line-filter.ts feeds it the lines it has judged.
 */

/** The longest block of lines that counts as repeating. */
export const MAX_PERIOD = 8;
/**
 * Lines alike but for their numbers and strings, in a row, that make a loop: unrolled code and table
 * rows run to eight lines (`b[0] = byte(v)` … `b[7] = byte(v >> 56)`); a model stuck counting runs to its token limit.
 */
const NEAR_DUPLICATES = 9;

/** A line with nothing worth comparing: blank, only brackets and separators, or only a docstring's closing quotes. */
export function isTrivialLine(trimmed: string): boolean {
  return /^(?:"""|''')?[\s{}()[\];,.]*$/.test(trimmed);
}

/** A complete line the filter has judged, with its literals masked once it was compared. */
export interface JudgedLine {
  text: string;
  start: number;
  masked?: string;
}

/** The start offset of a block of lines that just repeated the block before it, if any. */
export function loopStart(history: JudgedLine[]): number | undefined {
  const n = history.length;
  const at = (i: number): string => history[i]?.text ?? '';
  const masked = (i: number): string => {
    const line = history[i];
    if (!line) return '';
    return (line.masked ??= maskLiterals(line.text));
  };
  // One line three times in a row; a single repeat is often legit (two identical calls).
  if (n >= 3 && at(n - 1) === at(n - 2) && at(n - 2) === at(n - 3) && !isTrivialLine(at(n - 1))) {
    return history[n - 2]?.start;
  }
  // Lines alike but for numbers and string contents (`f(1)`, `f(2)`, …): a loop once there are too many in a row.
  if (n >= NEAR_DUPLICATES && !isTrivialLine(at(n - 1))) {
    const last = masked(n - 1);
    let run = 1;
    while (run < NEAR_DUPLICATES && masked(n - 1 - run) === last) run++;
    if (run >= NEAR_DUPLICATES) return history[n - 1]?.start;
  }
  for (let k = 2; k <= MAX_PERIOD && 2 * k <= n; k++) {
    let same = true;
    let size = 0;
    let trivial = true;
    for (let j = 0; j < k && same; j++) {
      const line = at(n - k + j);
      same = line === at(n - 2 * k + j);
      size += line.length;
      trivial &&= isTrivialLine(line);
    }
    if (same && !trivial && size >= 10) return history[n - k]?.start;
  }
  return undefined;
}

/** A line with its numbers and string contents blanked, to compare lines that differ only in those. */
function maskLiterals(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""').replace(/\d+/g, '0');
}
