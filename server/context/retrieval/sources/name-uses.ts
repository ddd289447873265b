/**
 * A name or `pkg.Name` (any language), and whether a call follows. Identifiers are consumed whole from left to
 * right. What {@link NameUses} finds, to the letter (its tests hold it to this pattern); the scan never runs it.
 */
export const NAME_USE = /([\p{L}_][\p{L}\p{N}_]*)(?:\.([\p{L}_][\p{L}\p{N}_]*))?(\s*\()?/gu;

/**
 * The uses NAME_USE matches in a text, one at a time and in order, as offsets: a scan of the lines around the
 * cursor meets thousands of names and keeps a few (calls, `pkg.Name`), and a match object for each one dropped
 * was most of what the file-wide scan allocated (~257 KB a go-stdlib line). Each `next()` moves to the next
 * use and sets the fields; nothing is allocated for it. ASCII characters are classified by their codes; the
 * others (a letter in a comment, an ellipsis) one code point at a time by the pattern's own classes (a string of
 * one or two units each), so a text with a non-ASCII letter or digit anywhere in reach (a `φ` in a comment of
 * prometheus's summary.go, a `10¹⁰` in histogram.go) is read at the pace of ASCII, not by the pattern and a match
 * object for every name.
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
  private at: number;

  /** `start`: where the scan begins, at a line's start (every name is read whole from there, as from the text's start). */
  constructor(
    private readonly text: string,
    start = 0,
  ) {
    this.at = start;
  }

  /** Moves to the next use; false past the last. */
  next(): boolean {
    const text = this.text;
    let at = this.at;
    // Past what starts no name: one unit at a time through ASCII, a code point at a time past it.
    for (;;) {
      if (at >= text.length) return false;
      const code = text.charCodeAt(at);
      if (code < 0x80) {
        if (isAsciiNameStart(code)) break;
        at++;
      } else if (NAME_START.test(codePoint(text, at))) break;
      else at += width(text, at);
    }
    this.nameStart = at;
    at = nameEnd(text, at + width(text, at));
    this.nameEnd = at;
    this.memberStart = this.memberEnd = -1;
    if (text.charCodeAt(at) === DOT && startsName(text, at + 1)) {
      this.memberStart = at + 1;
      at = this.memberEnd = nameEnd(text, at + 1 + width(text, at + 1));
    }
    let paren = at;
    while (isSpace(text, paren)) paren += width(text, paren);
    this.called = text.charCodeAt(paren) === OPEN;
    this.at = this.called ? paren + 1 : at;
    return true;
  }
}

const DOT = 0x2e;
const OPEN = 0x28;
/** NAME_USE's classes, for the code points past ASCII. */
const NAME_START = /^[\p{L}_]$/u;
const NAME_PART = /^[\p{L}\p{N}_]$/u;
const SPACE = /^\s$/u;

/** The UTF-16 units of the code point at `at` (a lone surrogate is one, as the pattern reads it). */
function width(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0xd800 || code > 0xdbff) return 1;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/** The code point at `at` as a string, for the classes past ASCII. */
function codePoint(text: string, at: number): string {
  return text.slice(at, at + width(text, at));
}

/** `[\p{L}_]`: what starts a name. */
function startsName(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return isAsciiNameStart(code);
  return at < text.length && NAME_START.test(codePoint(text, at));
}

/** Past the name characters (`[\p{L}\p{N}_]`) from `at`. */
function nameEnd(text: string, at: number): number {
  let end = at;
  for (let code = text.charCodeAt(end); ; code = text.charCodeAt(end)) {
    if (code < 0x80) {
      if (!(isAsciiNameStart(code) || (code >= 0x30 && code <= 0x39))) return end;
      end++;
    } else if (end < text.length && NAME_PART.test(codePoint(text, end))) end += width(text, end);
    else return end;
  }
}

/** `[A-Za-z_]`. */
function isAsciiNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

/** `\s`: tab, line feed, vertical tab, form feed, carriage return, space, and Unicode's white space past ASCII. */
function isSpace(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return at < text.length && SPACE.test(codePoint(text, at));
}
