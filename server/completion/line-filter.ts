import { leavesIndentBlock } from './indent-blocks.js';
import { cloneState, scan, type ScanState } from './code-scanner.js';
import type { CursorFacts } from './stream-filters.js';
import { isTrivialLine, loopStart, MAX_PERIOD, type JudgedLine } from './loop-detect.js';
import type { StreamFilter } from './stream-filter.js';
import { COMMENT_LINE, fenceHeaderEnd, heldRepeat, heldRepeatIsCode, indentWidth, isProse, repeatsContext, TOP_LEVEL, type HeldRepeat } from './line-rules.js';

/*
 * The rules a model's reply is held to while it streams, line by line: fences and prose, a new top-level declaration inside a block,
 * the code below the cursor re-typed, loops, closers that reach outside the completion (cursor facts: stream-filters.ts).
 */

/** The line rules on unfinished lines only ever need a line's first characters (declaration keywords, prose openings, fences). */
const HEAD = 256;
/** An opening fence line longer than this is no fence header: the text is judged as code. */
const HEADER_LIMIT = 512;
/** A scan must not end on these: what they mean depends on the character after them (line and block comment markers, `${`, escapes). */
const NEEDS_NEXT = new Set(['/', '*', '$', '\\']);
const QUOTES = new Set(['"', "'"]);

/** The incremental filter behind {@link StreamFilter}; create it through createStreamFilterFor. */
export class LineFilter implements StreamFilter {
  examined = 0;
  private readonly multi: boolean;
  private readonly prefixBlank: boolean;
  /** The cursor ends a block header's line (`def f():█`): the completion is the body. */
  private readonly afterHeader: boolean;
  /** Indentation-block languages: the indentation of the cursor's block, once known (the cursor's statement, or the first line written). */
  private blockIndent: number | undefined;
  private state: ScanState;
  private readonly history: JudgedLine[] = [];
  private readonly chunks: string[] = [];
  private total = 0;
  /** Where the text after an optional fence header starts: -1 while undecided. */
  private base = -1;
  private header = '';
  /** Start of the run of blank and column-0 comment lines just before the current line: the doc comment of a new declaration. */
  private docRunStart = -1;
  /** A declaration the model wrote at top level has ended; another one is more than was asked for. */
  private closedDeclaration = false;
  private cutAt: number | undefined;
  private trimCut = false;
  private kept: string | undefined;
  // The current, unfinished line.
  private lineStart = 0;
  private lineParts: string[] = [];
  /** The last complete line, for a `\` continuation at its end. */
  private previousLine = '';
  /** Whether `previousLine` is a whole line of the completion's own (not the cursor's line it finished). */
  private previousWhole = false;
  private head = '';
  private headJudged = -1;
  /** The line's text not scanned yet, after one character already scanned (what `'` and identifiers look back at). */
  private tail = '\n';
  private tailBase = -1;
  private lineScan: ScanState;
  private closedOwed = false;
  /** The last complete line ended by opening a block: the next line is that block's first. */
  private openedBlock = false;
  /** A line that repeats the context but opens a block: judged by the line after it (see {@link judgeHeldRepeat}). */
  private held: HeldRepeat | undefined;

  constructor(private readonly facts: CursorFacts) {
    this.multi = facts.mode === 'multi';
    this.prefixBlank = facts.linePrefix.trim() === '';
    this.afterHeader = facts.dedent?.inclusive === true && !this.prefixBlank;
    // Inside brackets (`extra={█`) the lines go on at the cursor line's indentation, deeper than the statement's.
    if (facts.dedent && !this.prefixBlank && !this.afterHeader) this.blockIndent = facts.start.outer.length > 0 ? indentWidth(facts.linePrefix) : facts.dedent.width;
    this.state = cloneState(facts.start);
    this.lineScan = this.state;
  }

  get done(): boolean {
    return this.cutAt !== undefined;
  }

  push(chunk: string): boolean {
    if (this.done || chunk === '') return this.done;
    this.chunks.push(chunk);
    const at = this.total;
    this.total += chunk.length;
    if (this.base >= 0) {
      this.feed(chunk, at);
      return this.done;
    }
    this.header += chunk;
    this.examined += this.header.length;
    const base = fenceHeaderEnd(this.header);
    if (base < 0 && this.header.length <= HEADER_LIMIT) return false;
    this.base = Math.max(0, base);
    const rest = this.header.slice(this.base);
    this.header = '';
    this.startLine(this.base);
    this.feed(rest, this.base);
    return this.done;
  }

  text(): string {
    if (this.kept !== undefined) return this.kept;
    const all = this.chunks.length === 1 ? (this.chunks[0] ?? '') : this.chunks.join('');
    this.chunks.splice(0, this.chunks.length, all);
    if (this.cutAt === undefined) return all;
    let end = this.cutAt;
    while (this.trimCut && end > 0 && (all[end - 1] === ' ' || all[end - 1] === '\t')) end--;
    return (this.kept = all.slice(0, end));
  }

  /** Takes `piece`, which starts at offset `at` of the reply, line by line. */
  private feed(piece: string, at: number): void {
    for (let from = 0; !this.done;) {
      const nl = piece.indexOf('\n', from);
      this.append(nl < 0 ? (from === 0 ? piece : piece.slice(from)) : piece.slice(from, nl));
      if (nl < 0) return this.judgeUnfinished();
      this.completeLine(at + nl);
      if (this.done) return;
      this.startLine(at + nl + 1);
      from = nl + 1;
    }
  }

  private startLine(at: number): void {
    this.lineStart = at;
    this.lineParts = [];
    this.head = '';
    this.headJudged = -1;
    this.tail = '\n';
    this.tailBase = at - 1;
    this.closedOwed = false;
    if (this.multi) this.lineScan = cloneState(this.state);
  }

  private append(text: string): void {
    if (text === '') return;
    this.examined += text.length;
    this.lineParts.push(text);
    if (this.head.length < HEAD) this.head += text.slice(0, HEAD - this.head.length);
    if (this.multi) this.tail += text;
  }

  /** Unfinished lines: a fence, a declaration keyword or a prose opening already decides the line; closers are checked as they come. */
  private judgeUnfinished(): void {
    if (this.head.length !== this.headJudged) {
      this.headJudged = this.head.length;
      const cut = this.headRules();
      if (cut !== undefined) return this.finish(cut);
    }
    if (this.multi) this.scanLine(false);
  }

  /** The rules that read only the start of a line; the scanner state is still the one at the line's start. */
  private headRules(): number | undefined {
    const { facts, state, lineStart } = this;
    const first = lineStart === this.base;
    // The model wrote this line from its start; the cursor line's own text is not the model's to judge.
    const owned = !first || this.prefixBlank;
    if (!owned || state.mode !== 'code') return undefined;
    const full = first ? facts.linePrefix.slice(-HEAD) + this.head : this.head;
    this.examined += full.length;
    if (full.trimStart().startsWith('```') || isProse(full.trim())) return this.before(lineStart);
    if (!this.multi) return undefined;
    const docStart = this.docRunStart >= 0 ? this.docRunStart : lineStart;
    if ((facts.insideBlock || this.closedDeclaration) && TOP_LEVEL.test(full)) return this.before(docStart);
    // Inside a block, a later line that starts with a comment at column 0 is the doc comment of the next declaration.
    if (!first && facts.insideBlock && state.depth <= 0 && /^(?:\/\/|\/\*)/.test(full)) return this.before(docStart);
    return undefined;
  }

  /**
   * Scans the line's new text. A closer that reaches outside the completion is fine when it is the
   * next one the completion owes; otherwise the suffix already has it, or it closes nothing open at
   * the cursor: cut before it.
   */
  private scanLine(complete: boolean): void {
    const st = this.lineScan;
    if (complete) this.tail += '\n';
    let to = this.tail.length;
    if (!complete && to > 1 && NEEDS_NEXT.has(this.tail[to - 1] ?? '')) to--;
    // Python: one or two quotes at the end may be the start of a `"""` still arriving.
    for (let held = 0; !complete && st.rules.tripleQuotes && held < 2 && to > 1 && QUOTES.has(this.tail[to - 1] ?? ''); held++) to--;
    this.examined += to;
    st.next = 1;
    for (let from = 1; from < to;) {
      const closer = scan(this.tail, st, from, to, st.min);
      if (closer < 0) break;
      const owedIndex = -st.min - 1;
      if (this.tail[closer] !== this.facts.owed[owedIndex]) return this.cutAtCloser(this.tailBase + closer);
      this.closedOwed = owedIndex === this.facts.owed.length - 1 && st.depth === st.min;
      from = closer + 1;
    }
    const next = Math.max(1, Math.min(st.next, this.tail.length));
    this.tail = this.tail.slice(next - 1);
    this.tailBase += next - 1;
  }

  /** Cut before a foreign closer, and before the whole line when it only repeats the line before (a loop reaching a closer). */
  private cutAtCloser(closer: number): void {
    const line = this.lineParts.join('').slice(0, closer - this.lineStart + 1);
    const soFar = line.trim();
    // A loop repeats the line's indentation too: `\t}},` then `}}` one level out is nested code closing, not a loop.
    const repeats = this.history.at(-1)?.text.startsWith(soFar) === true && this.previousLine.startsWith(line);
    // A later line that restates the line above the cursor (the end of a call that line closes) is context, not a head to keep.
    const restates = this.lineStart !== this.base && !isTrivialLine(soFar) && this.facts.prevLine.startsWith(soFar);
    if (soFar.length === 1 || repeats || restates) return this.finish(this.before(this.lineStart));
    this.finish(Math.max(this.base, closer), true);
  }

  /** The line ending at offset `end` (its newline) is complete: the rules that need the whole line. */
  private completeLine(end: number): void {
    const headCut = this.headRules();
    if (headCut !== undefined) return this.finish(headCut);
    const startMode = this.state.mode;
    const depthBefore = this.state.depth;
    if (this.multi) {
      this.scanLine(true);
      if (this.done) return;
      this.state = this.lineScan;
      // The completion closed what the user opened (`for (…) {` above code that stays outside): it is complete.
      if (this.closedOwed && this.state.depth === this.state.min) return this.finish(Math.max(this.base, end));
    }
    const { facts } = this;
    const text = this.lineParts.join('');
    const first = this.lineStart === this.base;
    const owned = !first || this.prefixBlank;
    const full = first ? facts.linePrefix + text : text;
    const trimmed = full.trim();
    this.examined += 2 * full.length;
    const previous = this.previousLine;
    const previousWhole = this.previousWhole;
    this.previousLine = full;
    this.previousWhole = !first;
    if (this.held && trimmed && this.judgeHeldRepeat(full, depthBefore)) return;
    // Python: a line back at the enclosing indentation has left the block (not after a `\` continuation).
    if (facts.dedent && !first && startMode === 'code' && depthBefore <= 0 && leavesIndentBlock(facts.dedent, full, `${previous}\n`)) {
      return this.finish(this.before(this.lineStart));
    }
    // Only at the cursor's nesting level: inside a block the completion opened, `return nil` twice is normal code.
    if (
      owned &&
      depthBefore === 0 &&
      !this.nestedByIndent(full, startMode) &&
      repeatsContext(facts, { full, first, previous: previousWhole ? previous : '', startMode, afterHeader: this.afterHeader })
    ) {
      this.held = this.multi ? heldRepeat(facts, { full, start: this.lineStart, depthBefore, depthAfter: this.state.depth }) : undefined;
      if (!this.held) return this.finish(this.before(this.lineStart));
    }
    // The line re-opened a block whose body is already below (`r.Route("/x", func(r Router) {` above its body): the suffix's first line, indentation and all, ends it.
    if (owned && depthBefore > 0 && this.openedBlock && full.trimEnd() === facts.suffixHead[0] && !isTrivialLine(trimmed)) return this.finish(this.before(this.lineStart));
    // The model's own text, so `foo(p` then `p`, `p` reads as one line three times.
    const own = owned ? trimmed : text.trim();
    if (own) {
      this.history.push({ text: own, start: this.lineStart });
      if (this.history.length > 2 * MAX_PERIOD + 1) this.history.shift();
      const loop = loopStart(this.history);
      if (loop !== undefined) return this.finish(this.before(loop));
    }
    if (!this.multi) return this.finish(Math.max(this.base, end));
    this.afterLine({ full, trimmed, depthBefore, startMode });
  }

  /** The line after a held repeat decides it; returns whether it cut. */
  private judgeHeldRepeat(full: string, depthBefore: number): boolean {
    const held = this.held!;
    this.held = undefined;
    if (heldRepeatIsCode(held, this.facts, { full, depthBefore })) return false;
    this.finish(this.before(held.start));
    return true;
  }

  /** The reply ended: a held repeat with no body after it was a repeat after all. */
  end(): void {
    if (this.held && !this.done) this.finish(this.before(this.held.start));
  }

  /** Indentation-block languages: whether a line sits deeper than the completion's first code line, in a block the completion opened. */
  private nestedByIndent(full: string, startMode: ScanState['mode']): boolean {
    if (!this.facts.dedent || startMode !== 'code' || !full.trim() || full.trimStart().startsWith('#')) return false;
    return indentWidth(full) > (this.blockIndent ??= indentWidth(full));
  }

  /** Multi-line bookkeeping once a line is kept: whether a declaration ended, and where a doc comment run starts. */
  private afterLine(line: { full: string; trimmed: string; depthBefore: number; startMode: ScanState['mode'] }): void {
    const { state } = this;
    // A declaration is complete when its brackets close, or when it fits on one line (`const a = 1;`, `var x int`).
    const oneLine = line.depthBefore === 0 && state.depth === 0 && TOP_LEVEL.test(line.full) && !/[,([{=+\-*/&|.:]$/.test(line.trimmed);
    if ((line.depthBefore > 0 && state.depth === 0) || (oneLine && !this.facts.insideBlock)) this.closedDeclaration = true;
    this.openedBlock = state.depth > line.depthBefore && /[([{]$/.test(line.trimmed);
    const docLine = line.trimmed === '' || (state.depth <= 0 && (line.startMode === 'block-comment' || COMMENT_LINE.test(line.full)));
    this.docRunStart = docLine ? (this.docRunStart >= 0 ? this.docRunStart : this.lineStart) : -1;
  }

  /** The end of the kept text when a line starting at `start` is dropped with the newline before it. */
  private before(start: number): number {
    return Math.max(this.base, start > this.base ? start - 1 : start);
  }

  private finish(end: number, trimBlanks = false): void {
    this.cutAt = end;
    this.trimCut = trimBlanks;
  }
}
