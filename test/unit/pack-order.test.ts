import { describe, expect, it } from 'vitest';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { DENSITY_EXPONENT, densityAt, PackOrder } from '../../server/context/retrieval/pack-order.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';

const candidate = (path: string, line: number, name: string, content: string, score: number): Candidate => ({
  key: `${path}#${line}:${name}`,
  path,
  line,
  content,
  score,
  source: 'definitions',
});

const LONG = 'internal/platform/syscall/windows/registry/b.go';

/**
 * What a snippet costs includes its file's label until the file is packed (and a class member's header
 * until one member of the class is): with room for one more snippet, a slightly weaker declaration of a
 * file already in the prompt goes before one that needs a new long label, as it leaves more room.
 */
describe('packing counts what each snippet really costs', () => {
  it.each([
    {
      name: 'a file already packed costs no second label',
      candidates: [candidate('a.go', 1, '.A', 'func A() int', 0.9), candidate('a.go', 5, '.Helper', 'func Helper() int', 0.3), candidate(LONG, 1, '.B', 'func B() int', 0.32)],
      budget: 34,
      packed: ['func Helper() int'],
      left: ['func B() int'],
    },
    {
      name: 'a member of a packed class costs no second header',
      candidates: [
        candidate('src/query.ts', 3, 'QueryObserverWithOptions.fetch', 'export class QueryObserverWithOptions<TData> {\n  fetch(): Promise<TData>;\n}', 0.9),
        candidate('src/query.ts', 9, 'QueryObserverWithOptions.cancel', 'export class QueryObserverWithOptions<TData> {\n  cancel(): void;\n}', 0.3),
        candidate('src/utils/other.ts', 1, '.noop', 'export function noop(): void', 0.3),
      ],
      budget: 50,
      packed: ['  cancel(): void;'],
      left: ['export function noop(): void'],
    },
  ])('$name', ({ candidates, budget, packed, left }) => {
    const text = packCandidates(candidates, budget)
      .map((snippet) => snippet.content)
      .join('\n');
    for (const line of packed) expect(text).toContain(line);
    for (const line of left) expect(text).not.toContain(line);
  });
});

describe('packing stops early and breaks ties as the ranking does', () => {
  it('keeps trying once something did not fit while a member of a packed class can still fit', () => {
    const header = 'export class Registry {';
    const packed = packCandidates(
      [
        candidate('src/registry.ts', 3, 'Registry.open', `${header}\n  open(): void;\n}`, 0.9),
        candidate('src/big.ts', 1, '.big', `export const big = ${'1 + '.repeat(30)}1;`, 0.8),
        candidate('src/registry.ts', 9, 'Registry.close', `${header}\n  close(): void;\n}`, 0.2),
      ],
      // The first member with its file's label and header, and the second's own line: not the big one.
      34,
    )
      .map((snippet) => snippet.content)
      .join('\n');
    expect(packed).toContain('close(): void;');
    expect(packed).not.toContain('big');
  });

  it('between two candidates that cost the same, takes the denser one by its own text, then the first key', () => {
    // Seven characters of text and fourteen of path against fourteen of text and seven of path: the same cost.
    const short = candidate('zz/short.ts', 1, '.a', 'const a', 0.5);
    const long = candidate('a/b.ts', 1, '.abcdefg', 'const abcdefgh', 0.5);
    expect(packCandidates([long, short], 11).map((snippet) => snippet.path)).toEqual(['zz/short.ts']);
    const twin = candidate('zz/short.ts', 1, '.b', 'const b', 0.5);
    const other = candidate('zz/other.ts', 1, '.c', 'const c', 0.5);
    expect(packCandidates([twin, other], 11).map((snippet) => snippet.path)).toEqual(['zz/other.ts']);
  });
});

describe('the pack order prices again only what can get cheaper', () => {
  const file = (n: number) => Array.from({ length: n }, (_, i) => candidate('big.go', i, `.F${i}`, `func F${i}()`, 0.5 - i / 100));

  /** How many times the pack order asks a cost over ten takes from one file of 50, after it was made. */
  const pricedOverTenTakes = (options: { settled?: () => boolean; floor?: () => number }): number => {
    const open = new Set<string>();
    let asked = 0;
    const cost = (c: Candidate) => {
      asked++;
      return 4 + (open.has(c.path) ? 0 : 10);
    };
    const order = new PackOrder(file(50), { cost, ...options });
    asked = 0;
    for (let taken = 0; taken < 10; taken++) {
      const next = order.next()!;
      open.add(next.path);
      order.taken(next);
    }
    return asked;
  };

  it('prices a file’s settled candidates again when the file opens, not on each later take', () => {
    // The first take prices the 49 others; the nine after it price none.
    expect(pricedOverTenTakes({ settled: () => true })).toBe(49);
  });

  it('prices a candidate no more once it costs its floor, settled or not', () => {
    expect(pricedOverTenTakes({ floor: () => 4 })).toBe(49);
    // Without a floor each take prices the file's candidates not taken yet again.
    expect(pricedOverTenTakes({})).toBeGreaterThan(49);
  });

  it('takes candidates in the same order with or without settled ones', () => {
    const ranked = [...file(20), candidate('other.go', 1, '.G', 'func G() // a longer signature', 0.45)];
    const taken = (settled?: (c: Candidate) => boolean) => {
      const open = new Set<string>();
      const order = new PackOrder(ranked, { cost: (c) => Math.ceil(c.content.length / 3.5) + (open.has(c.path) ? 0 : 6), settled });
      const out: string[] = [];
      for (let next = order.next(); next; next = order.next()) {
        open.add(next.path);
        order.taken(next);
        out.push(next.key);
      }
      return out;
    };
    expect(taken(() => true)).toEqual(taken());
  });
});

describe('density', () => {
  it.each([0, 10, 10, 4095, 4096, 12.5])('of %d tokens is worth per weighted token, as Math.pow gives it, met again or not', (tokens) => {
    const one = candidate('a.go', 1, '.A', 'func A()', 0.7);
    expect(densityAt(one, tokens)).toBe(0.7 / Math.pow(tokens + 4, DENSITY_EXPONENT));
  });
});
