import { describe, expect, it } from 'vitest';
import { goMembersByWorth } from '../../server/syntax/go/interface-order.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR } from '../support/cursor.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

describe("Go: an interface's methods are listed most used first (a method set has no order)", () => {
  const worth = (name: string) => ({ Kind: 9, Elem: 5 })[name as 'Kind' | 'Elem'] ?? 0;
  const table = [
    {
      name: 'comments travel with their method; embedded interfaces stay first',
      text: 'type Type interface {\n\tfmt.Stringer\n\t// Align is the alignment.\n\tAlign() int\n\t// Kind is the kind.\n\tKind() Kind\n\tElem() Type\n}',
      wanted: 'type Type interface {\n\tfmt.Stringer\n\t// Kind is the kind.\n\tKind() Kind\n\tElem() Type\n\t// Align is the alignment.\n\tAlign() int\n}',
    },
    {
      name: 'a text capped at index time keeps its marker last',
      text: 'type Type interface {\n\tAlign() int\n\tKind() Kind\n\t// …',
      wanted: 'type Type interface {\n\tKind() Kind\n\tAlign() int\n\t// …',
    },
    { name: 'a struct is left as it is', text: 'type T struct {\n\tAlign int\n\tKind Kind\n}', wanted: 'type T struct {\n\tAlign int\n\tKind Kind\n}' },
  ];
  for (const row of table) {
    it(row.name, () => expect(goMembersByWorth(row.text, worth)).toEqual(row.wanted));
  }
});

describe('Go: a long interface shows the methods its users call, however far down it declares them', () => {
  // Thirty documented methods (as many as reflect.Type has) before the one the package calls: an index that keeps an interface's first lines never reaches it.
  const methods = Array.from({ length: 30 }, (_, i) => `\t// Rare${i} is seldom called.\n\t// It has a long comment.\n\tRare${i}(a, b int) (int, error)\n`).join('');
  const files = {
    'go.mod': goMod,
    'typ/type.go': `package typ\n\n// Type describes a type.\ntype Type interface {\n${methods}\t// Kind is what kind of type it is.\n\tKind() int\n}\n`,
    ...Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [`use/use${i}.go`, `package use\n\nimport "example.com/app/typ"\n\nfunc use${i}(t typ.Type) int { return t.Kind() }\n`]),
    ),
  };
  it('Kind, declared last, is in the prompt', async () => {
    const current = `package app\n\nimport "example.com/app/typ"\n\nfunc describe(t typ.Type) string {\n\t${CURSOR}\n\treturn ""\n}\n`;
    const { promptAt } = await open({ ...files, 'app/describe.go': current }, 'app/describe.go');
    expect(promptAt(current, 1024)).toContain('Kind() int');
  });
});
