import type Parser from 'tree-sitter';
import { mergeSpans, type Span } from './edit-span.js';

/**
 * One document's syntax tree, brought up to date only when a consumer reads it. Edits arriving meanwhile
 * are merged into one changed span (a few integers per edit), so a burst of edits costs one `tree.edit()`
 * and one incremental parse, done by the first consumer that needs the tree (a completion after its
 * debounce, an action, the index), never by the didChange that carried the edit. `tree.edit()` itself is
 * not cheap enough for every keystroke: the node binding updates every node object consumers still hold.
 *
 * The parse runs to the end in one go. tree-sitter's time limit (`setTimeoutMicros`) could cut it into
 * slices, but with tree-sitter 0.22 a parse resumed after its time limit gives a different tree than an
 * uninterrupted one wherever error recovery kept several stack versions (checked on edited Go files), and
 * where it pauses depends on the machine's load: the single/multi-line decisions would stop being repeatable.
 */
export class LazyTree {
  /** The last parsed tree, and the text it was parsed from. */
  private tree: Parser.Tree | undefined;
  private parsedText = '';
  /** Everything edited since that parse, as one span. */
  private pending: Span | undefined;
  private fresh = false;

  constructor(
    private readonly parser: Parser,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Whether the tree already describes the current text (reading it costs nothing). */
  get isFresh(): boolean {
    return this.fresh;
  }

  /** Follows one edit of the text ([start, oldEnd) replaced, now ending at newEnd); the parse waits for a reader. */
  edit(start: number, oldEnd: number, newEnd: number): void {
    this.fresh = false;
    if (!this.tree) return;
    this.pending = this.pending ? mergeSpans(this.pending, { start, oldEnd, newEnd }) : { start, oldEnd, newEnd };
  }

  /** The text was replaced as a whole: the next parse starts from scratch. */
  replaced(): void {
    this.tree = undefined;
    this.pending = undefined;
    this.fresh = false;
  }

  /** The tree of `text` (the document's current text), parsed now, incrementally, if edits are pending. */
  read(text: string): Parser.Tree | undefined {
    if (this.fresh) return this.tree;
    if (this.tree && this.pending) {
      const { start, oldEnd, newEnd } = this.pending;
      // Rows and UTF-16 columns, counted as tree-sitter counts them (only \n starts a row).
      this.tree.edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition: pointAt(text, start),
        oldEndPosition: pointAt(this.parsedText, oldEnd),
        newEndPosition: pointAt(text, newEnd),
      });
    }
    this.pending = undefined;
    this.parsedText = text;
    try {
      this.tree = this.parser.parse(text, this.tree);
    } catch (error) {
      this.onError(error as Error);
      // A failed incremental parse must not leave a stale tree behind; try once from scratch.
      this.tree = this.tree ? this.parser.parse(text) : undefined;
    }
    this.fresh = true;
    return this.tree;
  }
}

/** The tree-sitter point of a UTF-16 offset: rows counted at \n, columns in UTF-16 code units. */
function pointAt(text: string, offset: number): Parser.Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
