import { cloneState, scan, type ScanState } from './code-scanner.js';
import { analyzeCursor, createStreamFilterFor, isTrivialLine, type CursorFacts } from './stream-filters.js';
import type { CursorContext } from './types.js';

// Control tokens of the FIM families we template for; anything from the first one on is not code.
// `</s>` is left out on purpose: it is a real closing tag in TSX.
const CONTROL_TOKEN = new RegExp(
  [
    /<\|(?:endoftext|file_sep|file_separator|repo_name|im_start|im_end|eot_id|end)\|>/,
    /<\|fim_[a-z_]+\|>/,
    /<｜(?:end▁of▁sentence|fim▁(?:begin|hole|end))｜>/,
    /<(?:EOT|PRE|SUF|MID|eos|file_sep|repo_name|reponame|filename|fim_prefix|fim_suffix|fim_middle)>/,
    /\[(?:PREFIX|SUFFIX|MIDDLE)\]/,
  ]
    .map((re) => re.source)
    .join('|'),
);

const IDENT = /[\p{L}\p{N}_$]/u;
// Overlap and suffix-line comparisons never need more than this much of the line or the suffix.
const MAX_REST = 200;
const MAX_SUFFIX_LINES = 20;

/** The leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/**
 * Turns the model's final text into exactly what the editor should show at the cursor: control tokens and
 * fence wrappers removed, the stream filters applied once over the whole reply (so a non-streamed reply is
 * treated like a streamed one), and nothing that duplicates the text around the cursor. Returns '' when
 * nothing usable is left. A reply cut mid-token by the token limit is kept as is. `facts` are those the
 * stream filter used, when the caller has them (they cost a scan of the prefix window).
 */
export function postprocess(raw: string, ctx: CursorContext, facts: CursorFacts = analyzeCursor(ctx)): string {
  let text = stripFenceHeader(cutAtControlToken(raw));
  text = dropRestatedHead(text, facts.linePrefix);
  // Python under `for …:` with the editor's indentation copied from the header: the model's lead is the body's indent.
  const underHeader = facts.dedent?.inclusive === true && facts.dedent.width === facts.linePrefix.length;
  if (!underHeader) text = dropResentIndent(text, facts.linePrefix);
  // The trailing newline completes the last line, so the line rules judge it like every other line.
  const filter = createStreamFilterFor(facts);
  filter.push(`${text}\n`);
  filter.end();
  text = filter.text().trimEnd();
  if (facts.mode === 'single') text = text.split('\n', 1)[0] ?? '';
  text = cutForeignClosers(text, facts);
  text = removeLineOverlap(text, facts);
  if (facts.mode === 'multi') {
    text = removeSuffixLines(text, ctx.suffix, facts);
    text = dropRestatedLineAbove(text, facts);
    text = dropUnfinishedTail(text);
  }
  text = text.trimEnd();
  if (text.trim() === '') return '';
  return facts.mode === 'multi' ? closerOnItsOwnLine(text, facts) : text;
}

/**
 * On an indented blank line the editor already put the indentation; a model that sends it again
 * (`\t\tx := 1` after `\t\t`) would double it. Dropped when it equals the cursor's indentation, or
 * when the next line shows the model writes absolute indentation.
 */
function dropResentIndent(text: string, linePrefix: string): string {
  if (!/^[ \t]+$/.test(linePrefix)) return text;
  const lead = indentOf(text);
  if (!lead || text.trim() === '') return text;
  const nextLine = text
    .split('\n')
    .slice(1)
    .find((line) => line.trim() !== '');
  if (lead === linePrefix || (lead.startsWith(linePrefix) && nextLine !== undefined && indentOf(nextLine) === lead)) return text.slice(lead.length);
  return text;
}

/**
 * The model restated the line above the cursor before going on (`x := 1` on the blank line under
 * `x := 1`): what follows it is the suggestion; the stream filter kept it for this.
 */
function dropRestatedLineAbove(text: string, facts: CursorFacts): string {
  if (facts.linePrefix.trim() !== '' || !facts.prevLine || isTrivialLine(facts.prevLine)) return text;
  const nl = text.indexOf('\n');
  if (nl < 0 || text.slice(0, nl).trim() !== facts.prevLine) return text;
  return text.slice(nl + 1).replace(/^[ \t]+/, '');
}

/** A repeat cut off by the token limit is taken for one only past this many characters: shorter heads (`return`, `if err`) recur in code. */
const RESTATED_HEAD = 16;

/**
 * Ends that a token limit or a loop leave: a last line that only opens a bracket, a last line that is the
 * start of the two identical lines above it (the third turn of a loop, cut off), or a long last line that
 * is the start of the line above it (its repeat, cut off). The start of the line above the cursor is not
 * one: parallel code begins like it (`raise EOFError from N` in the next reader).
 */
function dropUnfinishedTail(text: string): string {
  const lines = text.split('\n');
  const last = (lines.at(-1) ?? '').trim();
  if (lines.length > 1 && /^[([{]+$/.test(last)) return lines.slice(0, -1).join('\n');
  const [a, b] = [lines.at(-3)?.trim(), lines.at(-2)?.trim()];
  if (lines.length >= 3 && a === b && a !== undefined && last && a.startsWith(last) && !isTrivialLine(a)) return lines.slice(0, -2).join('\n');
  const restated = (line: string | undefined): boolean => line !== undefined && line.length > last.length && line.startsWith(last);
  if (lines.length > 1 && last.length >= RESTATED_HEAD && restated(b)) return lines.slice(0, -1).join('\n');
  return text;
}

/**
 * A body written into `{█}` or `(█)` starts on a new line; the closer after the cursor then needs its
 * own line too, at the indentation of the line that opened it, or it lands on the body's last line (`x := 1}`).
 */
function closerOnItsOwnLine(text: string, facts: CursorFacts): string {
  if (!text.startsWith('\n') || !/^\s*[)\]}]/.test(facts.lineRest)) return text;
  return `${text}\n${indentOf(facts.linePrefix)}`;
}

function cutAtControlToken(text: string): string {
  const match = CONTROL_TOKEN.exec(text);
  return match ? text.slice(0, match.index) : text;
}

/** Drops an opening fence line; the closing fence is cut by the stream filter's fence rule. */
function stripFenceHeader(text: string): string {
  const body = text.trimStart();
  if (!body.startsWith('```')) return text;
  const nl = body.indexOf('\n');
  return nl < 0 ? '' : body.slice(nl + 1);
}

/** The model restated the current line's text before the cursor (`x := foo.` → `x := foo.Bar()`): keep only the new part. */
function dropRestatedHead(text: string, linePrefix: string): string {
  const head = linePrefix.trimStart();
  // A short head is too likely to be a coincidence (`a` then `a++`; `_, ` then `_, err := f()`).
  if (head.trim().length < 4) return text;
  const body = text.replace(/^[ \t]+/, '');
  return body.startsWith(head) ? body.slice(head.length) : text;
}

/** The bracket depth at the end of `text`, relative to the cursor, scanned from the cursor's lexer state. */
function endState(text: string, facts: CursorFacts): ScanState {
  const state = cloneState(facts.start);
  scan(text, state);
  return state;
}

/**
 * Cuts where the completion closes a block it did not open, unless that is a closer it owes (a bracket
 * open at the cursor that the code after it does not close).
 */
function cutForeignClosers(text: string, facts: CursorFacts): string {
  const state = cloneState(facts.start);
  for (let from = 0; ;) {
    const closer = scan(text, state, from, text.length, state.min);
    if (closer < 0) return text;
    if (text[closer] === facts.owed[-state.min - 1]) {
      from = closer + 1;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', closer - 1) + 1;
    const cut = lineStart > 0 && text.slice(lineStart, closer).trim() === '' ? lineStart - 1 : closer;
    return text.slice(0, cut).trimEnd();
  }
}

/**
 * Removes a tail of the completion that the rest of the cursor's line already starts with
 * (`foo(a, b))` before `)`, `hello";` before `";`). Closers in that tail must be ones the completion did not
 * open, or `foo()` before `)` would lose its own parenthesis.
 */
function removeLineOverlap(text: string, facts: CursorFacts): string {
  const rest = facts.lineRest.trim().slice(0, MAX_REST);
  if (!rest) return text;
  const lastLine = text.length - text.lastIndexOf('\n') - 1;
  // Candidate cuts only move right, so the depth before each is scanned once in all, not once per candidate.
  const depthAt = depthsAlong(text, facts);
  for (let k = Math.min(rest.length, lastLine); k >= 1; k--) {
    const tail = rest.slice(0, k);
    const cut = text.length - k;
    if (!text.endsWith(tail)) continue;
    // Overlaps must start and end on token boundaries: `foo` before `o bar` is not an overlap.
    const previous = cut > 0 ? text[cut - 1] : facts.linePrefix.slice(-1);
    if (IDENT.test(tail[0] ?? '') && IDENT.test(previous ?? '')) continue;
    if (IDENT.test(tail[k - 1] ?? '') && IDENT.test(rest[k] ?? '')) continue;
    // The whole rest of the line repeated is a repeat, brackets and all (script text in a string: `f() { x; }`).
    const whole = k === rest.length && facts.lineRest.trim().length <= MAX_REST;
    if (!closesOnlyOuterBlocks(tail, whole, () => depthAt(cut))) continue;
    return text.slice(0, cut);
  }
  return text;
}

/** Whether every closer in `tail`, read where the completion's depth is `depth()`, closes a block that was open at the cursor. */
function closesOnlyOuterBlocks(tail: string, whole: boolean, depth: () => number): boolean {
  if (!/[()[\]{}]/.test(tail)) return true;
  // A part of the line that opens brackets is too unlike "the closers the suffix already has" to drop.
  if (!whole && /[([{]/.test(tail)) return false;
  return depth() <= 0;
}

/** The bracket depth of `text` up to a given end, from the cursor's lexer state; ends must not decrease. */
function depthsAlong(text: string, facts: CursorFacts): (end: number) => number {
  const state = cloneState(facts.start);
  let at = 0;
  return (end) => {
    if (end > at) {
      scan(text, state, at, end);
      at = Math.max(end, state.next);
    }
    return state.depth;
  };
}

/**
 * Multi-line: removes trailing lines that equal the first lines of the suffix (the model re-typed the code
 * after the cursor), unless they close a block the completion itself opened.
 */
function removeSuffixLines(text: string, suffix: string, facts: CursorFacts): string {
  const wanted: string[] = [];
  for (const line of suffix.slice(0, MAX_REST * MAX_SUFFIX_LINES).split('\n', MAX_SUFFIX_LINES * 4)) {
    const trimmed = line.trim();
    if (trimmed) wanted.push(trimmed);
    if (wanted.length >= MAX_SUFFIX_LINES) break;
  }
  const lines = text.split('\n');
  // The first line is the model's only when the cursor's line was blank before the cursor.
  const firstOwned = facts.linePrefix.trim() === '' ? 0 : 1;
  const starts: number[] = [];
  for (let i = lines.length - 1; i >= firstOwned && starts.length < wanted.length; i--) {
    if ((lines[i] ?? '').trim()) starts.unshift(i);
  }
  for (let m = starts.length; m >= 1; m--) {
    const from = starts[starts.length - m] ?? 0;
    const tailLines = starts.slice(starts.length - m).map((i) => (lines[i] ?? '').trim());
    if (!tailLines.every((line, j) => line === wanted[j])) continue;
    const head = lines.slice(0, from).join('\n');
    const headState = endState(head, facts);
    const tailState = { ...cloneState(headState), min: headState.depth };
    // From the newline that ends the head: a head ending in a line comment must not swallow the tail's closers.
    scan(`\n${lines.slice(from).join('\n')}`, tailState);
    // A tail that reaches below the head's depth closes something the head opened (while the head is still open).
    if (headState.depth > 0 && tailState.min < headState.depth) continue;
    return head;
  }
  return text;
}
