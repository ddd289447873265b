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
export function nameAffinity(functionName: string | undefined): (member: string) => number {
  const wanted = new Set(functionName === undefined ? [] : nameWords(functionName));
  if (wanted.size === 0) return () => 0;
  return (member) => {
    let shared = 0;
    for (const word of new Set(nameWords(member))) if (wanted.has(word)) shared++;
    return shared;
  };
}
