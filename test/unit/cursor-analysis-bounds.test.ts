import { describe, expect, it } from 'vitest';
import { analyzeCursor, PREFIX_WINDOW, SUFFIX_WINDOW } from '../../server/completion/stream-filters.js';
import type { LanguageId } from '../../server/completion/types.js';
import { splitAtCursor } from '../support/cursor.js';

/** Code repeated around the cursor's function, to make the file as large as the test asks. */
const FILLER: Partial<Record<LanguageId, (i: number) => string>> = {
  go: (i) => `func helper${i}(items []int) int {\n\ttotal := 0\n\tfor _, v := range items {\n\t\ttotal += v * ${i}\n\t}\n\treturn total\n}\n\n`,
  typescript: (i) => `function helper${i}(items: number[]): number {\n  let total = 0;\n  for (const v of items) {\n    total += v * ${i};\n  }\n  return total;\n}\n\n`,
  python: (i) => `def helper${i}(items):\n    total = 0\n    for v in items:\n        total += v * ${i}\n    return total\n\n\n`,
};

// Cursors inside a small block: what the analysis must read of the suffix ends with that block.
const CASES: Array<{ name: string; languageId: LanguageId; cursor: string }> = [
  { name: 'Go, inside an if in a function', languageId: 'go', cursor: 'func f(x int) int {\n\tif x > 0 {\n\t\t█\n\t}\n\treturn x\n}\n\n' },
  { name: 'Go, an argument list left open', languageId: 'go', cursor: 'func f(x int) int {\n\treturn g(x, █\n}\n\n' },
  { name: 'TypeScript, inside a method', languageId: 'typescript', cursor: 'class A {\n  run(x: number) {\n    █\n  }\n}\n\n' },
  { name: 'Python, inside a call', languageId: 'python', cursor: 'def f(x):\n    return g(x, █)\n\n\n' },
  { name: 'Python, in a function body', languageId: 'python', cursor: 'def f(x):\n    if x:\n        █\n    return x\n\n\n' },
];

/** The cut's windows (cut-window.ts) of a file with `around` filler functions on each side of the cursor's. */
function windowsOf(cursor: string, languageId: LanguageId, around: number) {
  const filler = (from: number) => Array.from({ length: around }, (_, i) => FILLER[languageId]!(from + i)).join('');
  const { prefix, suffix } = splitAtCursor(filler(0) + cursor + filler(around));
  return { prefix: prefix.slice(-PREFIX_WINDOW), suffix: suffix.slice(0, SUFFIX_WINDOW), mode: 'multi' as const, languageId };
}

describe('cursor analysis work', () => {
  for (const c of CASES) {
    it(`reads the prefix window and the suffix only to the cursor's block, whatever the file size: ${c.name}`, () => {
      const block = splitAtCursor(c.cursor).suffix.length;
      for (const around of [100, 1000]) {
        const facts = analyzeCursor(windowsOf(c.cursor, c.languageId, around));
        // A count, not a time: the old analysis read the suffix window to its end (16 KB) behind the block.
        expect(facts.scanned, `${around} functions on each side`).toBeLessThanOrEqual(PREFIX_WINDOW + block);
      }
    });
  }
});
