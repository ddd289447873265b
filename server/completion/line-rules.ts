import type { ScanState } from './code-scanner.js';
import { isTrivialLine } from './loop-detect.js';
import type { CursorFacts } from './stream-filters.js';

/*
 * The line rules of the stream filter (line-filter.ts) that read a line and the cursor facts and keep
 * no state of their own: what starts a declaration, what is prose, a fence header, and a line that
 * repeats the code around the cursor.
 */

export const TOP_LEVEL = /^(?:func|function|class|export|type|interface|const|let|var|package|import|enum|namespace|declare|abstract|async function|def|async def|from)[ \t]/;
const PROSE_OPENING =
  /^(?:(?:This|The) (?:code|function|method|implementation|program|snippet|example|solution|above|completion)\b|This (?:will|is)\b|Here(?: is|'s| are)\b|In this (?:code|example|implementation)\b)/;
/** A labelled sentence: the label, then three words or more. */
const PROSE_LABEL = /^(?:Explanation|Note|Output|Usage):\s+[A-Za-z][\w'’-]*(?:,? [\w'’-]+){2}/;
/** What a sentence never holds but code after a key does (`Usage: fmt.Sprintf(…)`, `Output: w,`, `Note: a + b`): a call, a selector, an operator, a trailing comma or bracket. */
const CODE_AFTER_LABEL = /\w[.(]\w|\w\(|[=+*/{}[\];|&<>"`]|[,([]$/;

/** Whether a line is the model talking instead of coding; a struct or object key named like a label (`Usage: usageText,`) is code. */
export function isProse(line: string): boolean {
  if (PROSE_OPENING.test(line)) return true;
  return PROSE_LABEL.test(line) && !CODE_AFTER_LABEL.test(line.slice(line.indexOf(':') + 1));
}
export const COMMENT_LINE = /^(?:\/\/|\/\*| ?\*)/;

/** Where an optional markdown fence header ends: -1 while undecided, 0 when there is none. */
export function fenceHeaderEnd(text: string): number {
  const body = text.trimStart();
  if (body.startsWith('```')) {
    const nl = text.indexOf('\n', text.length - body.length);
    return nl < 0 ? -1 : nl + 1;
  }
  return /^`{0,2}$/.test(body) ? -1 : 0;
}

/**
 * A line of the cursor's own block (inside a block the completion opened, `return nil` twice is normal
 * code) that re-types the code around the cursor: the code right below it, or (indentation included) one
 * of the next lines after it, or the line above restated later on (as the first line it is left for
 * post-processing to drop, keeping what follows it).
 */
export function repeatsContext(facts: CursorFacts, line: { full: string; first: boolean; previous: string; startMode: ScanState['mode']; afterHeader: boolean }): boolean {
  const { full, first, previous, startMode } = line;
  const trimmed = full.trim();
  // A docstring's quotes alone, restating the line above, open a new string: not punctuation there.
  if (/^(?:"""|''')$/.test(trimmed)) return !first && startMode === 'code' && trimmed === facts.prevLine;
  if (isTrivialLine(trimmed)) return false;
  // Indentation-block languages: the suffix's next line may sit in an enclosing block; indentation tells them apart.
  if (facts.dedent ? facts.suffixHead.includes(full.trimEnd()) : trimmed === facts.nextLine || (!first && facts.suffixHead.includes(full.trimEnd()))) return true;
  // After a block header (`elif b:█`) the line above ends the previous branch, which the new one may well repeat.
  // Table-like code (`eval: …,` then `valType: GaugeValue,` in every entry): a new entry that reached the
  // line above through a whole line with the same key as the one before it repeats the entries' fields, not restating.
  // A line inside a comment the completion opened (its own doc comment's `*/` under a `*/` above the cursor) restates nothing.
  return trimmed === facts.prevLine && !first && startMode === 'code' && !line.afterHeader && !sameKey(previous, facts.linesAbovePrev);
}

/**
 * A repeated line that opens a block (`go func() {` under `go func() {`, `else:` under `else:`, `try {` above the
 * suffix's `try {`) may be nested code of the same shape: the repeat to hold and judge by the line after it, or
 * undefined when the line is a plain repeat.
 */
export function heldRepeat(facts: CursorFacts, line: { full: string; start: number; depthBefore: number; depthAfter: number }): HeldRepeat | undefined {
  const trimmed = line.full.trim();
  const opens = line.depthAfter > line.depthBefore ? /[([{]$/.test(trimmed) : facts.dedent !== undefined && trimmed.endsWith(':');
  // A decorator (`@property` above the next method too) belongs to the declaration after it.
  const decorator = /^@[\p{L}_$][\w.$]*(?:\(.*\))?$/u.test(trimmed);
  if (!(opens || decorator)) return undefined;
  const { suffixHead, nextLine } = facts;
  const at = trimmed === nextLine ? 0 : suffixHead.indexOf(line.full.trimEnd());
  return { start: line.start, indent: indentWidth(line.full), depth: line.depthBefore, decorator, next: at >= 0 ? suffixHead[at + 1]?.trim() : undefined };
}

/** The line after a held repeat: inside the block it opened, and not the suffix's own next line, it makes the repeat code. */
export function heldRepeatIsCode(held: HeldRepeat, facts: CursorFacts, line: { full: string; depthBefore: number }): boolean {
  const inBody = held.decorator || line.depthBefore > held.depth || (facts.dedent !== undefined && indentWidth(line.full) > held.indent);
  // The start of the suffix's next line counts too: the token limit may have cut the reply inside it.
  return inBody && (held.next === undefined || !held.next.startsWith(line.full.trim()));
}

/** A repeated line held until the next line shows whether it opened a block of its own. */
export interface HeldRepeat {
  start: number;
  indent: number;
  depth: number;
  /** A decorator: the declaration it decorates follows at its own indentation. */
  decorator: boolean;
  /** The suffix's line after the one repeated: written next, the model is re-typing the suffix. */
  next: string | undefined;
}

export const indentWidth = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/** A line's leading key (`eval:`, `"job":`, `Name:`): entries of a table give their fields in the same order. */
const KEY = /^[\p{L}\p{N}_$."'-]+\s*:(?!=)/u;

function sameKey(a: string, b: string): boolean {
  const key = KEY.exec(a.trim())?.[0].replace(/\s+/g, '');
  return key !== undefined && key === KEY.exec(b)?.[0].replace(/\s+/g, '');
}
