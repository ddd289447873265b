import { describe, expect, it } from 'vitest';
import { analyzeCursor, createStreamFilter, createStreamFilterFor } from '../../server/completion/stream-filters.js';
import type { CompletionMode, LanguageId } from '../../server/completion/types.js';
import { cursorContext } from '../support/cursor.js';

const GO_MAIN = 'package main\n\nfunc main() {\n\t█\n}\n';
const TS_CALL = 'const user = await fetchUser(id);\nconsole.log(█);\n';

/** Feeds `text` in chunks of `size` characters and reports how much the filter examined (a count, not a time). */
function feed(fixture: string, mode: CompletionMode, lang: LanguageId, text: string, size: number) {
  const filter = createStreamFilterFor(analyzeCursor(cursorContext(fixture, mode, lang)));
  for (let at = 0; at < text.length && !filter.done; at += size) filter.push(text.slice(at, at + size));
  return { examined: filter.examined, done: filter.done, kept: filter.text() };
}

// Replies that arrive as one endless line: the shapes that made the old filter re-read the line per chunk.
const LINES: Array<{ name: string; unit: string; mode: CompletionMode; lang: LanguageId; fixture: string }> = [
  { name: 'identifier characters, multi-line', unit: 'abc', mode: 'multi', lang: 'go', fixture: GO_MAIN },
  { name: 'characters that need the next one (`/`, `*`, `$`, `\\`)', unit: 'a/*$\\', mode: 'multi', lang: 'typescript', fixture: GO_MAIN },
  { name: 'a string that never ends', unit: '"ab ', mode: 'multi', lang: 'typescript', fixture: GO_MAIN },
  { name: 'spaces only', unit: '   ', mode: 'multi', lang: 'go', fixture: GO_MAIN },
  { name: 'identifier characters, single line', unit: 'xyz', mode: 'single', lang: 'typescript', fixture: TS_CALL },
  { name: 'an opening fence that never ends', unit: '`', mode: 'single', lang: 'typescript', fixture: TS_CALL },
];

describe('stream filter work', () => {
  for (const line of LINES) {
    it(`is linear in a reply with no newline: ${line.name}`, () => {
      const small = line.unit.repeat(Math.ceil(200_000 / line.unit.length));
      const large = small.repeat(4);
      // Three-character chunks, like model tokens: a filter that re-reads the line per chunk examines ~n²/6 characters.
      const a = feed(line.fixture, line.mode, line.lang, small, 3);
      const b = feed(line.fixture, line.mode, line.lang, large, 3);
      expect(a.examined).toBeLessThanOrEqual(8 * small.length);
      expect(b.examined).toBeLessThanOrEqual(8 * large.length);
      expect(b.examined / Math.max(1, a.examined)).toBeLessThan(4.5);
    });
  }

  it('is linear in a reply of many lines', () => {
    const reply = Array.from({ length: 20_000 }, (_, i) => `\tx${i} := compute(${i}, "s${i}") // note ${i}`).join('\n');
    const result = feed(GO_MAIN, 'multi', 'go', reply, 3);
    expect(result.examined).toBeLessThanOrEqual(8 * reply.length);
  });

  it('judges a long line the same whatever the chunk size', () => {
    const reply = `x := f(${'a, '.repeat(5000)}b)\n\treturn x\n}\n\nfunc other() {}\n`;
    const ctx = cursorContext(GO_MAIN, 'multi', 'go');
    const whole = createStreamFilter(ctx)(reply);
    for (const size of [1, 2, 3, 64, 4096]) {
      const result = feed(GO_MAIN, 'multi', 'go', reply, size);
      expect(result.kept, `chunk size ${size}`).toBe(whole.text);
      expect(result.done, `chunk size ${size}`).toBe(whole.done);
    }
    expect(whole.text.trimEnd()).toBe(`x := f(${'a, '.repeat(5000)}b)\n\treturn x`);
  });
});
