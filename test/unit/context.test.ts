import { describe, expect, it } from 'vitest';
import { windows } from '../../server/completion/context.js';
import { countedText } from '../support/counted-text.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `\tvalue${i} := compute(${i}) // line ${i}`).join('\n') + '\n';

describe('prompt windows', () => {
  it('takes the whole document when it fits', () => {
    const text = 'package main\nfunc f() {\n}\n';
    const w = windows({ text, offset: 20, prefixTokens: 1000, suffixTokens: 1000 });
    expect(w.prefix + w.suffix).toBe(text);
  });

  it('respects the budgets and cuts at line boundaries', () => {
    const text = lines(2000);
    const offset = text.length / 2;
    const w = windows({ text, offset, prefixTokens: 256, suffixTokens: 64 });
    expect(w.prefix.length).toBeLessThanOrEqual(256 * 3.5);
    expect(w.suffix.length).toBeLessThanOrEqual(64 * 3.5);
    expect(w.prefixStart === 0 || text[w.prefixStart - 1] === '\n').toBe(true);
    expect(w.suffix.endsWith('\n')).toBe(true);
    expect(text.slice(w.prefixStart, offset)).toBe(w.prefix);
  });

  it('keeps the prefix start fixed while the user types on one line', () => {
    let text = lines(3000);
    let offset = Math.floor(text.length / 2);
    offset = text.lastIndexOf('\n', offset) + 1;
    const starts = new Set<number>();
    for (const ch of 'result := helper(a, b)') {
      text = text.slice(0, offset) + ch + text.slice(offset);
      offset++;
      starts.add(windows({ text, offset, prefixTokens: 512, suffixTokens: 128 }).prefixStart);
    }
    expect(starts.size).toBe(1);
  });

  it('reads as much of a file at line 9,000 as at line 2,008 when the cursor line is known, and cuts where a count from the top would', () => {
    const text = lines(10_000);
    const reads = [2008, 9000].map((row) => {
      const offset = text.split('\n', row).join('\n').length + 1 + 3;
      const counted = countedText(text);
      const known = windows({ text: counted.text, offset, line: row, prefixTokens: 512, suffixTokens: 128 });
      expect(known).toEqual(windows({ text, offset, prefixTokens: 512, suffixTokens: 128 }));
      return counted.read();
    });
    expect(reads[1]).toBe(reads[0]);
  });
});
