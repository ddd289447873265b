import { LRUCache } from 'lru-cache';

// eslint-disable-next-line no-control-regex -- the test is for the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What the field-line pattern (`^\s+(?:ID\s*,\s*)*FIELD\b(?:\s*,\s*ID)*\s*(\S.*)$`, multiline)
 * captures for each field of an ASCII type text, every field read in one pass instead of one
 * pattern compiled and run per field (that was a third of the definitions source's time on the Go
 * standard library). A field maps to `null` where only the pattern can tell (a list of names at the
 * very end of the text, where it backtracks into a name); a field missing from the table is one the
 * pattern does not match.
 */
export function fieldLineTable(typeText: string): ReadonlyMap<string, string | null> | undefined {
  if (!ASCII_ONLY.test(typeText)) return undefined;
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
    if (!isSpace(text.charCodeAt(s))) continue;
    const start = skipSpaces(text, s);
    if (start === lastStart) continue;
    lastStart = start;
    const { names, end } = nameList(text, start);
    if (names.length === 0) continue;
    const rest = skipSpaces(text, end);
    const capture = rest >= text.length ? null : text.slice(rest, lineEnd(text, rest));
    // The first line naming a field is the one the pattern finds.
    for (const name of names) if (!table.has(name)) table.set(name, capture);
  }
  return table;
}

/** Names separated by commas (`a, b`, white space and line breaks around the commas) from `at`, and where the last one ends. */
function nameList(text: string, at: number): { names: string[]; end: number } {
  const names: string[] = [];
  let end = at;
  let p = at;
  while (isNameStart(text.charCodeAt(p))) {
    let q = p + 1;
    while (isNamePart(text.charCodeAt(q))) q++;
    names.push(text.slice(p, q));
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

/** Where the line holding `from` ends (`.` stops at \n and \r). */
function lineEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
  return at;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** `\s` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}
