import { asciiView } from '../../../util/ascii-pattern.js';

/**
 * A name or `pkg.Name` (any language), and whether a call follows. Identifiers are consumed whole from left to
 * right. What {@link NameUses} reads; it runs itself only on text with a non-ASCII letter or digit.
 */
export const NAME_USE = /([\p{L}_][\p{L}\p{N}_]*)(?:\.([\p{L}_][\p{L}\p{N}_]*))?(\s*\()?/gu;

/**
 * The uses NAME_USE matches in a text, one at a time and in order, as offsets: a scan of the lines around the
 * cursor meets thousands of names and keeps a few (calls, `pkg.Name`), and a match object for each one dropped
 * was most of what the file-wide scan allocated (~257 KB a go-stdlib line). Each `next()` moves to the next
 * use and sets the fields; nothing is allocated for it. On text with a non-ASCII letter or digit the pattern
 * itself is run (its property classes read those right).
 */
export class NameUses {
  /** The name, or the qualifier of `pkg.Name`. */
  nameStart = 0;
  nameEnd = 0;
  /** The member of `pkg.Name`; -1 when there is none. */
  memberStart = -1;
  memberEnd = -1;
  /** Whether `(` follows (after spaces). */
  called = false;
  /** Where the scan goes on: past the last use (and past its `(` when called). */
  private at = 0;
  /** The text as ASCII (see asciiView): undefined when the pattern reads it. */
  private readonly view: string | undefined;
  private readonly matches: IterableIterator<RegExpMatchArray> | undefined;

  constructor(text: string) {
    this.view = asciiView(text);
    if (this.view === undefined) this.matches = text.matchAll(NAME_USE);
  }

  /** Moves to the next use; false past the last. */
  next(): boolean {
    const view = this.view;
    if (view === undefined) return this.nextMatch();
    let at = this.at;
    while (at < view.length && !isNameStart(view.charCodeAt(at))) at++;
    if (at >= view.length) return false;
    this.nameStart = at;
    at = nameEnd(view, at + 1);
    this.nameEnd = at;
    this.memberStart = this.memberEnd = -1;
    if (view.charCodeAt(at) === DOT && isNameStart(view.charCodeAt(at + 1))) {
      this.memberStart = at + 1;
      at = this.memberEnd = nameEnd(view, at + 2);
    }
    let paren = at;
    while (isSpace(view.charCodeAt(paren))) paren++;
    this.called = view.charCodeAt(paren) === OPEN;
    this.at = this.called ? paren + 1 : at;
    return true;
  }

  private nextMatch(): boolean {
    const step = this.matches!.next();
    if (step.done === true) return false;
    const match = step.value;
    this.nameStart = match.index!;
    this.nameEnd = this.nameStart + match[1]!.length;
    this.memberStart = match[2] === undefined ? -1 : this.nameEnd + 1;
    this.memberEnd = match[2] === undefined ? -1 : this.memberStart + match[2].length;
    this.called = match[3] !== undefined;
    return true;
  }
}

const DOT = 0x2e;
const OPEN = 0x28;

/** `[A-Za-z_]`: what starts a name in ASCII text. */
function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

/** Past the name characters (`[A-Za-z0-9_]`) from `at`. */
function nameEnd(view: string, at: number): number {
  let end = at;
  for (let code = view.charCodeAt(end); isNameStart(code) || (code >= 0x30 && code <= 0x39); code = view.charCodeAt(++end));
  return end;
}

/** `\s` in ASCII text: tab, line feed, vertical tab, form feed, carriage return, space. */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}
