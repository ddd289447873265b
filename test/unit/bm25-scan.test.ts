import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { Bm25Scan } from '../../server/context/index/bm25-scan.js';

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

describe('Bm25Scan', () => {
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
    // One scan throughout, as the index keeps one: the terms' scores it keeps must not outlive an add or a remove.
    const scan = new Bm25Scan();
    let added = 400;
    for (let query = 0; query < 90; query++) {
      if (query % 3 === 1) {
        const doc = { id: ++added, name: words(next, 2), text: words(next, 6) };
        docs.set(doc.id, doc);
        search.add(doc);
      } else if (query % 3 === 2 && search.has(query)) search.remove(docs.get(query)!);
      const terms = [...new Set(words(next, 1 + Math.floor(next() * 8)).split(' '))];
      const expected = search
        .search(terms.join(' '), { tokenize: (text) => text.split(' ') })
        .slice(0, 30)
        .map((hit) => ({ id: hit.id as unknown, score: hit.score }));
      expect(scan.top(search, terms, { name: 3, text: 1 }, 30)).toEqual(expected);
    }
  });

  it('scores a term again after a document is added or removed', () => {
    const search = searchIndex();
    const scan = new Bm25Scan();
    search.add({ id: 1, name: 'alpha', text: 'beta' });
    search.add({ id: 2, name: 'gamma', text: 'alpha alpha' });
    const before = scan.top(search, ['alpha'], { name: 3, text: 1 }, 10);
    search.add({ id: 3, name: 'delta', text: 'alpha' });
    expect(scan.top(search, ['alpha'], { name: 3, text: 1 }, 10)).not.toEqual(before);
    search.remove({ id: 3, name: 'delta', text: 'alpha' });
    search.remove({ id: 1, name: 'alpha', text: 'beta' });
    expect(scan.top(search, ['alpha'], { name: 3, text: 1 }, 10)).toEqual([{ id: 2, score: search.search('alpha')[0]!.score }]);
  });

  it('scores a term again when asked with other field weights', () => {
    const search = searchIndex();
    const scan = new Bm25Scan();
    search.add({ id: 1, name: 'alpha', text: 'beta' });
    search.add({ id: 2, name: 'gamma', text: 'alpha alpha' });
    scan.top(search, ['alpha'], { name: 3, text: 1 }, 10);
    const evenly = scan.top(search, ['alpha'], { name: 1, text: 1 }, 10);
    const expected = search.search('alpha', { boost: { name: 1 } }).map(({ id, score }) => ({ id, score }));
    expect(evenly).toEqual(expected);
  });

  it('gives way to search where a discarded document is still in the postings', () => {
    const search = searchIndex();
    search.add({ id: 1, name: 'alpha', text: 'beta' });
    search.add({ id: 2, name: 'beta', text: 'alpha' });
    search.discard(1);
    expect(new Bm25Scan().top(search, ['alpha'], { name: 3, text: 1 }, 10)).toBeUndefined();
    expect(new Bm25Scan().top(search, ['gamma'], { name: 3, text: 1 }, 10)).toEqual([]);
  });
});
