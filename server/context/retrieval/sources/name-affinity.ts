/** Words this short (`on`, `is`, `get`) join names of every kind and say nothing of which member is meant. */
const MIN_WORD = 4;

/**
 * The words of an identifier, lower-cased and singular (`#updateStaleTimeout` → update, stale,
 * timeout; `getQueries` → query), split at case changes, digits and underscores.
 */
export function nameWords(name: string): string[] {
  const words = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}]+/u)
    .map((word) => singular(word.toLowerCase()));
  return words.filter((word) => word.length >= MIN_WORD);
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 4) return word.slice(0, -1);
  return word;
}

/**
 * How many words a member's name shares with the name of the function being written: a function
 * is often named for what it does to a value (`invalidateQueries` calls `query.invalidate()`,
 * `#updateStaleTimeout` sets a timeout), so among a type's many members those sharing its words are
 * likelier next than their popularity alone says. 0 when the function has no name.
 */
export function nameAffinity(functionName: string | undefined, doc = ''): (member: string, claimed?: Set<string>) => number {
  const wanted = new Set(functionName === undefined ? [] : nameWords(functionName));
  const described = new Set(nameWords(doc));
  if (wanted.size === 0 && described.size === 0) return () => 0;
  // A word in `claimed` (matched by a more used member already) counts no more; the words matched are added to it.
  return (member, claimed) => {
    let shared = 0;
    for (const word of memberWords(member)) {
      const worth = wanted.has(word) ? 1 : described.has(word) ? DOC_WORD : 0;
      if (worth === 0 || claimed?.has(word)) continue;
      shared += worth;
      claimed?.add(word);
    }
    return shared;
  };
}
const DOC_WORD = 0.5;

/** Member names' words, kept across gathers: the same few hundred members are ranked on every keystroke. */
const MEMBER_WORDS = new Map<string, ReadonlySet<string>>();
const MAX_MEMBER_WORDS = 20_000;

function memberWords(member: string): ReadonlySet<string> {
  let words = MEMBER_WORDS.get(member);
  if (!words) {
    if (MEMBER_WORDS.size >= MAX_MEMBER_WORDS) MEMBER_WORDS.clear();
    MEMBER_WORDS.set(member, (words = new Set(nameWords(member))));
  }
  return words;
}

/** How far above a function its doc comment is looked for. */
const COMMENT_REACH = 1500;

/**
 * The comment right above `start` (a function's doc comment, modifiers such as `export` between them), or ''.
 * The pattern is tried only from where such a comment can begin: over the whole reach it started at every `//`
 * of the comment lines above the previous function, each try running to the end of their block before failing
 * (over a millisecond, twice a gather, below a long commented header).
 */
export function commentAbove(text: string, start: number): string {
  const reach = Math.max(0, start - COMMENT_REACH);
  const from = earliestComment(text, reach, start);
  return from === undefined ? '' : (COMMENT_ABOVE.exec(text.slice(from, start))?.[1] ?? '');
}
const COMMENT_ABOVE = /(\/\*\*?(?:[^*]|\*(?!\/))*\*\/|(?:[ \t]*\/\/[^\n]*\n)+)\s*(?:[\p{L}_$]+[ \t]+)*$/u;
/** What may follow the comment: blank space and modifiers (`export default `), to the function. */
const AFTER_COMMENT = /^\s*(?:[\p{L}_$]+[ \t]+)*$/u;

/**
 * No earlier offset than this (from `reach` on) can begin COMMENT_ABOVE's match in the text up to `end`, or
 * undefined when none can match. Nothing after the comment has a slash, so the comment holds the last one: a
 * block comment ends with it, or the last of a run of line comments holds it.
 */
function earliestComment(text: string, reach: number, end: number): number | undefined {
  // Looked for within the reach only: below it, a file without slashes would be read to its top.
  let slash = end - 1;
  while (slash >= reach && text[slash] !== '/') slash--;
  if (slash < reach + 1) return undefined;
  let earliest: number | undefined;
  // A block comment closed by the last slash begins after the `*/` before its own (or at it: `/**/`).
  if (text[slash - 1] === '*' && AFTER_COMMENT.test(text.slice(slash + 1, end))) {
    const close = slash - 2 >= reach ? text.lastIndexOf('*/', slash - 2) : -1;
    earliest = Math.max(reach, close - 2);
  }
  // Line comments: the lines holding only a comment above the last one, and the line above them (`x := 1 // …`).
  const lineEnd = text.indexOf('\n', slash);
  if (lineEnd >= 0 && lineEnd < end && AFTER_COMMENT.test(text.slice(lineEnd + 1, end))) {
    let line = lineStart(text, reach, slash);
    if (isLineComment(text, line, lineEnd))
      while (line > reach) {
        const above = lineStart(text, reach, line - 1);
        const comment = isLineComment(text, above, line - 1);
        line = above;
        if (!comment) break;
      }
    earliest = Math.min(earliest ?? line, line);
  }
  return earliest;
}

/** Where the line holding `at` starts, no earlier than `reach`. */
function lineStart(text: string, reach: number, at: number): number {
  return at > reach ? Math.max(reach, text.lastIndexOf('\n', at - 1) + 1) : reach;
}

/** Whether the line from `start` to its break at `end` holds only a line comment (blanks, then two slashes). */
function isLineComment(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i + 1 < end && text[i] === '/' && text[i + 1] === '/';
}
