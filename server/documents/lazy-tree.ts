import type Parser from 'tree-sitter';

/**
 * One document's syntax tree, brought up to date only when a consumer reads it. Edits are applied to the
 * last parsed tree as they arrive (`tree.edit()` is cheap), so a burst of edits costs one incremental
 * parse, done by the first consumer that needs the tree (a completion after its debounce, an action, the
 * index), never by the didChange that carried the edit.
 *
 * The parse runs to the end in one go. tree-sitter's time limit (`setTimeoutMicros`) could cut it into
 * slices, but with tree-sitter 0.22 a parse resumed after its time limit gives a different tree than an
 * uninterrupted one wherever error recovery kept several stack versions (checked on edited Go files), and
 * where it pauses depends on the machine's load: the single/multi-line decisions would stop being repeatable.
 */
export class LazyTree {
  /** The last parsed tree, with every edit since applied to it. */
  private tree: Parser.Tree | undefined;
  private fresh = false;

  constructor(
    private readonly parser: Parser,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Whether the tree already describes the current text (reading it costs nothing). */
  get isFresh(): boolean {
    return this.fresh;
  }

  /** Follows one edit of the text; the parse waits until a consumer asks for the tree. */
  edit(edit: Parser.Edit): void {
    this.tree?.edit(edit);
    this.fresh = false;
  }

  /** The text was replaced as a whole: the next parse starts from scratch. */
  replaced(): void {
    this.tree = undefined;
    this.fresh = false;
  }

  /** The tree of `text` (the document's current text), parsed now, incrementally, if edits are pending. */
  read(text: string): Parser.Tree | undefined {
    if (this.fresh) return this.tree;
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
