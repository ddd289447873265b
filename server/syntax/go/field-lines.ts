import { LRUCache } from 'lru-cache';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UNICODE_SPACE = /^\s$/u;
const UNICODE_NAME_START = /^[\p{L}_]$/u;
const UNICODE_NAME_PART = /^[\p{L}\p{N}_]$/u;

/**
 * What the field-line pattern (`^\s+(?:ID\s*,\s*)*FIELD\b(?:\s*,\s*ID)*\s*(\S.*)$`, multiline,
 * Unicode) captures for each field of a type text, every field read in one pass instead of one
 * pattern compiled and run per field (that was a third of the definitions source's time on the Go
 * standard library; on non-ASCII text, which the table first left to the pattern, a fifth of it
 * still). A field maps to `null` where only the pattern can tell (a list of names at the very end of
 * the text, where it backtracks into a name); a field missing from the table is one the pattern does
 * not match.
 */
export function fieldLineTable(typeText: string): ReadonlyMap<string, string | null> {
  let table = TABLES.get(typeText);
  if (!table) TABLES.set(typeText, (table = readFieldLines(typeText)));
  return table;
}

/** Whether `field` is a plain ASCII name, which the table reads as the pattern would. */
export function plainFieldName(field: string): boolean {
  return NAME.test(field);
}

const TABLES = new LRUCache<string, ReadonlyMap<string, string | null>>({ max: 2048 });

function readFieldLines(text: string): Map<string, string | null> {
  const table = new Map<string, string | null>();
  let lastStart = -1;
  for (let s = 0; s < text.length; s = nextLine(text, s)) {
    // `^\s+`: a line that starts with white space; the names start at the first non-space, maybe lines below.
    if (!isSpace(text.codePointAt(s)!)) continue;
    const start = skipSpaces(text, s);
    if (start === lastStart) continue;
    lastStart = start;
    const { names, end } = nameList(text, start);
    if (names.length === 0) continue;
    const rest = skipSpaces(text, end);
    const capture = rest >= text.length ? null : text.slice(rest, lineEnd(text, rest));
    // The pattern backtracks from the last name of the list, so of two names it matches the later one decides.
    const line = new Map<string, string | null>();
    for (const { name, word, at } of names) {
      if (word === name.length) line.set(name, capture);
      // `fooé`: `foo\b` matches (\b is ASCII), and what follows it is captured up to the line's end.
      else if (word > 0) line.set(name.slice(0, word), text.slice(at, lineEnd(text, at)));
    }
    // The first line naming a field is the one the pattern finds.
    for (const [name, value] of line) if (!table.has(name)) table.set(name, value);
  }
  return table;
}

/** A name of a list: its text, how many of its leading characters are ASCII word characters, and where they end. */
interface ListName {
  name: string;
  word: number;
  at: number;
}

/** Names separated by commas (`a, b`, white space and line breaks around the commas) from `at`, and where the last one ends. */
function nameList(text: string, at: number): { names: ListName[]; end: number } {
  const names: ListName[] = [];
  let end = at;
  let p = at;
  while (isNameStart(text.codePointAt(p))) {
    let q = p;
    let word = -1;
    while (isNamePart(text.codePointAt(q))) {
      const code = text.charCodeAt(q);
      if (word < 0 && !isAsciiNamePart(code)) word = q - p;
      q += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    if (word < 0) word = q - p;
    names.push({ name: text.slice(p, q), word, at: p + word });
    end = q;
    const comma = skipSpaces(text, q);
    if (text.charCodeAt(comma) !== 44 /* , */) break;
    p = skipSpaces(text, comma + 1);
  }
  return { names, end };
}

function nextLine(text: string, from: number): number {
  const end = lineEnd(text, from);
  return end >= text.length ? text.length : end + 1;
}

/** Where the line holding `from` ends (`.` stops at \n, \r, U+2028 and U+2029; `^` starts after them). */
function lineEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isLineBreak(text.charCodeAt(at))) at++;
  return at;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** `\s`: on ASCII tab, line feed, vertical tab, form feed, carriage return, space; beyond it Unicode's white space. */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return UNICODE_SPACE.test(String.fromCharCode(code));
}

function isNameStart(code: number | undefined): boolean {
  if (code === undefined) return false;
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return UNICODE_NAME_START.test(String.fromCodePoint(code));
}

function isNamePart(code: number | undefined): boolean {
  if (code === undefined) return false;
  if (code < 128) return isAsciiNamePart(code);
  return UNICODE_NAME_PART.test(String.fromCodePoint(code));
}

function isAsciiNamePart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (code >= 48 && code <= 57);
}
