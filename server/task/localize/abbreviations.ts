import type { Bm25Documents } from './lexical.js';

/** Shorter than this, a word is too likely to begin unrelated words to stand for one. */
const MIN_PIECE = 4;
/** A prose word stands for at most this many longer code words, the most frequent first. */
const MAX_EXPANSIONS = 4;

/**
 * Task words the code spells shorter or longer: prose says "configuration", "asynchronous",
 * "parameter" where identifiers say `config`, `async`, `param`; a terse task says "unsubs" where
 * the code says `unsubscribe`. Each task word the code's vocabulary lacks, or holds only as a
 * longer form of a word it also holds shorter, adds the longest code word it begins with and the
 * code words that begin with it, at `weight` of its own weight. Read from the repository's own
 * vocabulary, so it holds for any language and any project's abbreviations.
 */
export function abbreviationTerms(words: ReadonlyMap<string, number>, docs: Bm25Documents, weight: number): Map<string, number> {
  const added = new Map<string, number>();
  const give = (term: string, value: number) => {
    if (!words.has(term) && (added.get(term) ?? 0) < value) added.set(term, value);
  };
  const missing: Array<[string, number]> = [];
  for (const [word, value] of words) {
    if (word.length <= MIN_PIECE) continue;
    for (let end = word.length - 1; end >= MIN_PIECE; end--) {
      const prefix = word.slice(0, end);
      if (docs.postings.has(prefix)) {
        give(prefix, value * weight);
        break;
      }
    }
    if (!docs.postings.has(word)) missing.push([word, value]);
  }
  if (missing.length === 0) return added;
  // One pass over the vocabulary for all missing words: a large repository holds tens of thousands.
  const longer = missing.map(() => [] as Array<[string, number]>);
  // Keys only: a model read back from disk decodes a posting only when it is asked for.
  for (const term of docs.postings.keys()) {
    for (const [i, [word]] of missing.entries()) if (term.length > word.length && term.startsWith(word)) longer[i]!.push([term, docs.postings.get(term)!.ids.length]);
  }
  for (const [i, [, value]] of missing.entries()) {
    for (const [term] of longer[i]!.sort((a, b) => b[1] - a[1]).slice(0, MAX_EXPANSIONS)) give(term, value * weight);
  }
  return added;
}
