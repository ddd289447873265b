import { describe, expect, it } from 'vitest';
import { LookupMap } from '../../server/task/lazy-views.js';

/** A map over a sorted key list whose values count how often they were built. */
function counted(keys: string[]): { map: LookupMap<string, number>; built: string[] } {
  const built: string[] = [];
  const lookup = (key: string) => {
    if (!keys.includes(key)) return undefined;
    built.push(key);
    return key.length;
  };
  return { map: new LookupMap(lookup, () => keys), built };
}

describe('LookupMap, the lazily decoded postings of a model read from disk', () => {
  it('lists its keys without building a value: a scan of the vocabulary decodes only what it then asks for', () => {
    const { map, built } = counted(['alpha', 'beta', 'gamma']);
    expect([...map.keys()]).toEqual(['alpha', 'beta', 'gamma']);
    expect(built).toEqual([]);
    expect(map.get('beta')).toBe(4);
    expect(built).toEqual(['beta']);
  });

  it('holds the same entries, in the same order, after its keys were listed', () => {
    const { map, built } = counted(['alpha', 'beta', 'gamma']);
    map.get('gamma');
    expect([...map.keys()]).toEqual(['alpha', 'beta', 'gamma']);
    expect([...map]).toEqual([
      ['alpha', 5],
      ['beta', 4],
      ['gamma', 5],
    ]);
    expect(built).toEqual(['gamma', 'alpha', 'beta']);
    expect([...map.keys()]).toEqual(['alpha', 'beta', 'gamma']);
  });
});
