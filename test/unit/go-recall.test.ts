import { describe, expect, it } from 'vitest';
import { goTypeUses } from '../../server/syntax/go/type-uses.js';
import { goFieldType, goResultType } from '../../server/syntax/go/value-types.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { samePackageCandidates } from '../../server/context/retrieval/sources/imported-api.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

/** A package file declaring `count` small functions before `tail`, so what ranks by declaration order alone comes last. */
function crowded(count: number, tail: string): string {
  const lines = ['package app\n'];
  for (let i = 0; i < count; i++) lines.push(`// helper${i} is one of many.\nfunc helper${i}(x int) int { return x + ${i} }\n`);
  return `${lines.join('\n')}\n${tail}`;
}

describe('Go: names used as types count as uses of the type', () => {
  const table = [
    { code: 'm := Labels{"a": "b"}', names: ['Labels'] },
    { code: 'switch v := x.(type) {\ncase *gauge:\ncase counter:', names: ['gauge'] },
    { code: 'if c, ok := x.(Collector); ok {', names: ['Collector'] },
    { code: 'func newThing(opts CounterOpts, n int) Counter {', names: ['CounterOpts', 'Counter'] },
    { code: 'var descs []*Desc\nch := make(chan Metric)\nm := map[string]Metric{}', names: ['Desc', 'Metric'] },
    { code: 'x := compute(a, b)\nreturn x.Name()', names: [] },
  ];
  for (const row of table) {
    it(row.code.split('\n')[0]!, () => {
      const uses = goTypeUses(row.code);
      for (const name of row.names) expect(uses).toContain(name);
      expect(uses).not.toContain('compute');
      expect(uses).not.toContain('int');
    });
  }
});

describe('Go: a type the package uses often is shown where nothing at the cursor names it', () => {
  const users = (n: number, use: (i: number) => string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`app/user${i}.go`, `package app\n\nfunc user${i}() {\n\t${use(i)}\n}\n`]));
  const table = [
    { name: 'a literal type (`Labels{…}`)', type: 'Labels', declaration: 'type Labels map[string]string\n', use: (i: number) => `_ = Labels{"k": "${i}"}` },
    { name: 'a type in assertions (`x.(*gauge)`)', type: 'gauge', declaration: 'type gauge struct{ v float64 }\n', use: () => 'var x any\n\t_, _ = x.(*gauge)' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `package app\n\nfunc handle() {\n\t${CURSOR}\n}\n`;
      const files = { 'go.mod': goMod, 'app/helpers.go': crowded(60, row.declaration), ...users(4, row.use), 'app/handle.go': current };
      const { promptAt } = await open(files, 'app/handle.go');
      expect(promptAt(current, 256)).toContain(`type ${row.type} `);
    });
  }
});

describe('Go: the type of a value is read from the signature or struct that makes it', () => {
  const table = [
    { text: '// Open opens.\nfunc Open(name string) (*File, error)', result: { name: 'File' } },
    { text: 'func (a *App) Root() *Command', result: { name: 'Command' } },
    { text: 'func (r *Reader) Next() (p *Part, err error)', result: { name: 'Part' } },
    { text: 'func NewRegistry() *prometheus.Registry', result: { qualifier: 'prometheus', name: 'Registry' } },
    { text: 'func (a *App) Run(args []string) error', result: undefined },
  ];
  for (const row of table) {
    it(row.text.split('\n').at(-1)!, () => expect(goResultType(row.text)).toEqual(row.result));
  }
  it('reads fields and interface methods', () => {
    const struct = 'type Pusher struct {\n\turl, job string\n\tregisterer Registerer\n\tclient  *http.Client\n\tgather func() error\n}';
    expect(goFieldType(struct, 'registerer')).toEqual({ name: 'Registerer' });
    expect(goFieldType(struct, 'client')).toEqual({ qualifier: 'http', name: 'Client' });
    expect(goFieldType(struct, 'job')).toBeUndefined();
    expect(goFieldType('type Getter interface {\n\tGet(key string) *Entry\n}', 'Get')).toEqual({ name: 'Entry' });
  });
});

describe("Go: a value's methods are shown when its type comes from a call or a field", () => {
  const methods = (type: string, wanted: string) =>
    `package store\n\ntype ${type} struct{ n int }\n\n` +
    Array.from({ length: 30 }, (_, i) => `func (x *${type}) Other${i}(a, b, c string) (int, error) { return 0, nil }\n`).join('\n') +
    `\n// ${wanted} is what the value is used for.\nfunc (x *${type}) ${wanted}() error { return nil }\n`;
  const users = Object.fromEntries(
    Array.from({ length: 3 }, (_, i) => [`store/use${i}.go`, `package store\n\nfunc use${i}(f *File, c *Command) { _ = f.Commit(); _ = c.Execute() }\n`]),
  );
  const store = {
    'go.mod': goMod,
    'store/file.go': `${methods('File', 'Commit')}\n// Open opens a file.\nfunc Open(name string) (*File, error) { return nil, nil }\n`,
    'store/command.go': methods('Command', 'Execute'),
    'store/app.go': 'package store\n\ntype App struct{ n int }\n\n// Root is the top command.\nfunc (a *App) Root() *Command { return nil }\n',
    'store/pusher.go': 'package store\n\ntype Pusher struct {\n\tjob string\n\tregisterer Registerer\n}\n',
    'store/registerer.go': 'package store\n\n// Registerer registers.\ntype Registerer interface {\n\tRegister(name string) error\n\tUnregister(name string) bool\n}\n',
    ...users,
  };
  const table = [
    {
      name: 'x, err := pkg.Open(…)',
      current: `package app\n\nimport "example.com/app/store"\n\nfunc save() error {\n\tf, err := store.Open("a")\n\t${CURSOR}\n\treturn err\n}\n`,
      wanted: 'Commit() error',
    },
    { name: 'a chain a.Root()', current: `package store\n\nfunc run(a *App) {\n\troot := a.Root()\n\t${CURSOR}\n\t_ = root\n}\n`, wanted: 'Execute() error' },
    { name: 'a field s.registerer', current: `package store\n\nfunc (p *Pusher) add() {\n\tr := p.registerer\n\t${CURSOR}\n\t_ = r\n}\n`, wanted: 'Register(name string) error' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = row.current.includes('package app') ? 'app/current.go' : 'store/current.go';
      const { promptAt } = await open({ ...store, [current]: row.current }, current);
      expect(promptAt(row.current, 512)).toContain(row.wanted);
    });
  }
});

describe('a long type cut to its share of the budget keeps its members before their comments', () => {
  const doc = (name: string) => Array.from({ length: 14 }, (_, i) => `\t// ${name} line ${i} of a long explanation that the prompt can do without.`).join('\n');
  const table = [
    {
      name: 'a Go interface whose first method has a long doc comment',
      files: {
        'go.mod': goMod,
        'app/collector.go': `package app\n\n// Collector collects.\ntype Collector interface {\n${doc('Describe')}\n\tDescribe(ch chan<- string)\n${doc('Collect')}\n\tCollect(ch chan<- int)\n}\n`,
      },
      current: `package app\n\nfunc gather(c Collector) {\n\t${CURSOR}\n}\n`,
      wanted: 'Collect(ch chan<- int)',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const { promptAt } = await open({ ...row.files, 'app/current.go': row.current }, 'app/current.go');
      expect(promptAt(row.current, 1024)).toContain(row.wanted);
    });
  }
});

describe("Go: a type's methods that the current package calls come before those called elsewhere", () => {
  const calls = (dir: string, n: number, method: string) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`${dir}/${dir}${i}.go`, `package ${dir}\n\nimport "example.com/app/lib"\n\nfunc ${dir}${i}(c *lib.Context) { _ = c.${method}() }\n`]),
    );
  const lib =
    'package lib\n\ntype Context struct{ n int }\n\n' +
    Array.from({ length: 30 }, (_, i) => `func (c *Context) Other${i}(a, b, c string) (int, error) { return 0, nil }\n`).join('\n') +
    '\nfunc (c *Context) Global() error { return nil }\n\nfunc (c *Context) Local() error { return nil }\n';
  it('three callers in this package outweigh six in another', async () => {
    const current = `package app\n\nimport "example.com/app/lib"\n\nfunc handle(ctx *lib.Context) {\n\t${CURSOR}\n}\n`;
    const files = { 'go.mod': goMod, 'lib/context.go': lib, ...calls('other', 6, 'Global'), ...calls('app', 3, 'Local'), 'app/handle.go': current };
    const { index, languages } = await open(files, 'app/handle.go');
    const { text, offset } = splitAtCursor(current);
    const focus = focusAt({ text, offset, tree: languages.byPath('app/handle.go')!.parser.parse(text) });
    const proposed = definitionCandidates({ index, file: 'app/handle.go', languageId: 'go', focus, scope: importScope(index, 'app/handle.go') });
    const score = (name: string) => proposed.find((candidate) => candidate.key.endsWith(`:Context.${name}`))?.score ?? 0;
    expect(score('Local')).toBeGreaterThan(score('Global'));
  });
});

describe("Go: a large package's names used alike fall with their rank in its ranking", () => {
  it.each([{ helpers: 160, users: 8 }])('$helpers helpers, each called by $users files', async ({ helpers, users }) => {
    const names = Array.from({ length: helpers }, (_, i) => `helper${String(i).padStart(3, '0')}`);
    const files = {
      'go.mod': goMod,
      'rt/helpers.go': `package rt\n\n${names.map((name) => `func ${name}(x int) int { return x }\n`).join('\n')}`,
      ...Object.fromEntries(
        Array.from({ length: users }, (_, u) => [`rt/user${u}.go`, `package rt\n\nfunc user${u}() {\n${names.map((name) => `\t${name}(${u})\n`).join('')}}\n`]),
      ),
      'rt/current.go': `package rt\n\nfunc current() {\n\t${CURSOR}\n}\n`,
    };
    const { index, languages } = await open(files, 'rt/current.go');
    const { text, offset } = splitAtCursor(files['rt/current.go']);
    const focus = focusAt({ text, offset, tree: languages.byPath('rt/current.go')!.parser.parse(text) });
    const proposed = samePackageCandidates({ index, file: 'rt/current.go', languageId: 'go', focus, scope: importScope(index, 'rt/current.go') });
    const score = (name: string) => proposed.find((candidate) => candidate.key.endsWith(`:.${name}`))?.score ?? 0;
    expect(score(names[0]!)).toBeGreaterThan(0);
    expect(score(names[150]!)).toBeGreaterThan(0);
    // Equally used, the 151st is still proposed, at about half the first's score.
    expect(score(names[150]!)).toBeLessThan(score(names[0]!) * 0.6);
  });
});
