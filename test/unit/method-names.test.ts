import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';

const languages = new LanguageRegistry();
const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

/** A type of package text with `count` helpers, then the named methods: nothing uses any, so they rank in declaration order. */
function buffer(count: number, named: string[]): string {
  const lines = ['package text\n\n// Buffer collects text.\ntype Buffer struct{ b []byte }\n'];
  for (let i = 0; i < count; i++) lines.push(`func (b *Buffer) Helper${i}(x int) int { return x + ${i} }\n`);
  for (const name of named) lines.push(`func (b *Buffer) ${name}(r rune) { b.b = append(b.b, byte(r)) }\n`);
  return lines.join('\n');
}

/** The function being written: a Buffer filled from the runes of an instruction, the call on the cursor's line still to come. */
const current = `package app\n\nimport "example.com/app/text"\n\ntype Inst struct{ Rune []rune }\n\nfunc prefix(i *Inst) {\n\tvar buf text.Buffer\n\tfor len(i.Rune) == 1 {\n\t\t${CURSOR}\n\t}\n}\n`;

function scores(files: Record<string, string>): Promise<Map<string, number>> {
  return open(files, 'app/prefix.go').then(({ index }) => {
    const { text, offset } = splitAtCursor(current);
    const focus = focusAt({ text, offset, tree: languages.byPath('app/prefix.go')!.parser.parse(text) });
    const proposed = definitionCandidates({ index, file: 'app/prefix.go', languageId: 'go', focus, scope: importScope(index, 'app/prefix.go') });
    return new Map(proposed.map((candidate) => [candidate.key.slice(candidate.key.lastIndexOf(':') + 1), candidate.score]));
  });
}

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
      const found = await scores({ 'go.mod': goMod, 'text/buffer.go': buffer(row.helpers, row.named), 'app/prefix.go': current });
      expect(found.has('.Buffer')).toBe(true);
      if (row.offered) expect(found.has(row.offered)).toBe(true);
      if (row.notOffered) expect(found.has(row.notOffered)).toBe(false);
      if (row.above) expect(found.get(row.above[0]!)!).toBeGreaterThan(found.get(row.above[1]!)!);
    });
  }

  it('a word lifts the most used method that has it, not every one (WriteRune, not also PutRune)', async () => {
    const found = await scores({ 'go.mod': goMod, 'text/buffer.go': buffer(6, ['WriteRune', 'PutRune']), 'app/prefix.go': current });
    // WriteRune (7th) moves above Helper5 (6th); PutRune (8th), whose word rune WriteRune took, stays below it.
    expect(found.get('Buffer.WriteRune')!).toBeGreaterThan(found.get('Buffer.Helper5')!);
    expect(found.get('Buffer.PutRune')!).toBeLessThan(found.get('Buffer.Helper5')!);
  });
});
