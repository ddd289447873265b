import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { bufferPackage, definitionScores, GO_MOD } from '../support/go-type-methods.js';

const scores = definitionScores();
/** The named methods append a rune, so their signatures take one. */
const buffer = (count: number, named: string[]) => bufferPackage(count, named, '(r rune) { b.b = append(b.b, byte(r)) }');

/** The function being written: a Buffer filled from the runes of an instruction, the call on the cursor's line still to come. */
const current = `package app\n\nimport "example.com/app/text"\n\ntype Inst struct{ Rune []rune }\n\nfunc prefix(i *Inst) {\n\tvar buf text.Buffer\n\tfor len(i.Rune) == 1 {\n\t\t${CURSOR}\n\t}\n}\n`;

describe("a type's method whose name the code around the cursor uses moves up the type's methods", () => {
  const table = [
    {
      name: 'past the first 24 methods, a name sharing a word with the code (rune) is still offered',
      helpers: 40,
      named: ['WriteRune', 'WriteQuoted'],
      offered: 'Buffer.WriteRune',
      notOffered: 'Buffer.WriteQuoted',
    },
    {
      name: 'among the first 24, it is offered above a method used as little that was declared before it',
      helpers: 12,
      named: ['WriteRune'],
      above: ['Buffer.WriteRune', 'Buffer.Helper9'],
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const found = await scores({ 'go.mod': GO_MOD, 'text/buffer.go': buffer(row.helpers, row.named), 'app/prefix.go': current }, 'app/prefix.go');
      expect(found.has('.Buffer')).toBe(true);
      if (row.offered) expect(found.has(row.offered)).toBe(true);
      if (row.notOffered) expect(found.has(row.notOffered)).toBe(false);
      if (row.above) expect(found.get(row.above[0]!)!).toBeGreaterThan(found.get(row.above[1]!)!);
    });
  }

  it('a word lifts the most used method that has it, not every one (WriteRune, not also PutRune)', async () => {
    const found = await scores({ 'go.mod': GO_MOD, 'text/buffer.go': buffer(6, ['WriteRune', 'PutRune']), 'app/prefix.go': current }, 'app/prefix.go');
    // WriteRune (7th) moves above Helper5 (6th); PutRune (8th), whose word rune WriteRune took, stays below it.
    expect(found.get('Buffer.WriteRune')!).toBeGreaterThan(found.get('Buffer.Helper5')!);
    expect(found.get('Buffer.PutRune')!).toBeLessThan(found.get('Buffer.Helper5')!);
  });
});
