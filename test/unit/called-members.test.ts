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

/** A type of package text with `count` helpers, then the named methods: nothing elsewhere uses any, so they rank in declaration order. */
function buffer(count: number, named: string[]): string {
  const lines = ['package text\n\n// Buffer collects text.\ntype Buffer struct{ b []byte }\n'];
  for (let i = 0; i < count; i++) lines.push(`func (b *Buffer) Helper${i}(x int) int { return x + ${i} }\n`);
  for (const name of named) lines.push(`func (b *Buffer) ${name}() {}\n`);
  return lines.join('\n');
}

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

async function scores(files: Record<string, string>): Promise<Map<string, number>> {
  const { index } = await open(files, 'app/fill.go');
  const { text, offset } = splitAtCursor(files['app/fill.go']!);
  const focus = focusAt({ text, offset, tree: languages.byPath('app/fill.go')!.parser.parse(text) });
  const proposed = definitionCandidates({ index, file: 'app/fill.go', languageId: 'go', focus, scope: importScope(index, 'app/fill.go') });
  return new Map(proposed.map((candidate) => [candidate.key.slice(candidate.key.lastIndexOf(':') + 1), candidate.score]));
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
      const found = await scores({ 'go.mod': goMod, 'text/buffer.go': buffer(12, ['Sync', 'Flush']), 'app/fill.go': current(row.calls) });
      expect(found.has('.Buffer')).toBe(true);
      expect(found.get('Buffer.Flush')!).toBeGreaterThan(found.get('Buffer.Sync')!);
    });
  }

  it('one called a few lines up (Flush) scores above the most used method (Helper0), not only above those after it', async () => {
    const calls = { far: [], helpers: 8, near: [['Flush', 0]] as Array<[string, number]> };
    const found = await scores({ 'go.mod': goMod, 'text/buffer.go': buffer(12, ['Sync', 'Flush']), 'app/fill.go': current(calls) });
    expect(found.get('Buffer.Flush')!).toBeGreaterThan(found.get('Buffer.Helper0')!);
  });
});
