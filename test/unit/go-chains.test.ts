import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { goChainValue, goReceiverChain } from '../../server/syntax/go/chains.js';
import { goLocalValues } from '../../server/syntax/go/local-types.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';

const languages = new LanguageRegistry();
const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

/** `a.b().c` as written, for readable expectations. */
const written = (links: ReadonlyArray<{ name: string; called: boolean }> | undefined) => links?.map((link) => (link.called ? `${link.name}()` : link.name)).join('.');

describe('Go: the chain a member is selected from, read back from the member (at █)', () => {
  const table = [
    { code: 'if c.config.time().█After(session.useBy) {', chain: 'c.config.time()' },
    { code: 'return pprof.Lookup(name).█WriteTo(w, debug)', chain: 'pprof.Lookup()' },
    { code: 'as.PtrInit().█Append(x)', chain: 'as.PtrInit()' },
    { code: 'e := s.s.contents()[i].█next', chain: 's.s.contents()' },
    { code: 'n = f(nsrc.Type().█Elem())', chain: 'nsrc.Type()' },
    { code: 'x := s.items[f(i)].█Name()', chain: 's.items' },
    { code: 'cmd.\n\t\tFlags().\n\t\t█Parse(args)', chain: 'cmd.Flags()' },
    { code: 'minusA := (&edwards25519.Point{}).█Negate(A)', chain: undefined },
    { code: 'x.(*T).█Name()', chain: undefined },
    { code: 'fmt.█Println()', chain: 'fmt' },
  ];
  for (const row of table) {
    it(row.code.replace(CURSOR, ''), () => {
      const { text, offset } = splitAtCursor(row.code);
      expect(written(goReceiverChain(text, offset))).toEqual(row.chain);
    });
  }
  it('a right-hand side longer than a name, a field or one call is a chain', () => {
    expect(written(goChainValue('ctxt.loader.MakeSymbolUpdater(s)'))).toEqual('ctxt.loader.MakeSymbolUpdater()');
    expect(written(goChainValue('a.Root().Name'))).toEqual('a.Root().Name');
    expect(goChainValue('a.Root()')).toBeUndefined();
    expect(goChainValue('p.registerer')).toBeUndefined();
    expect(goLocalValues('\tu := ctxt.loader.MakeSymbolUpdater(s)\n').get('u')).toEqual({
      chain: [
        { name: 'ctxt', called: false },
        { name: 'loader', called: false },
        { name: 'MakeSymbolUpdater', called: true },
      ],
    });
  });
});

/** Two types with a method `Add`; `Other` sorts first by path, so a match by name alone favours it. */
const files = {
  'go.mod': goMod,
  'link/a_other.go': 'package link\n\ntype Other struct{}\n\n// Add adds to other.\nfunc (o *Other) Add(v uint8) {}\n',
  'link/loader.go':
    'package link\n\ntype Loader struct {\n\ttable *Other\n}\n\n// MakeUpdater makes a builder.\nfunc (l *Loader) MakeUpdater(s int) *Builder { return nil }\n\n// Main is the loader.\nvar Main *Loader\n',
  'link/provider.go': 'package link\n\n// Provider provides a loader.\ntype Provider interface {\n\tSource() *Loader\n}\n',
  'link/state.go': 'package link\n\ntype State struct {\n\tloader *Loader\n}\n',
  'link/z_builder.go':
    'package link\n\ntype Builder struct{ size int }\n\n// Add appends a byte.\nfunc (b *Builder) Add(v uint8) {}\n\n// Grow makes room.\nfunc (b *Builder) Grow(n int) {}\n',
};

describe('Go: a method called on a chain is the method of the type the chain gives, link by link', () => {
  const table = [
    {
      name: 'a call on a value: ldr.MakeUpdater(1).Add',
      file: 'link/emit.go',
      head: 'func emit(ldr *Loader) {',
      chain: 'ldr.MakeUpdater(1)',
      wanted: 'Builder.Add',
      not: 'Other.Add',
    },
    { name: 'a field: ldr.table.Add', file: 'link/emit.go', head: 'func emit(ldr *Loader) {', chain: 'ldr.table', wanted: 'Other.Add', not: 'Builder.Add' },
    {
      name: 'fields, then a call: s.loader.MakeUpdater(1).Add',
      file: 'link/emit.go',
      head: 'func (s *State) emit() {',
      chain: 's.loader.MakeUpdater(1)',
      wanted: 'Builder.Add',
      not: 'Other.Add',
    },
    {
      name: "an interface's method: p.Source().MakeUpdater(1).Add",
      file: 'link/emit.go',
      head: 'func emit(p Provider) {',
      chain: 'p.Source().MakeUpdater(1)',
      wanted: 'Builder.Add',
      not: 'Other.Add',
    },
    {
      name: "an imported package's variable: link.Main.MakeUpdater(1).Add",
      file: 'app/emit.go',
      head: 'import "example.com/app/link"\n\nfunc emit() {',
      chain: 'link.Main.MakeUpdater(1)',
      wanted: 'Builder.Add',
      not: 'Other.Add',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const pkg = row.file.split('/')[0]!;
      const current = `package ${pkg}\n\n${row.head}\n\t${row.chain}.Add(1)\n\t${CURSOR}\n}\n`;
      const { index } = await open({ ...files, [row.file]: current }, row.file);
      const { text, offset } = splitAtCursor(current);
      const focus = focusAt({ text, offset, tree: languages.byPath(row.file)!.parser.parse(text), languageId: 'go' });
      const proposed = definitionCandidates({ index, file: row.file, languageId: 'go', focus, scope: importScope(index, row.file) });
      const score = (key: string) => proposed.find((candidate) => candidate.key.endsWith(`:${key}`))?.score ?? 0;
      expect(score(row.wanted)).toBeGreaterThan(2 * score(row.not));
    });
  }
});

describe('Go: the other methods of the type a chain gives are proposed for the line being written', () => {
  it('ldr.MakeUpdater(1).Add(1) above: Builder.Grow scores over half what Builder does', async () => {
    const current = `package link\n\nfunc emit(ldr *Loader) {\n\tldr.MakeUpdater(1).Add(1)\n\t${CURSOR}\n}\n`;
    const { index } = await open({ ...files, 'link/emit.go': current }, 'link/emit.go');
    const { text, offset } = splitAtCursor(current);
    const focus = focusAt({ text, offset, tree: languages.byPath('link/emit.go')!.parser.parse(text), languageId: 'go' });
    const proposed = definitionCandidates({ index, file: 'link/emit.go', languageId: 'go', focus, scope: importScope(index, 'link/emit.go') });
    const score = (key: string) => proposed.find((candidate) => candidate.key.endsWith(`:${key}`))?.score ?? 0;
    expect(score('Builder.Grow')).toBeGreaterThan(score('.Builder') / 2);
  });
});
