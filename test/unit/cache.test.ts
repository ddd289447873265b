import { describe, expect, it } from 'vitest';
import { CompletionCache, TypedAhead } from '../../server/completion/cache.js';

const key = { model: 'm', family: 'qwen', mode: 'single', maxTokens: 48, temperature: 0.1, prompt: 'P' };

describe('completion cache', () => {
  it('hits only when everything that changes the answer is equal', () => {
    const cache = new CompletionCache(10);
    cache.set(key, 'x + 1');
    expect(cache.get({ ...key })).toBe('x + 1');
    expect(cache.get({ ...key, model: 'n' })).toBeUndefined();
    expect(cache.get({ ...key, temperature: 0.2 })).toBeUndefined();
    expect(cache.get({ ...key, prompt: 'Q' })).toBeUndefined();
    expect(cache.get({ ...key, mode: 'multi' })).toBeUndefined();
  });

  it('evicts the least recently used entry and can be disabled', () => {
    const cache = new CompletionCache(2);
    cache.set({ ...key, prompt: 'a' }, 'A');
    cache.set({ ...key, prompt: 'b' }, 'B');
    cache.get({ ...key, prompt: 'a' });
    cache.set({ ...key, prompt: 'c' }, 'C');
    expect(cache.get({ ...key, prompt: 'b' })).toBeUndefined();
    expect(cache.get({ ...key, prompt: 'a' })).toBe('A');
    const off = new CompletionCache(0);
    off.set(key, 'x');
    expect(off.get(key)).toBeUndefined();
  });
});

describe('typed-ahead', () => {
  it('serves the rest of the shown suggestion as the user types it', () => {
    const ahead = new TypedAhead();
    ahead.remember('u', { prefix: 'x := ', suffix: '\n}', version: -1, text: 'compute(a, b)', mode: 'single' });
    expect(ahead.lookup('u', 'x := comp', '\n}')).toBe('ute(a, b)');
    expect(ahead.lookup('u', 'x := ', '\n}')).toBe('compute(a, b)');
  });

  it('misses when the typed text diverges, the suffix changed, the user deleted, or nothing is left', () => {
    const ahead = new TypedAhead();
    ahead.remember('u', { prefix: 'x := ', suffix: '\n}', version: -1, text: 'compute(a, b)', mode: 'single' });
    expect(ahead.lookup('u', 'x := cont', '\n}')).toBeUndefined();
    expect(ahead.lookup('u', 'x := comp', '\n}\n')).toBeUndefined();
    expect(ahead.lookup('u', 'x :=', '\n}')).toBeUndefined();
    expect(ahead.lookup('u', 'x := compute(a, b)', '\n}')).toBeUndefined();
    expect(ahead.lookup('other', 'x := comp', '\n}')).toBeUndefined();
  });
});
