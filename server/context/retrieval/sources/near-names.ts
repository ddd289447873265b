import { linesBetween } from '../../../core/line-walk.js';
import { codeTerms } from '../../index/lexical-index.js';
import type { Focus } from '../focus.js';

/**
 * How far a member whose name is made of the words the code around the cursor uses moves up its
 * type's ranking: among a type's many methods, the one the line calls often names what the lines
 * around it handle (`buf.WriteRune(i.Rune[0])` below `len(i.Rune) != 1`, `m.IsLocal()` beside
 * `local`). A place is divided by 1 + this × the share of the name's words used: 1 and 2 gained
 * alike on all nine benchmark corpora (2 one more query-core method); 3 moved so many up that rxjs
 * lost snippets at the budget's edge.
 */
const NAME_AFFINITY_BONUS = 2;

const WORDS = new WeakMap<Focus, ReadonlySet<string>>();

/** The words of the identifiers around the cursor (the focus's query terms), as a set: made once per gather. */
function nearWords(focus: Focus): ReadonlySet<string> {
  let words = WORDS.get(focus);
  if (!words) WORDS.set(focus, (words = new Set(focus.terms)));
  return words;
}

/**
 * The share (0 to 1) of a name's words (`WriteRune`: write, rune) that the identifiers around the
 * cursor use; a one-word name counts when that word is used. A word in `claimed` (one an earlier,
 * more used member of the same type already matched) does not count, and the words matched are
 * added to it: `subscribe` near the cursor lifts `subscribe`, not also `_subscribe` and `_trySubscribe`.
 */
export function nearAffinity(focus: Focus, name: string, claimed?: Set<string>): number {
  return affinityTo(nearWords(focus), name, claimed);
}

/** nearAffinity against the words around the cursor, looked up once by the caller. */
function affinityTo(near: ReadonlySet<string>, name: string, claimed?: Set<string>): number {
  const words = wordsOf(name);
  if (words.length === 0) return 0;
  let shared = 0;
  for (const word of words) {
    if (!near.has(word) || claimed?.has(word)) continue;
    shared++;
    claimed?.add(word);
  }
  return shared / words.length;
}

/** Words of member names, kept across gathers (the same types' methods are asked about on every keystroke); emptied past a bound. */
const NAME_WORDS = new Map<string, readonly string[]>();
const MAX_NAMES = 20000;

/** A name's words (`WriteRune`: write, rune), or the name itself when it is one word; kept across gathers (see NAME_WORDS). */
export function wordsOf(name: string): readonly string[] {
  let words = NAME_WORDS.get(name);
  if (words) return words;
  const terms = codeTerms(name);
  // codeTerms gives the whole name first, then its words when it has several.
  words = terms.length > 1 ? terms.slice(1) : terms;
  if (NAME_WORDS.size >= MAX_NAMES) NAME_WORDS.clear();
  NAME_WORDS.set(name, words);
  return words;
}

/**
 * A member the file calls elsewhere (`x.Len()` a few lines up, on any value) is often called again:
 * a type with a hundred methods has few the file leans on, and the one called nearest the cursor
 * is the likeliest. Its place is divided by 1 + this × its closeness (1 on the cursor's line, ½ at
 * CLOSE_LINES away), counted over CALL_REACH lines either side. On go-stdlib 2 gained 3 methods, 4
 * and 8 four; with CLOSE_LINES 20, a bonus of 4 cost query-core a method and a type (members a
 * class calls all over crowded them out), with 8 it cost nothing, unless the bonus was 8; a reach
 * of 400 lines changed nothing.
 */
const CALLED_BONUS = 4;
const CLOSE_LINES = 8;
const CALL_REACH = 150;
const MEMBER_CALL = /\.([A-Za-z_$][\w$]*)\s*\(/g;

const CALLED = new WeakMap<Focus, ReadonlyMap<string, number>>();

/** The members called (`.name(`) within CALL_REACH lines of the cursor, with their closeness (see CALLED_BONUS): made once per gather. */
export function calledNear(focus: Focus): ReadonlyMap<string, number> {
  let called = CALLED.get(focus);
  if (called) return called;
  const closeness = new Map<string, number>();
  const { text, cursorLineStart } = focus;
  let from = cursorLineStart;
  for (let n = 0; n < CALL_REACH && from > 0; n++) from = text.lastIndexOf('\n', from - 2) + 1;
  let line = -linesBetween(text, from, cursorLineStart);
  let at = from;
  for (let n = 0; n <= 2 * CALL_REACH && at < text.length; n++, line++) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    const near = 1 / (1 + Math.abs(line) / CLOSE_LINES);
    for (const match of text.slice(at, stop).matchAll(MEMBER_CALL)) closeness.set(match[1]!, Math.max(closeness.get(match[1]!) ?? 0, near));
    at = stop + 1;
  }
  CALLED.set(focus, (called = closeness));
  return called;
}

/**
 * A type's members (ranked by use) with the place each is offered at: the first `head` all, the
 * rest only when their names share a word with the code around the cursor or the file calls them
 * near it; every place moved up by the name's affinity (see nearAffinity), a word lifting the most
 * used member that has it, and by how near the cursor the file calls it (see CALLED_BONUS).
 */
export function placedByName<T extends { declaration: { name: string } }>(focus: Focus, members: readonly T[], head: number): Array<[T, number]> {
  const claimed = new Set<string>();
  const placed: Array<[T, number]> = [];
  // Looked up once, not per member: a type brings up to 64.
  const called = calledNear(focus);
  const near = nearWords(focus);
  members.forEach((member, i) => {
    const { name } = member.declaration;
    const closeness = called.get(name) ?? 0;
    if (i >= head && closeness === 0 && affinityTo(near, name) === 0) return;
    placed.push([member, i / (1 + NAME_AFFINITY_BONUS * affinityTo(near, name, claimed) + CALLED_BONUS * closeness)]);
  });
  return placed;
}
