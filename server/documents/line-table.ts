/**
 * Where each line of a document starts, kept up to date edit by edit.
 *
 * Every edit that changes a line's length moves the start of every line after it. Writing them all cost
 * each keystroke a pass over the rest of the file: in a 5,000-line file, a few microseconds once V8 has
 * optimised the loop, but 0.2-0.5 ms for the first keystrokes of a session, run by the interpreter. So the
 * move is kept as one pending offset for every line from `from` on, and read into `at()`. A keystroke on the
 * same line as the last one adds to it; an edit elsewhere writes only the lines between the two places.
 */
export class LineTable {
  /** Line starts as stored: those of lines `from` and after are `by` short of the truth. */
  private readonly starts: number[];
  private from = Infinity;
  private by = 0;

  constructor(starts: number[]) {
    this.starts = starts;
  }

  get length(): number {
    return this.starts.length;
  }

  /** Where line `line` starts, undefined past the last line (as an array read). */
  at(line: number): number | undefined {
    const start = this.starts[line];
    return start === undefined || line < this.from ? start : start + this.by;
  }

  /**
   * The lines after `startLine` up to `endLine` are replaced by lines starting at `added` (where the inserted
   * text's line ends put them), and every line after those moves by `diff`. Returns how many stored starts it
   * wrote (a count of the work, for tests).
   */
  edit(input: { startLine: number; endLine: number; added: readonly number[]; diff: number }): number {
    const { startLine, endLine, added, diff } = input;
    const first = startLine + 1;
    let written = 0;
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) this.starts[first + i] = this.stored(first + i, added[i] ?? 0);
      written += added.length;
    } else {
      written += this.splice(first, endLine - startLine, added);
    }
    return diff === 0 ? written : written + this.shift(first + added.length, diff);
  }

  /** The value to store at `line` for a true start of `start`. */
  private stored(line: number, start: number): number {
    return line < this.from ? start : start - this.by;
  }

  /** Replaces `removed` lines at `first` by `added`; the pending move follows the lines it was for. */
  private splice(first: number, removed: number, added: readonly number[]): number {
    const inside = this.from <= first;
    const values = added.map((start) => (inside ? start - this.by : start));
    if (values.length < 10_000) {
      this.starts.splice(first, removed, ...values);
    } else {
      // Spreading that many arguments overflows the stack.
      const rebuilt = [...this.starts.slice(0, first), ...values, ...this.starts.slice(first + removed)];
      this.starts.length = 0;
      for (const start of rebuilt) this.starts.push(start);
    }
    // Lines that were after the pending start still are; when it fell among the removed lines, it moves to the first line after the inserted ones.
    if (!inside) this.from = this.from >= first + removed ? this.from + added.length - removed : first + added.length;
    return values.length;
  }

  /** Every line from `line` on moves by `diff`: only the lines between `line` and the pending start are written. */
  private shift(line: number, diff: number): number {
    if (this.by === 0 || this.from === Infinity) {
      this.from = line;
      this.by = diff;
      return 0;
    }
    let written = 0;
    // Lines joining the pending range are stored `by` lower; lines leaving it get their move written.
    for (let i = line; i < this.from && i < this.starts.length; i++, written++) this.starts[i] = (this.starts[i] ?? 0) - this.by;
    for (let i = this.from; i < line && i < this.starts.length; i++, written++) this.starts[i] = (this.starts[i] ?? 0) + this.by;
    this.from = line;
    this.by += diff;
    return written;
  }
}
