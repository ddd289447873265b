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

/** The comment right above `start` (a function's doc comment, modifiers such as `export` between them), or ''. */
export function commentAbove(text: string, start: number): string {
  const before = text.slice(Math.max(0, start - 1500), start);
  return COMMENT_ABOVE.exec(before)?.[1] ?? '';
}
const COMMENT_ABOVE = /(\/\*\*?(?:[^*]|\*(?!\/))*\*\/|(?:[ \t]*\/\/[^\n]*\n)+)\s*(?:[\p{L}_$]+[ \t]+)*$/u;
