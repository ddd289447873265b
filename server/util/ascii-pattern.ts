/**
 * Unicode property classes (`\p{L}`, `\p{N}`) make V8's regular expressions several times slower
 * than ASCII ranges, most of all behind a lookbehind: one scan of 24 KB for declared types took
 * 7 ms of CPU with them and 1.4 ms without. On ASCII text the two match exactly the same, and
 * most source files are ASCII, so the scan picks the ASCII form when the text allows it.
 */
// eslint-disable-next-line no-control-regex -- the test is for the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Inside a character class, each property class as the ASCII range it stands for on ASCII text. */
const ASCII_RANGES: Record<string, string> = { L: 'A-Za-z', Lu: 'A-Z', Ll: 'a-z', N: '0-9' };

/** A pattern with an ASCII twin, see {@link asciiFast}. */
export interface AsciiFastPattern {
  /** The twin when `text` is ASCII, else the pattern. */
  for(text: string): RegExp;
  /**
   * The matches of the pattern (global) in `text`, found by the twin on an ASCII view of `text`
   * when it has no non-ASCII letter or digit (see {@link asciiView}): the same matches at the same
   * indices, and groups of name characters hold the same text. For patterns with no literal
   * space, `#` or non-ASCII character.
   */
  matchAll(text: string): IterableIterator<RegExpMatchArray>;
}

/**
 * `pattern` and its ASCII twin; `for(text)` returns the twin when `text` is ASCII, else `pattern`.
 * Property classes must stand inside character classes (`[\p{L}_]`, not a bare `\p{L}`).
 */
export function asciiFast(pattern: RegExp): AsciiFastPattern {
  let source = '';
  let inClass = false;
  for (let i = 0; i < pattern.source.length; i++) {
    const char = pattern.source[i]!;
    const property = char === '\\' ? /^\\p\{(\w+)\}/.exec(pattern.source.slice(i)) : null;
    if (property) {
      const range = ASCII_RANGES[property[1]!];
      if (range === undefined || !inClass) throw new Error(`asciiFast: no ASCII form for ${property[0]} in ${pattern.source}`);
      source += range;
      i += property[0].length - 1;
    } else if (char === '\\') {
      source += pattern.source.slice(i, i + 2);
      i++;
    } else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      source += char;
    }
  }
  const ascii = new RegExp(source, pattern.flags);
  return {
    for: (text) => (ASCII_ONLY.test(text) ? ascii : pattern),
    matchAll: (text) => {
      const view = asciiView(text);
      return view === undefined ? text.matchAll(pattern) : view.matchAll(ascii);
    },
  };
}

const NON_ASCII = /[\u0080-\uffff]+/g;
/** What a property class (or `^`, `$` and `.`) sees in non-ASCII text: letters, digits and line separators. */
const SEEN = /[\p{L}\p{N}\u2028\u2029]/u;
const SPACE = /\s/;

/**
 * `text` with each non-ASCII character (UTF-16 unit) replaced by an ASCII one a pattern without
 * property classes sees alike: a space for a space, `#` for the rest (an ellipsis or an arrow in a
 * comment), so every offset stays where it was; undefined when `text` has a non-ASCII letter,
 * digit or line separator, which only the Unicode pattern reads right. One `…` in a comment made
 * every scan of a 24 KB window take the slow Unicode path.
 */
export function asciiView(text: string): string | undefined {
  if (ASCII_ONLY.test(text)) return text;
  let seen = false;
  const view = text.replace(NON_ASCII, (run) => {
    if (SEEN.test(run)) seen = true;
    let out = '';
    for (const unit of run.split('')) out += SPACE.test(unit) ? ' ' : '#';
    return out;
  });
  return seen ? undefined : view;
}
