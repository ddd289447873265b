import type { CompletionMode, CursorContext, LanguageId } from './types.js';

/** What a stream filter says after each chunk. */
export interface StreamVerdict {
  /** The rest of the generation is known to be junk: stop reading (and close the request). */
  done: boolean;
  /** The text to keep so far: the accumulated text, or a prefix of it. */
  text: string;
}

/** Where the scanner is between characters: plain code, a block comment, or a string opened by that quote. */
export type LexMode = 'code' | 'line-comment' | 'block-comment' | '"' | "'" | '`';

/** Running state of the bracket scanner; depths are relative to where scanning began. */
export interface ScanState {
  mode: LexMode;
  depth: number;
  /** Lowest depth reached; `-min` closers matched nothing that was scanned. */
  min: number;
  /** The first few of those unmatched closers, in order: what the scanned text closes of its surroundings. */
  closers: string;
  /** Go raw strings have no escapes; JS template strings do. */
  rawBackticks: boolean;
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
  /** Scanner state at the cursor (the cursor may sit inside a string). */
  start: ScanState;
  /** The closers in the suffix that close what is open at the cursor, innermost first (`)}}`). */
  suffixClosers: string;
  /** The cursor is inside a function or block, so a column-0 declaration means the model wandered off. */
  insideBlock: boolean;
}

// Bounded windows keep every request linear in a few KB, however large the document is.
const PREFIX_WINDOW = 8192;
const SUFFIX_WINDOW = 16384;
const MAX_PERIOD = 8;

const TOP_LEVEL =
  /^(?:func|function|class|export|type|interface|const|let|var|package|import|enum|namespace|declare|abstract|async function)[ \t]/;
const PROSE =
  /^(?:(?:This|The) (?:code|function|method|implementation|program|snippet|example|solution|above|completion)\b|This (?:will|is)\b|Here(?: is|'s| are)\b|In this (?:code|example|implementation)\b|(?:Explanation|Note|Output|Usage):\s+[A-Za-z])/;
const COMMENT_LINE = /^(?:\/\/|\/\*| ?\*)/;

/** A fresh scanner state for the language, starting in `mode`. */
export function newScanState(languageId: LanguageId, mode: LexMode = 'code'): ScanState {
  return { mode, depth: 0, min: 0, closers: '', rawBackticks: languageId === 'go' };
}

/**
 * Counts brackets in text[from, to), skipping strings and comments, and updates `state` in place.
 * A lexer-ish pass, not a parser: regex literals and JSX text are read as code.
 * @returns the index of the first closer that takes the depth below `floor`, or -1.
 */
export function scan(text: string, state: ScanState, from = 0, to = text.length, floor = -Infinity): number {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (state.mode === 'code') {
      if (c === '/' && text[i + 1] === '/') {
        state.mode = 'line-comment';
        i++;
      } else if (c === '/' && text[i + 1] === '*') {
        state.mode = 'block-comment';
        i++;
      } else if (c === '"' || c === "'" || c === '`') {
        state.mode = c;
      } else if (c === '(' || c === '[' || c === '{') {
        state.depth++;
      } else if (c === ')' || c === ']' || c === '}') {
        state.depth--;
        if (state.depth < state.min) {
          state.min = state.depth;
          if (state.closers.length < 8) state.closers += c;
        }
        if (state.depth < floor) return i;
      }
    } else if (state.mode === 'line-comment') {
      if (c === '\n') state.mode = 'code';
    } else if (state.mode === 'block-comment') {
      if (c === '*' && text[i + 1] === '/') {
        state.mode = 'code';
        i++;
      }
    } else if (state.mode === '`') {
      if (c === '\\' && !state.rawBackticks) i++;
      else if (c === '`') state.mode = 'code';
    } else if (c === '\\') {
      i++;
    } else if (c === state.mode || c === '\n') {
      // Quote strings cannot span lines; ending them at the newline keeps one stray quote from eating the rest.
      state.mode = 'code';
    }
  }
  return -1;
}

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

  const start = newScanState(ctx.languageId);
  scan(linePrefix, start);
  const suffixScan = { ...start, depth: 0, min: 0, closers: '' };
  scan(after, suffixScan);

  const prefixScan = newScanState(ctx.languageId);
  scan(ctx.prefix.slice(-PREFIX_WINDOW), prefixScan);
  const indented = /^[ \t]/.test(linePrefix);
  return {
    mode: ctx.mode,
    languageId: ctx.languageId,
    linePrefix,
    lineRest,
    prevLine,
    nextLine,
    start: { ...start, depth: 0, min: 0, closers: '' },
    suffixClosers: suffixScan.closers,
    insideBlock: indented || prefixScan.depth - prefixScan.min > 0,
  };
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
  const state: ScanState = { ...facts.start };
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

    if (multi) {
      const st = complete ? state : { ...state };
      // A complete line is scanned with its newline, which ends line comments and quote strings.
      const closer = scan(acc, st, start, complete ? end + 1 : end, 0);
      if (closer >= 0) {
        // `foo(` typed without its `)`: the model's `)` is needed even though the suffix closes the function's `}`.
        if (acc[closer] !== facts.suffixClosers[0]) return complete ? keep(acc, end) : undefined;
        if (acc.slice(start, closer).trim() === '') return before(acc, start);
        return keep(acc, closer).replace(/[ \t]+$/, '');
      }
    } else if (complete) {
      scan(acc, state, start, end + 1);
    }
    if (!complete) return undefined;

    const trimmed = full.trim();
    if (owned) {
      const repeatsNeighbour = trimmed === facts.nextLine || trimmed === facts.prevLine;
      // Only at the cursor's nesting level: inside a block the completion opened, `return nil` twice is normal code.
      if (depthBefore === 0 && repeatsNeighbour && !isTrivialLine(trimmed)) return before(acc, start);
    }
    if (trimmed) {
      history.push({ text: trimmed, start });
      if (history.length > 2 * MAX_PERIOD + 1) history.shift();
      const loop = loopStart(history);
      if (loop !== undefined) return before(acc, loop);
    }
    if (!multi) return keep(acc, end);
    if (depthBefore > 0 && state.depth === 0) closedDeclaration = true;
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
