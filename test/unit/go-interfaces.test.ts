import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { goMembersByWorth } from '../../server/syntax/go/interface-order.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';

const languages = new LanguageRegistry();

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

describe('Go: a value of an interface type brings the interfaces that embed it (what the code asserts it to)', () => {
  const files = {
    'go.mod': goMod,
    'cli/flag.go':
      'package cli\n\n// Flag is a command-line flag.\ntype Flag interface {\n\tNames() []string\n}\n\n// RequiredFlag is a flag that must be set.\ntype RequiredFlag interface {\n\tFlag\n\tIsRequired() bool\n}\n\n// Other is unrelated.\ntype Other interface {\n\tIsRequired() bool\n}\n',
  };
  const table = [
    { name: 'a range over []Flag', body: 'func check(flags []Flag) {\n\tfor _, f := range flags {\n\t\t█\n\t\t_ = f\n\t}\n}' },
    { name: 'a parameter of type Flag', body: 'func check(f Flag) {\n\t█\n\t_ = f\n}' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `package cli\n\n${row.body.replace('█', CURSOR)}\n`;
      const { index } = await open({ ...files, 'cli/check.go': current }, 'cli/check.go');
      const { text, offset } = splitAtCursor(current);
      const focus = focusAt({ text, offset, tree: languages.byPath('cli/check.go')!.parser.parse(text), languageId: 'go' });
      const proposed = definitionCandidates({ index, file: 'cli/check.go', languageId: 'go', focus, scope: importScope(index, 'cli/check.go') });
      const score = (key: string) => proposed.find((candidate) => candidate.key.endsWith(`:${key}`))?.score ?? 0;
      expect(score('.RequiredFlag')).toBeGreaterThan(0);
      expect(score('.Other')).toBe(0);
    });
  }
});

describe('Go: a method called on a value of an interface type is the interface’s', () => {
  const files = {
    'go.mod': goMod,
    'typ/a_other.go': 'package typ\n\ntype Other struct{}\n\n// Kind of other.\nfunc (o *Other) Kind() int { return 0 }\n',
    'typ/type.go': 'package typ\n\n// Type describes a type.\ntype Type interface {\n\tKind() int\n\tElem() Type\n}\n',
    'typ/lookup.go': 'package typ\n\n// lookup finds a type.\nfunc lookup(name string) Type { return nil }\n',
  };
  const table = [
    { name: 'a value a call makes: t.Kind()', body: 'func describe() {\n\tt := lookup("a")\n\t_ = t.Kind()\n\t█\n}' },
    { name: 'a chain through the interface: t.Elem().Kind()', body: 'func describe() {\n\tt := lookup("a")\n\t_ = t.Elem().Kind()\n\t█\n}' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `package typ\n\n${row.body.replace('█', CURSOR)}\n`;
      const { index } = await open({ ...files, 'typ/describe.go': current }, 'typ/describe.go');
      const { text, offset } = splitAtCursor(current);
      const focus = focusAt({ text, offset, tree: languages.byPath('typ/describe.go')!.parser.parse(text), languageId: 'go' });
      const proposed = definitionCandidates({ index, file: 'typ/describe.go', languageId: 'go', focus, scope: importScope(index, 'typ/describe.go') });
      const score = (key: string) => proposed.find((candidate) => candidate.key.endsWith(`:${key}`))?.score ?? 0;
      expect(score('.Type')).toBeGreaterThan(2 * score('Other.Kind'));
    });
  }
});
