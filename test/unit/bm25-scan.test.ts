import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { topByBm25 } from '../../server/context/index/bm25-scan.js';

/** A MiniSearch configured as the lexical index's, with exact whitespace-split terms. */
function searchIndex() {
  return new MiniSearch<{ id: number; name: string; text: string }>({
    fields: ['name', 'text'],
    tokenize: (text) => text.split(' ').filter((term) => term !== ''),
    processTerm: (term) => term,
    searchOptions: { boost: { name: 3 }, combineWith: 'OR', prefix: false, fuzzy: false },
  });
}

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const WORDS = Array.from({ length: 40 }, (_, i) => `w${i}`);

function words(next: () => number, count: number): string {
  return Array.from({ length: count }, () => WORDS[Math.floor(next() * next() * WORDS.length)]).join(' ');
}

describe('topByBm25', () => {
  it('ranks and scores as MiniSearch search does, ties in its order, after adds and removes', () => {
    const next = random(7);
    const search = searchIndex();
    const docs = new Map<number, { id: number; name: string; text: string }>();
    for (let id = 1; id <= 400; id++) {
      const doc = { id, name: words(next, 1 + Math.floor(next() * 3)), text: words(next, Math.floor(next() * 12)) };
      docs.set(id, doc);
      search.add(doc);
    }
    for (let id = 1; id <= 400; id += 7) search.remove(docs.get(id)!);
    for (let query = 0; query < 60; query++) {
      const terms = [...new Set(words(next, 1 + Math.floor(next() * 8)).split(' '))];
      const expected = search
        .search(terms.join(' '), { tokenize: (text) => text.split(' ') })
        .slice(0, 30)
        .map((hit) => ({ id: hit.id as unknown, score: hit.score }));
      expect(topByBm25(search, terms, { name: 3, text: 1 }, 30)).toEqual(expected);
    }
  });

  it('gives way to search where a discarded document is still in the postings', () => {
    const search = searchIndex();
    search.add({ id: 1, name: 'alpha', text: 'beta' });
    search.add({ id: 2, name: 'beta', text: 'alpha' });
    search.discard(1);
    expect(topByBm25(search, ['alpha'], { name: 3, text: 1 }, 10)).toBeUndefined();
    expect(topByBm25(search, ['gamma'], { name: 3, text: 1 }, 10)).toEqual([]);
  });
});
