import { cloneState, closerOf, cutRules, newScanState, scan, type Opener, type ScanState } from './code-scanner.js';
import { dedentLimit, leavesIndentBlock, type DedentLimit } from './indent-blocks.js';
import type { CompletionMode, CursorContext, LanguageId } from './types.js';

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
}

// Bounded windows keep every request linear in a few KB, however large the document is.
const PREFIX_WINDOW = 8192;
const SUFFIX_WINDOW = 16384;
const MAX_PERIOD = 8;
/** Suffix lines a streamed line is compared with: a model re-typing the code below rarely starts past the third. */
const SUFFIX_HEAD_LINES = 3;
/**
 * Lines alike but for their numbers and strings, in a row, that make a loop: unrolled code and table
 * rows run to eight lines (`b[0] = byte(v)` … `b[7] = byte(v >> 56)`); a model stuck counting runs to its token limit.
 */
const NEAR_DUPLICATES = 9;

const TOP_LEVEL =
  /^(?:func|function|class|export|type|interface|const|let|var|package|import|enum|namespace|declare|abstract|async function|def|async def|from)[ \t]/;
const PROSE =
  /^(?:(?:This|The) (?:code|function|method|implementation|program|snippet|example|solution|above|completion)\b|This (?:will|is)\b|Here(?: is|'s| are)\b|In this (?:code|example|implementation)\b|(?:Explanation|Note|Output|Usage):\s+[A-Za-z])/;
const COMMENT_LINE = /^(?:\/\/|\/\*| ?\*)/;
/** A Python line that starts a definition (methods are indented): almost never a line inside a docstring. */
const TOP_LEVEL_PY = /^[ \t]*(?:def|class|async def)\s|^[ \t]*@\w/m;

/** A line with nothing worth comparing: blank, or only brackets and separators. */
export function isTrivialLine(trimmed: string): boolean {
  return /^[\s{}()[\];,.]*$/.test(trimmed);
}

/** Gathers the cursor facts from the last/first few KB of the prefix and suffix. */
export function analyzeCursor(ctx: CursorContext): CursorFacts {
  const before = ctx.prefix.slice(-PREFIX_WINDOW).split('\n');
  const linePrefix = before.pop() ?? '';
  let prevLine = '';
  for (let i = before.length - 1; i >= 0 && !prevLine; i--) prevLine = (before[i] ?? '').trim();

  const after = ctx.suffix.slice(0, SUFFIX_WINDOW);
  const restEnd = after.indexOf('\n');
  const lineRest = restEnd < 0 ? after : after.slice(0, restEnd);
  let nextLine = '';
  for (let i = restEnd; i >= 0 && !nextLine; ) {
    const end = after.indexOf('\n', i + 1);
    nextLine = after.slice(i + 1, end < 0 ? after.length : end).trim();
    i = end;
  }

  const prefixScan = scanPrefix(ctx);
  const start = newScanState(ctx.languageId, prefixScan.mode, { outer: prefixScan.open });
  start.last = prefixScan.last;
  start.word = prefixScan.word;
  const indented = /^[ \t]/.test(linePrefix);
  return {
    mode: ctx.mode,
    languageId: ctx.languageId,
    linePrefix,
    lineRest,
    prevLine,
    nextLine,
    suffixHead: headLines(after, SUFFIX_HEAD_LINES),
    start,
    owed: owedClosers(prefixScan.open, after, start),
    insideBlock: indented || prefixScan.depth - prefixScan.min > 0,
    dedent: start.rules.indentBlocks ? dedentLimit(linePrefix, before) : undefined,
  };
}

/** The first `count` non-blank lines after the cursor's line, right-trimmed, up to the end of the cursor's block. */
function headLines(after: string, count: number): string[] {
  const lines: string[] = [];
  for (const line of after.slice(0, 4096).split('\n').slice(1)) {
    // Past a closing line the code belongs to another block, where the same line means something else.
    if (/^\s*[)\]}]/.test(line)) break;
    if (line.trim()) lines.push(line.trimEnd());
    if (lines.length >= count) break;
  }
  return lines;
}

/** Scans the last few KB of the prefix from a line start, recording the brackets still open at the cursor. */
function scanPrefix(ctx: CursorContext): ScanState {
  let window = ctx.prefix.slice(-PREFIX_WINDOW);
  if (window.length < ctx.prefix.length) window = window.slice(window.indexOf('\n') + 1);
  // A window starting inside a docstring would read every later quote inverted: start at a top-level statement instead.
  if (window.length < ctx.prefix.length && cutRules(ctx.languageId).tripleQuotes) window = window.slice(Math.max(0, window.search(TOP_LEVEL_PY)));
  // The prompt's window may start on a doc comment's continuation line (` * …`, ` */`): inside that comment.
  const firstLine = /^\s*([^\n]*)/.exec(window)?.[1] ?? '';
  const mode = /^\*(?:[ \t/]|$)/.test(firstLine) ? 'block-comment' : 'code';
  const state = newScanState(ctx.languageId, mode, { track: true });
  scan(window, state);
  return state;
}

/**
 * Which brackets open at the cursor the completion must close itself: matching the suffix's
 * unmatched closers to them innermost first, a closer counts only if it has the opener's type and
 * comes before the first later line indented no deeper than the opener's line (formatted code
 * closes a block at its own indentation). An opener with no such line in the window is taken as
 * closed further on, unless the suffix holds no line at all (the document ends).
 */
function owedClosers(open: readonly Opener[], after: string, start: ScanState): string {
  const closers: Array<{ char: string; at: number }> = [];
  const state = cloneState(start);
  for (let from = 0; closers.length < 8; ) {
    const at = scan(after, state, from, after.length, state.min);
    if (at < 0) break;
    closers.push({ char: after[at] ?? '', at });
    from = at + 1;
  }
  const lines = suffixLines(after);
  let owed = '';
  const closer = closers[0];
  for (let j = open.length - 1; j >= 0 && owed.length < 8; j--) {
    const opener = open[j];
    if (!opener) break;
    const end = lines.find((line) => line.indent < opener.indent || (line.indent === opener.indent && !line.inside));
    const limit = end?.at ?? Infinity;
    // Before that line, or starting it at the opener's own indentation (`\t}` under `\tif x {`).
    const closes = closer !== undefined && closer.char === closerOf(opener) && (closer.at < limit || (closer.at === limit && end?.indent === opener.indent));
    if (closes) break;
    if (!closer && limit === Infinity && lines.length > 0) break;
    owed += closerOf(opener);
  }
  return owed;
}

/** Lines that sit at a block's own indentation yet inside it: Go's `case …:` and `default:`, and labels. */
const INSIDE_AT_BLOCK_INDENT = /^(?:case\b|default\s*:|[A-Za-z_$][\w$]*:\s*$)/;

/** The non-blank lines after the cursor's line: where their text starts, how deep it is indented, and whether it is a case label. */
function suffixLines(after: string): Array<{ at: number; indent: number; inside: boolean }> {
  const lines: Array<{ at: number; indent: number; inside: boolean }> = [];
  for (let nl = after.indexOf('\n'); nl >= 0 && lines.length < 400; nl = after.indexOf('\n', nl + 1)) {
    let at = nl + 1;
    while (after[at] === ' ' || after[at] === '\t') at++;
    if (at >= after.length || after[at] === '\n' || after[at] === '\r') continue;
    const end = after.indexOf('\n', at);
    lines.push({ at, indent: at - nl - 1, inside: INSIDE_AT_BLOCK_INDENT.test(after.slice(at, end < 0 ? after.length : end)) });
  }
  return lines;
}

/** Where an optional markdown fence header ends: -1 while undecided, 0 when there is none. */
function fenceHeaderEnd(text: string): number {
  const body = text.trimStart();
  if (body.startsWith('```')) {
    const nl = text.indexOf('\n', text.length - body.length);
    return nl < 0 ? -1 : nl + 1;
  }
  return /^`{0,2}$/.test(body) ? -1 : 0;
}

/** The start offset of a block of lines that just repeated the block before it, if any. */
function loopStart(history: ReadonlyArray<{ text: string; start: number }>): number | undefined {
  const n = history.length;
  const at = (i: number): string => history[i]?.text ?? '';
  // One line three times in a row; a single repeat is often legit (two identical calls).
  if (n >= 3 && at(n - 1) === at(n - 2) && at(n - 2) === at(n - 3) && !isTrivialLine(at(n - 1))) {
    return history[n - 2]?.start;
  }
  // Lines alike but for numbers and string contents (`f(1)`, `f(2)`, …): a loop once there are too many in a row.
  if (n >= NEAR_DUPLICATES && !isTrivialLine(at(n - 1))) {
    const masked = maskLiterals(at(n - 1));
    let run = 1;
    while (run < NEAR_DUPLICATES && maskLiterals(at(n - 1 - run)) === masked) run++;
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

/** Creates the stream filter for one request; see {@link createStreamFilterFor}. */
export function createStreamFilter(ctx: CursorContext): (accumulated: string) => StreamVerdict {
  return createStreamFilterFor(analyzeCursor(ctx));
}

/**
 * A stream filter over precomputed cursor facts. Call it with the whole accumulated text after each chunk
 * (the text only grows); it scans each line once, plus the unfinished last line, and its verdict is sticky once done.
 * Cuts fall on line boundaries, except the single-line newline and a closer in the middle of a line.
 */
export function createStreamFilterFor(facts: CursorFacts): (accumulated: string) => StreamVerdict {
  const multi = facts.mode === 'multi';
  const state: ScanState = cloneState(facts.start);
  const history: Array<{ text: string; start: number }> = [];
  let base = -1;
  let lineStart = 0;
  // Start of the run of blank and column-0 comment lines just before the current line: the doc comment of a new declaration.
  let docRunStart = -1;
  // A declaration the model wrote at top level has ended; another one is more than was asked for.
  let closedDeclaration = false;
  let final: StreamVerdict | undefined;

  const keep = (acc: string, end: number): string => acc.slice(0, Math.max(base, end));
  const before = (acc: string, start: number): string => keep(acc, start > base ? start - 1 : start);

  /** Applies the rules to acc[start, end); commits scanner state only when the line is complete. */
  const evaluate = (acc: string, start: number, end: number, complete: boolean): string | undefined => {
    const first = start === base;
    const full = first ? facts.linePrefix + acc.slice(start, end) : acc.slice(start, end);
    // The model wrote this line from its start; the cursor line's own text is not the model's to judge.
    const owned = !first || facts.linePrefix.trim() === '';
    const startMode = state.mode;
    const atCode = startMode === 'code';
    const depthBefore = state.depth;

    // Checked on unfinished lines too: a fence, a declaration keyword or a prose opening already decides the line.
    if (owned && atCode && (full.trimStart().startsWith('```') || PROSE.test(full.trim()))) return before(acc, start);
    if (multi && owned && atCode && (facts.insideBlock || closedDeclaration) && TOP_LEVEL.test(full)) {
      return before(acc, docRunStart >= 0 ? docRunStart : start);
    }
    // Inside a block, a later line that starts with a comment at column 0 is the doc comment of the next declaration.
    if (multi && !first && atCode && facts.insideBlock && depthBefore <= 0 && /^(?:\/\/|\/\*)/.test(full)) {
      return before(acc, docRunStart >= 0 ? docRunStart : start);
    }

    if (multi) {
      const st = complete ? state : cloneState(state);
      let closedOwed = false;
      // A complete line is scanned with its newline, which ends line comments and quote strings.
      for (let from = start, to = complete ? end + 1 : end; ; ) {
        const closer = scan(acc, st, from, to, st.min);
        if (closer < 0) break;
        // The closer reaches outside the completion: fine when it is the next one the completion owes.
        const owedIndex = -st.min - 1;
        if (acc[closer] === facts.owed[owedIndex]) {
          closedOwed = owedIndex === facts.owed.length - 1 && st.depth === st.min;
          from = closer + 1;
          continue;
        }
        // Otherwise the suffix already has it, or it closes nothing open at the cursor: cut before it,
        // and before the whole line when it only repeats the line before (a loop reaching a closer).
        const soFar = acc.slice(start, closer + 1).trim();
        if (soFar.length === 1 || history.at(-1)?.text.startsWith(soFar)) return before(acc, start);
        return keep(acc, closer).replace(/[ \t]+$/, '');
      }
      // The completion closed what the user opened (`for (…) {` above code that stays outside): it is complete.
      if (closedOwed && complete && st.depth === st.min) return keep(acc, end);
    } else if (complete) {
      scan(acc, state, start, end + 1);
    }
    if (!complete) return undefined;

    const trimmed = full.trim();
    // Python: a line back at the enclosing indentation has left the block.
    if (facts.dedent && !first && atCode && depthBefore <= 0 && leavesIndentBlock(facts.dedent, full, acc.slice(Math.max(0, start - 3), start))) return before(acc, start);
    // Only at the cursor's nesting level: inside a block the completion opened, `return nil` twice is normal code.
    if (owned && depthBefore === 0 && !isTrivialLine(trimmed)) {
      // The code right below the cursor, or (indentation included) one of the next lines after it.
      if (trimmed === facts.nextLine || (!first && facts.suffixHead.includes(full.trimEnd()))) return before(acc, start);
      // The line above restated as the first line is left for post-processing to drop, keeping what follows it.
      if (trimmed === facts.prevLine && !first) return before(acc, start);
    }
    // The model's own text, so `foo(p` then `p`, `p` reads as one line three times.
    const own = owned ? trimmed : acc.slice(start, end).trim();
    if (own) {
      history.push({ text: own, start });
      if (history.length > 2 * MAX_PERIOD + 1) history.shift();
      const loop = loopStart(history);
      if (loop !== undefined) return before(acc, loop);
    }
    if (!multi) return keep(acc, end);
    // A declaration is complete when its brackets close, or when it fits on one line (`const a = 1;`, `var x int`).
    const oneLine = depthBefore === 0 && state.depth === 0 && TOP_LEVEL.test(full) && !/[,([{=+\-*/&|.:]$/.test(trimmed);
    if ((depthBefore > 0 && state.depth === 0) || (oneLine && !facts.insideBlock)) closedDeclaration = true;
    const docLine = trimmed === '' || (state.depth <= 0 && (startMode === 'block-comment' || COMMENT_LINE.test(full)));
    docRunStart = docLine ? (docRunStart >= 0 ? docRunStart : start) : -1;
    return undefined;
  };

  return (accumulated: string): StreamVerdict => {
    if (final) return final;
    if (base < 0) {
      base = fenceHeaderEnd(accumulated);
      if (base < 0) return { done: false, text: accumulated };
      lineStart = base;
    }
    for (let nl = accumulated.indexOf('\n', lineStart); nl >= 0; nl = accumulated.indexOf('\n', lineStart)) {
      const cut = evaluate(accumulated, lineStart, nl, true);
      if (cut !== undefined) return (final = { done: true, text: cut });
      lineStart = nl + 1;
    }
    const cut = evaluate(accumulated, lineStart, accumulated.length, false);
    if (cut !== undefined) return (final = { done: true, text: cut });
    return { done: false, text: accumulated };
  };
}
