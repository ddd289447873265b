import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { callGraphCandidates } from '../../server/context/retrieval/sources/call-graph.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { goLocalValues } from '../../server/syntax/go/local-types.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';

const languages = new LanguageRegistry();
const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

/** The candidates a source proposes with the cursor at the █ of `current` (written at `path` among `files`), as a score per key suffix (`Type.method`). */
async function scoresAt(source: typeof definitionCandidates, files: Record<string, string>, path: string, current: string): Promise<(key: string) => number> {
  const { index } = await open({ ...files, [path]: current }, path);
  const { text, offset } = splitAtCursor(current);
  const focus = focusAt({ text, offset, tree: languages.byPath(path)!.parser.parse(text), languageId: 'go' });
  const proposed = source({ index, file: path, languageId: 'go', focus, scope: importScope(index, path) });
  return (key) => proposed.find((candidate) => candidate.key.endsWith(`:${key}`))?.score ?? 0;
}

describe('Go: what the code of a function says each local name holds', () => {
  const table = [
    { code: 'func f(target *ld.Target, ldr *loader.Loader, s loader.Sym) {', name: 'ldr', value: { type: { qualifier: 'loader', name: 'Loader' } } },
    { code: 'func f(a, b *Foo, n int) {', name: 'a', value: { type: { name: 'Foo' } } },
    { code: 'func (p *parser) next() {', name: 'p', value: { type: { name: 'parser' } } },
    { code: '\tvar w, r *bytes.Buffer', name: 'w', value: { type: { qualifier: 'bytes', name: 'Buffer' } } },
    { code: '\tu := ldr.MakeSymbolUpdater(s)', name: 'u', value: { call: { qualifier: 'ldr', name: 'MakeSymbolUpdater' } } },
    { code: '\tf, err := os.Open(name)', name: 'f', value: { call: { qualifier: 'os', name: 'Open' } } },
    { code: '\tc := &Command{Name: "x"}', name: 'c', value: { type: { name: 'Command' } } },
    { code: '\tm := map[string]*entry{}', name: 'm', value: { type: { name: 'entry' } } },
    { code: '\tb := new(strings.Builder)', name: 'b', value: { type: { qualifier: 'strings', name: 'Builder' } } },
    { code: '\tif g, ok := x.(*gauge); ok {', name: 'g', value: { type: { name: 'gauge' } } },
    { code: '\tr := p.registerer', name: 'r', value: { field: { qualifier: 'p', name: 'registerer' } } },
    { code: '\tfor _, cmd := range a.Commands {', name: 'cmd', value: { field: { qualifier: 'a', name: 'Commands' } } },
    { code: '\tfor _, cmd := range cmds {', name: 'cmd', value: { alias: 'cmds' } },
    { code: '\tk := Kind(3)', name: 'k', value: { call: { name: 'Kind' } } },
  ];
  for (const row of table) {
    it(row.code.trim(), () => expect(goLocalValues(row.code).get(row.name)).toEqual(row.value));
  }
  it('keywords declare nothing', () => {
    const values = goLocalValues('\treturn x, y\n\tdefer f.Close()\n\tgo run(x)\n\tcase a, b:\n');
    expect([...values.keys()]).toEqual([]);
  });
  it('the declaration nearest above the cursor wins; one below counts only for a name not declared yet', () => {
    const code = 'x := &A{}\ny := &A{}\nx := &B{}\n█\nx := &C{}\nz := &C{}\n';
    const values = goLocalValues(code.replace('█', ''), code.indexOf('█'));
    expect(values.get('x')).toEqual({ type: { name: 'B' } });
    expect(values.get('z')).toEqual({ type: { name: 'C' } });
  });
});

/** Two types in reach with a method `Add`; the one the tests want sorts last by path. */
const twoAdders = {
  'go.mod': goMod,
  'link/a_other.go': 'package link\n\ntype Other struct{}\n\n// Add adds to other.\nfunc (o *Other) Add(v uint8) {}\n\nfunc (o *Other) Size() int { return 0 }\n',
  'link/loader.go':
    'package link\n\ntype Loader struct{}\n\n// MakeUpdater makes a builder.\nfunc (l *Loader) MakeUpdater(s int) *Builder { return nil }\n\nfunc (l *Loader) Table() *Other { return nil }\n',
  'link/z_builder.go':
    'package link\n\ntype Builder struct{ size int }\n\n// Add appends a byte.\nfunc (b *Builder) Add(v uint8) {}\n\nfunc (b *Builder) Size() int { return b.size }\n',
};

describe("Go: a method called on a local value is the method of the value's type, however the value was made", () => {
  const table = [
    { name: 'u := ldr.MakeUpdater(s), a method of the receiver', make: 'u := ldr.MakeUpdater(1)', wanted: 'Builder.Add', not: 'Other.Add' },
    { name: 'u := ldr.Table()', make: 'u := ldr.Table()', wanted: 'Other.Add', not: 'Builder.Add' },
    { name: 'u := &Builder{}', make: 'u := &Builder{size: 1}', wanted: 'Builder.Add', not: 'Other.Add' },
    { name: 'var u *Builder', make: 'var u *Builder', wanted: 'Builder.Add', not: 'Other.Add' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `package link\n\nfunc emit(ldr *Loader) {\n\t${row.make}\n\tu.Add(1)\n\tu.Add(2)\n\t${CURSOR}\n}\n`;
      const score = await scoresAt(definitionCandidates, twoAdders, 'link/emit.go', current);
      expect(score(row.wanted)).toBeGreaterThan(2 * score(row.not));
    });
  }
});

describe("Go: the call graph's vote for a method by name goes to the type the function's values have", () => {
  const files = {
    'go.mod': goMod,
    'link/a_bitmap.go': 'package link\n\ntype Bitmap []uint32\n\n// Count counts set bits.\nfunc (b Bitmap) Count() int { return 0 }\n',
    'link/z_relocs.go':
      'package link\n\ntype Relocs struct{ n int }\n\n// Count is the number of relocations.\nfunc (r *Relocs) Count() int { return r.n }\n\nfunc (r *Relocs) At(i int) int { return i }\n',
    'link/loader.go': 'package link\n\ntype Loader struct{}\n\nfunc (l *Loader) Relocs(s int) *Relocs { return nil }\n',
    ...Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`link/user${i}.go`, `package link\n\nfunc user${i}(l *Loader) {\n\tx := l.Relocs(${i})\n\tx.At(0)\n\tx.Count()\n}\n`]),
    ),
  };
  it('r := ldr.Relocs(s); r.At(0) then the next call', async () => {
    const current = `package link\n\nfunc walk(ldr *Loader) {\n\trs := ldr.Relocs(1)\n\trs.At(0)\n\t${CURSOR}\n}\n`;
    const score = await scoresAt(callGraphCandidates, files, 'link/walk.go', current);
    expect(score('Relocs.Count')).toBeGreaterThan(0);
    expect(score('Bitmap.Count')).toBeLessThan(score('Relocs.Count') / 2);
  });
});

describe("Go: a value's methods include those of the types its type embeds, and package-level values have types too", () => {
  const files = {
    'go.mod': goMod,
    'prom/a_other.go': 'package prom\n\ntype Other struct{}\n\n// Reset clears other.\nfunc (o *Other) Reset() {}\n\n// Do does other.\nfunc (o *Other) Do(f func()) {}\n',
    'prom/counter.go': 'package prom\n\n// CounterVec counts by label.\ntype CounterVec struct {\n\t*MetricVec\n}\n',
    'prom/z_vec.go': 'package prom\n\ntype MetricVec struct{ n int }\n\n// Reset deletes every metric.\nfunc (m *MetricVec) Reset() {}\n',
    'prom/z_once.go': 'package prom\n\ntype Once struct{ done bool }\n\n// Do runs f once.\nfunc (o *Once) Do(f func()) {}\n',
    'prom/vars.go': 'package prom\n\n// setup is run once.\nvar setup Once\n\nvar table = &CounterVec{}\n',
  };
  const table = [
    { name: 'an embedded type: c.Reset() on a *CounterVec', body: 'c.Reset()\n\tc.Reset()', param: 'c *CounterVec', wanted: 'MetricVec.Reset', not: 'Other.Reset' },
    { name: 'a package-level var: setup.Do(…)', body: 'setup.Do(nil)\n\tsetup.Do(nil)', param: '', wanted: 'Once.Do', not: 'Other.Do' },
    { name: 'a package-level var made by a literal: table.Reset()', body: 'table.Reset()\n\ttable.Reset()', param: '', wanted: 'MetricVec.Reset', not: 'Other.Reset' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `package prom\n\nfunc run(${row.param}) {\n\t${row.body}\n\t${CURSOR}\n}\n`;
      const score = await scoresAt(definitionCandidates, files, 'prom/run.go', current);
      expect(score(row.wanted)).toBeGreaterThan(2 * score(row.not));
    });
  }
});

describe('Go: the types the signature of a called function names are proposed, the current file’s functions included', () => {
  const files = {
    'go.mod': goMod,
    'cli/flag_int_slice.go': 'package cli\n\n// IntSliceFlag is a flag of many ints.\ntype IntSliceFlag struct {\n\tName  string\n\tValue []int\n}\n',
    'cli/flag_string.go': 'package cli\n\n// StringFlag is a flag of one string.\ntype StringFlag struct {\n\tName string\n}\n',
    'cli/helpers.go': 'package cli\n\n// withEnvHint adds the environment variables.\nfunc withEnvHint(vars []string, s string) string { return s }\n',
  };
  const table = [
    {
      name: 'a function of the current file: case *T: above stringifyIntSliceFlag(f)',
      current: `package cli\n\nfunc stringifyIntSliceFlag(f *IntSliceFlag) string { return "" }\n\nfunc stringify(f any) string {\n\tswitch f := f.(type) {\n\t${CURSOR}\n\t\treturn stringifyIntSliceFlag(f)\n\t}\n\treturn ""\n}\n`,
      wanted: '.IntSliceFlag',
    },
    {
      name: 'a function of another file of the package',
      current: `package cli\n\nfunc describe(f any) string {\n\t${CURSOR}\n\treturn render(f)\n}\n`,
      more: { 'cli/render.go': 'package cli\n\n// render shows a string flag.\nfunc render(f *StringFlag) string { return f.Name }\n' },
      wanted: '.StringFlag',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const score = await scoresAt(definitionCandidates, { ...files, ...row.more }, 'cli/flag.go', row.current);
      expect(score(row.wanted)).toBeGreaterThan(0);
    });
  }
});

describe('index: a file named x_string.go is generated only when its header says so', () => {
  it("indexes urfave/cli's hand-written flag_string.go and skips stringer's output", async () => {
    const { index } = await open(
      {
        'go.mod': goMod,
        'cli/flag_string.go': 'package cli\n\n// StringFlag is a flag of one string.\ntype StringFlag struct{ Name string }\n',
        'cli/kind_string.go': '// Code generated by "stringer -type=Kind"; DO NOT EDIT.\n\npackage cli\n\nfunc (i Kind) String() string { return "" }\n',
        'cli/main.go': `package cli\n\nfunc main() {\n\t${CURSOR}\n}\n`,
      },
      'cli/main.go',
    );
    expect(index.declarationsNamed('StringFlag').map((ref) => ref.file)).toEqual(['cli/flag_string.go']);
    expect(index.file('cli/kind_string.go')).toBeUndefined();
  });
});
