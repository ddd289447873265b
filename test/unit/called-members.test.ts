import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { bufferPackage, definitionScores, GO_MOD } from '../support/go-type-methods.js';

const scores = definitionScores();

/** `gap` filler lines: they keep a call out of the lines whose words the cursor's code is said to use (±20). */
let fillers = 0;
const filler = (gap: number) => Array.from({ length: gap }, () => `var v${fillers++} = 0\n`).join('');

/**
 * The function being written fills a Buffer; other functions of the file call methods of Buffer on
 * other values (`out.Flush()`): the `far` ones (and the first `helpers` helpers) over 200 lines above
 * the cursor, then each of `near` followed by that many filler lines.
 */
function current(calls: { far: string[]; helpers: number; near: Array<[string, number]> }): string {
  const names = [...Array.from({ length: calls.helpers }, (_, i) => `Helper${i}`), ...calls.far];
  const far = `func useAll(out *text.Buffer) {\n${names.map((name) => `\tout.${name}()\n`).join('')}}\n`;
  const near = calls.near.map(([name, gap]) => `func use${name}(out *text.Buffer) {\n\tout.${name}()\n}\n${filler(gap)}`).join('');
  return `package app\n\nimport "example.com/app/text"\n\n${far}${filler(200)}${near}func fill(n int) {\n\tvar buf text.Buffer\n\tfor n > 0 {\n\t\t${CURSOR}\n\t}\n}\n`;
}

describe("a type's method the file calls on another value near the cursor moves up the type's methods", () => {
  // Eight helpers the file calls far away come first (all used as much, in declaration order); Sync and Flush follow.
  const table = [
    {
      name: 'one called just past the lines whose words count (Flush, 22 lines up) ranks above one called only far away (Sync)',
      calls: { far: ['Sync'], helpers: 8, near: [['Flush', 17]] as Array<[string, number]> },
    },
    {
      name: 'of two called near the cursor, the nearer (Flush, 5 lines up) ranks above the farther (Sync, 16 lines up)',
      calls: {
        far: [],
        helpers: 8,
        near: [
          ['Sync', 8],
          ['Flush', 0],
        ] as Array<[string, number]>,
      },
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const found = await scores({ 'go.mod': GO_MOD, 'text/buffer.go': bufferPackage(12, ['Sync', 'Flush']), 'app/fill.go': current(row.calls) }, 'app/fill.go');
      expect(found.has('.Buffer')).toBe(true);
      expect(found.get('Buffer.Flush')!).toBeGreaterThan(found.get('Buffer.Sync')!);
    });
  }

  it('one called a few lines up (Flush) scores above the most used method (Helper0), not only above those after it', async () => {
    const calls = { far: [], helpers: 8, near: [['Flush', 0]] as Array<[string, number]> };
    const found = await scores({ 'go.mod': GO_MOD, 'text/buffer.go': bufferPackage(12, ['Sync', 'Flush']), 'app/fill.go': current(calls) }, 'app/fill.go');
    expect(found.get('Buffer.Flush')!).toBeGreaterThan(found.get('Buffer.Helper0')!);
  });
});
