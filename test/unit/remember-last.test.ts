import { describe, expect, it } from 'vitest';
import { rememberLast } from '../../server/util/remember-last.js';

describe('rememberLast', () => {
  it('runs once for the same arguments called again, and again when one of them changes', () => {
    const facts = { depth: 1 };
    const calls: string[] = [];
    const cut = rememberLast((raw: string, known: object) => {
      calls.push(raw);
      return `${raw.trim()}:${known === facts ? 'same' : 'other'}`;
    });
    expect(cut('return count\n', facts)).toBe('return count:same');
    // The reply's final text, the same as its last chunk's text: not cut again.
    expect(cut('return count\n', facts)).toBe('return count:same');
    expect(calls).toEqual(['return count\n']);
    expect(cut('return count\n', { depth: 1 })).toBe('return count:other');
    expect(cut('return total\n', facts)).toBe('return total:same');
    expect(calls).toEqual(['return count\n', 'return count\n', 'return total\n']);
  });
});
