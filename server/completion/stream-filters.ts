import { cloneState, closerOf, cutRules, newScanState, scan, type LexMode, type Opener, type ScanState } from './code-scanner.js';
import { dedentLimit, leavesIndentBlock, type DedentLimit } from './indent-blocks.js';
import { LineFilter } from './line-filter.js';
import type { StreamFilter } from './stream-filter.js';
import type { CompletionMode, CursorContext, LanguageId } from './types.js';

export { type StreamFilter } from './stream-filter.js';
export { isTrivialLine } from './loop-detect.js';

/** What a stream filter says after each chunk. */
export interface StreamVerdict {
  /** The rest of the generation is known to be junk: stop reading (and close the request). */
  done: boolean;
  /** The text to keep so far: the accumulated text, or a prefix of it. */
  text: string;
}

/** What the filters need to know about the cursor, computed once per request from bounded windows. */
export interface CursorFacts {
  mode: CompletionMode;
  languageId: LanguageId;
  /** Text of the cursor's line before the cursor. */
  linePrefix: string;
  /** Text of the cursor's line after the cursor. */
  lineRest: string;
  /** Last non-blank line before the cursor's line, trimmed. */
  prevLine: string;
  /** The non-blank line before `prevLine`, trimmed: with it, table-like code shows its entries' shape. */
  linesAbovePrev: string;
  /** First non-blank line after the cursor's line, trimmed. */
  nextLine: string;
  /** The first few non-blank lines after the cursor's line, with their indentation and without trailing blanks. */
  suffixHead: string[];
  /** Scanner state at the cursor (the cursor may sit inside a string or comment opened lines earlier). */
  start: ScanState;
  /**
   * Closers the completion owes, innermost first: brackets open at the cursor that the code after it
   * does not close (`foo(█` then `}`; `for (…) {█` above code at the loop's own indentation).
   * Any other closer that reaches outside the completion closes what the suffix already closes.
   */
  owed: string;
  /** The cursor is inside a function or block, so a column-0 declaration means the model wandered off. */
  insideBlock: boolean;
  /**
   * Indentation-block languages (Python): a completed line indented less than this (or no deeper, when
   * `inclusive`) has left the block the cursor is in, so the completion ends before it.
   */
  dedent?: DedentLimit;
  /** Characters of the windows the analysis scanned (the prefix window, and the suffix as far as it had to read). */
  scanned: number;
}

// Bounded windows keep every request linear in a few KB, however large the document is.
export const PREFIX_WINDOW = 8192;
export const SUFFIX_WINDOW = 16384;
/** Suffix lines a streamed line is compared with: a model re-typing the code below rarely starts past the third. */
const SUFFIX_HEAD_LINES = 3;
/** Gathers the cursor facts from the last/first few KB of the prefix and suffix. */
export function analyzeCursor(ctx: CursorContext): CursorFacts {
  const before = ctx.prefix.slice(-PREFIX_WINDOW).split('\n');
  const linePrefix = before.pop() ?? '';
  let prevLine = '';
  let at = before.length - 1;
  for (; at >= 0 && !prevLine; at--) prevLine = (before[at] ?? '').trim();
  let linesAbovePrev = '';
  for (; at >= 0 && !linesAbovePrev; at--) linesAbovePrev = (before[at] ?? '').trim();

  const after = ctx.suffix.slice(0, SUFFIX_WINDOW);
  const restEnd = after.indexOf('\n');
  const lineRest = restEnd < 0 ? after : after.slice(0, restEnd);
  let nextLine = '';
  for (let i = restEnd; i >= 0 && !nextLine;) {
    const end = after.indexOf('\n', i + 1);
    nextLine = after.slice(i + 1, end < 0 ? after.length : end).trim();
    i = end;
  }

  const { state: prefixScan, window, mode: windowMode } = scanPrefix(ctx);
  const start = newScanState(ctx.languageId, prefixScan.mode, { outer: prefixScan.open });
  start.last = prefixScan.last;
  start.word = prefixScan.word;
  const indented = /^[ \t]/.test(linePrefix);
  const dedent = start.rules.indentBlocks ? dedentLimit(window, ctx.languageId, windowMode) : undefined;
  const owed = owedClosers(prefixScan.open, after, start);
  return {
    mode: ctx.mode,
    languageId: ctx.languageId,
    linePrefix,
    lineRest,
    prevLine,
    linesAbovePrev,
    nextLine,
    suffixHead: headLines(after, SUFFIX_HEAD_LINES, dedent),
    start,
    owed: owed.closers,
    insideBlock: indented || prefixScan.depth - prefixScan.min > 0,
    dedent,
    scanned: window.length + owed.scanned,
  };
}

/** The first `count` non-blank lines after the cursor's line, right-trimmed, up to the end of the cursor's block. */
function headLines(after: string, count: number, dedent: DedentLimit | undefined): string[] {
  const lines: string[] = [];
  let previous = '';
  for (const line of after.slice(0, 4096).split('\n').slice(1)) {
    // Past a closing line (or a dedent) the code belongs to another block, where the same line means something else.
    if (/^\s*[)\]}]/.test(line) || (dedent && leavesIndentBlock(dedent, line, `${previous}\n`))) break;
    previous = line;
    if (line.trim()) lines.push(line.trimEnd());
    if (lines.length >= count) break;
  }
  return lines;
}

/** Scans the last few KB of the prefix from a line start, recording the brackets still open at the cursor; `window` is the text scanned, `mode` the lexer's mode at its start. */
function scanPrefix(ctx: CursorContext): { state: ScanState; window: string; mode: LexMode } {
  if (ctx.prefixMode !== undefined && ctx.prefix.length <= PREFIX_WINDOW) {
    // The window's first line and its lexer mode came from the syntax tree (cut-window.ts).
    const known = newScanState(ctx.languageId, ctx.prefixMode, { track: true });
    scan(ctx.prefix, known);
    return { state: known, window: ctx.prefix, mode: ctx.prefixMode };
  }
  let window = ctx.prefix.slice(-PREFIX_WINDOW);
  if (window.length < ctx.prefix.length) window = window.slice(window.indexOf('\n') + 1);
  // A window starting inside a docstring would read every later quote inverted: start at a line that cannot be in one.
  const resync = cutRules(ctx.languageId).resyncLine;
  if (resync) window = window.slice(lastLineMatching(window, resync));
  // The prompt's window may start on a doc comment's continuation line (` * …`, ` */`): inside that comment.
  const firstLine = /^\s*([^\n]*)/.exec(window)?.[1] ?? '';
  const mode = /^\*(?:[ \t/]|$)/.test(firstLine) ? 'block-comment' : 'code';
  const state = newScanState(ctx.languageId, mode, { track: true });
  scan(window, state);
  return { state, window, mode };
}

/** Where the last line of `text` that matches `line` starts; 0 when none does. */
function lastLineMatching(text: string, line: RegExp): number {
  for (let end = text.length; end > 0;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (line.test(text.slice(start, end))) return start;
    end = start - 1;
  }
  return 0;
}

/**
 * Which brackets open at the cursor the completion must close itself: matching the suffix's
 * unmatched closers to them innermost first, a closer counts only if it has the opener's type and
 * comes before the first later line indented no deeper than the opener's line (formatted code
 * closes a block at its own indentation). An opener with no such line in the window is taken as
 * closed further on, unless the suffix holds no line at all (the document ends).
 */
function owedClosers(open: readonly Opener[], after: string, start: ScanState): { closers: string; scanned: number } {
  // Nothing open at the cursor: nothing owed, and no need to read the suffix.
  if (open.length === 0) return { closers: '', scanned: 0 };
  // Only the suffix's first unmatched closer decides; scanning stops there, not at the window's end.
  const state = cloneState(start);
  const at = scan(after, state, 0, after.length, state.min);
  const closer = at < 0 ? undefined : { char: after[at] ?? '', at };
  // Lines are read only as far as some opener asks: mostly to the end of the cursor's block.
  const lines = new SuffixLines(after, start);
  let owed = '';
  for (let j = open.length - 1; j >= 0 && owed.length < 8; j--) {
    const opener = open[j];
    if (!opener) break;
    const end = lines.find((line) => line.indent < opener.indent || (line.indent === opener.indent && !line.inside));
    const limit = end?.at ?? Infinity;
    // Before that line, or starting it at the opener's own indentation (`\t}` under `\tif x {`).
    const closes = closer !== undefined && closer.char === closerOf(opener) && (closer.at < limit || (closer.at === limit && end?.indent === opener.indent));
    if (closes) break;
    if (!closer && limit === Infinity && lines.any()) break;
    owed += closerOf(opener);
  }
  return { closers: owed, scanned: Math.max(state.next, lines.scannedTo) };
}

/** Lines that sit at a block's own indentation yet inside it: Go's `case …:` and `default:`, and labels. */
const INSIDE_AT_BLOCK_INDENT = /^(?:case\b|default\s*:|[A-Za-z_$][\w$]*:\s*$)/;
/** Most suffix lines read. */
const MAX_SUFFIX_LINES = 400;

interface SuffixLine {
  at: number;
  indent: number;
  inside: boolean;
}

/**
 * The non-blank lines after the cursor's line that start in code, read lazily: where their text starts, how
 * deep it is indented, and whether it is a case label. A line that starts inside a raw string, a docstring or
 * a block comment (`want := \`…` text at column 0) is text, whose indentation says nothing about blocks.
 */
class SuffixLines {
  private readonly lines: SuffixLine[] = [];
  private readonly state: ScanState;
  private scanned = 0;
  /** The newline the next line to read follows; -1 once the window (or MAX_SUFFIX_LINES) is exhausted. */
  private nl: number;

  constructor(
    private readonly after: string,
    start: ScanState,
  ) {
    this.state = cloneState(start);
    this.nl = after.indexOf('\n');
  }

  /** How far into the suffix the lines were scanned. */
  get scannedTo(): number {
    return this.scanned;
  }

  /** The first line that satisfies `test`, reading on as far as needed. */
  find(test: (line: SuffixLine) => boolean): SuffixLine | undefined {
    for (let i = 0; ; i++) {
      const line = i < this.lines.length ? this.lines[i] : this.readNext();
      if (!line) return undefined;
      if (test(line)) return line;
    }
  }

  /** Whether the suffix holds any such line. */
  any(): boolean {
    return this.lines.length > 0 || this.readNext() !== undefined;
  }

  private readNext(): SuffixLine | undefined {
    const { after, state } = this;
    for (; this.nl >= 0 && this.lines.length < MAX_SUFFIX_LINES; this.nl = after.indexOf('\n', this.nl + 1)) {
      const nl = this.nl;
      if (nl + 1 > this.scanned) {
        scan(after, state, this.scanned, nl + 1);
        this.scanned = Math.max(nl + 1, state.next);
      }
      let at = nl + 1;
      while (after[at] === ' ' || after[at] === '\t') at++;
      if (at >= after.length || after[at] === '\n' || after[at] === '\r' || state.mode !== 'code' || this.scanned > nl + 1) continue;
      const end = after.indexOf('\n', at);
      const line = { at, indent: at - nl - 1, inside: INSIDE_AT_BLOCK_INDENT.test(after.slice(at, end < 0 ? after.length : end)) };
      this.lines.push(line);
      this.nl = after.indexOf('\n', nl + 1);
      return line;
    }
    this.nl = -1;
    return undefined;
  }
}

/** Cursor facts as posted between threads: the scanner state without its language's rules (functions and sets stay home). */
export type PostedFacts = Omit<CursorFacts, 'start'> & { start: Omit<ScanState, 'rules'> };

/** The facts in the form a worker posts them. */
export function postableFacts(facts: CursorFacts): PostedFacts {
  const { rules: _rules, ...start } = facts.start;
  return { ...facts, start };
}

/** Posted facts with their language's rules back. */
export function receivedFacts(posted: PostedFacts): CursorFacts {
  return { ...posted, start: { ...posted.start, rules: cutRules(posted.languageId) } };
}

/** Creates the stream filter for one request in its accumulated-text form; see {@link createStreamFilterFor}. */
export function createStreamFilter(ctx: CursorContext): (accumulated: string) => StreamVerdict {
  const filter = createStreamFilterFor(analyzeCursor(ctx));
  let fed = 0;
  return (accumulated: string): StreamVerdict => {
    if (!filter.done && accumulated.length > fed) {
      filter.push(accumulated.slice(fed));
      fed = accumulated.length;
    }
    return filter.done ? { done: true, text: filter.text() } : { done: false, text: accumulated };
  };
}

/**
 * A stream filter over precomputed cursor facts; its verdict is sticky once done. Cuts fall on line
 * boundaries, except the single-line newline and a closer in the middle of a line.
 */
export function createStreamFilterFor(facts: CursorFacts): StreamFilter {
  return new LineFilter(facts);
}
