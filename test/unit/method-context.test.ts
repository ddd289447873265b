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

/** A Go type with many methods, the ones the tests look for declared last, in a file of their own. */
function manyMethods(type: string, count: number, last: string[]): string {
  const lines = [`package app\n\ntype ${type} struct{ name string }\n`];
  for (let i = 0; i < count; i++) lines.push(`// Helper${i} is helper ${i}.\nfunc (c *${type}) Helper${i}(x int) int { return x + ${i} }\n`);
  return lines.join('\n') + `\n${last.map((name) => `// ${name} is what the tests ask for.\nfunc (c *${type}) ${name}() string { return c.name }\n`).join('\n')}`;
}

describe('class 1: a method called elsewhere in the file, or at the end of a chain, is resolved', () => {
  const table = [
    {
      name: 'x.Name( in another function of the file, x not an import',
      current: `package app\n\nfunc helper(cmd *Command) string { return cmd.VisibleFlags() }\n\nfunc run(c *Command) {\n\t${CURSOR}\n}\n`,
      wanted: 'VisibleFlags',
    },
    {
      name: 'a chained call a.Root().Lineage() in the function',
      current: `package app\n\nfunc run(a *App) {\n\tname := a.Root().Lineage()\n\t${CURSOR}\n\t_ = name\n}\n`,
      wanted: 'Lineage',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const files = {
        'go.mod': goMod,
        'app/app.go': 'package app\n\ntype App struct{}\n\nfunc (a *App) Root() *Command { return nil }\n',
        'app/command.go': manyMethods('Command', 40, ['VisibleFlags', 'Lineage']),
        'app/main.go': row.current,
      };
      const { index, promptAt } = await open(files, 'app/main.go');
      const { text, offset } = splitAtCursor(row.current);
      const focus = focusAt({ text, offset, tree: languages.byPath('app/main.go')!.parser.parse(text) });
      const proposed = definitionCandidates({ index, file: 'app/main.go', languageId: 'go', focus, scope: importScope(index, 'app/main.go') });
      expect(proposed.map((candidate) => candidate.key)).toContainEqual(expect.stringContaining(`:Command.${row.wanted}`));
      expect(promptAt(row.current, 512)).toContain(`func (c *Command) ${row.wanted}() string`);
    });
  }
});

describe('class 2: a method called nowhere in the file comes from the call graph, whatever the variables are called', () => {
  const store =
    'package store\n\ntype File struct{}\n\nfunc Open(path string) (*File, error) { return nil, nil }\n\n// Commit makes the writes durable.\nfunc (f *File) Commit() error { return nil }\n\nfunc (f *File) Write(b []byte) error { return nil }\n';
  const caller = (fn: string, v: string) =>
    `package app\n\nimport "example.com/app/store"\n\nfunc ${fn}() {\n\t${v}, _ := store.Open("${fn}")\n\t${v}.Write(nil)\n\t${v}.Commit()\n}\n`;
  const table = [
    {
      name: 'three callers with three variable names call Write then Commit',
      current: `package app\n\nimport "example.com/app/store"\n\nfunc saveD() {\n\tout, _ := store.Open("d")\n\tout.Write(nil)\n\t${CURSOR}\n}\n`,
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const files = {
        'go.mod': goMod,
        'store/store.go': store,
        'app/a.go': caller('saveA', 'f'),
        'app/b.go': caller('saveB', 'file'),
        'app/c.go': caller('saveC', 'h'),
        'app/d.go': row.current,
      };
      const { index, promptAt } = await open(files, 'app/d.go');
      expect(index.callersOf('.Commit').length).toBe(3);
      expect(promptAt(row.current, 256)).toContain('func (f *File) Commit() error');
    });
  }
});

describe("class 3: a type's methods come most used first, in the same order after re-indexing", () => {
  const users = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`app/use${i}.go`, `package app\n\nfunc use${i}(c *Context) string { return c.Popular() }\n`]));
  const current = `package app\n\nfunc handle(ctx *Context) {\n\t${CURSOR}\n}\n`;
  it('the popular method declared last is shown with a small budget, and re-indexing a file keeps the prompt', async () => {
    const files = { 'go.mod': goMod, 'app/context.go': manyMethods('Context', 40, ['Popular']), ...users(5), 'app/handle.go': current };
    const { index, promptAt } = await open(files, 'app/handle.go');
    const before = promptAt(current, 256);
    expect(before).toContain('func (c *Context) Popular() string');
    index.update('app/context.go', `${manyMethods('Context', 40, ['Popular'])}\n// a comment at the end\n`);
    expect(promptAt(current.replace(CURSOR, `${CURSOR} `), 256)).toBe(before);
  });
});

describe('class 4: the packed context follows the cursor, not the line it was on before', () => {
  it('a second line of the same function gets what a fresh gather there gets', async () => {
    const helpers = (name: string) =>
      `package app\n\n// ${name} is one of two helpers; the prompt has room for one.\nfunc ${name}(first, second, third string) (int, error) { return 0, nil }\n`;
    const lines = ['\ta, _ := Alpha("", "", "")', ...Array.from({ length: 100 }, (_, i) => `\t_ = ${i}`), '\tb, _ := Beta("", "", "")', '\t_, _ = a, b'];
    const at = (row: number) => `package app\n\nfunc run() {\n${lines.map((line, i) => (i === row ? `${line}${CURSOR}` : line)).join('\n')}\n}\n`;
    const files = { 'go.mod': goMod, 'app/alpha.go': helpers('Alpha'), 'app/beta.go': helpers('Beta'), 'app/run.go': at(0) };
    const first = await open(files, 'app/run.go');
    first.promptAt(at(0), 48);
    const moved = first.promptAt(at(101), 48);
    const fresh = (await open(files, 'app/run.go')).promptAt(at(101), 48);
    expect(fresh).toContain('func Beta(');
    expect(moved).toBe(fresh);
  });
});

describe('class 5: a gather past its time cap still sends what the first source found', () => {
  it('a 0 ms cap keeps the definitions of the names at the cursor', async () => {
    const current = `package app\n\nfunc run() {\n\tx := Compute(1)${CURSOR}\n\t_ = x\n}\n`;
    const files = { 'go.mod': goMod, 'app/compute.go': 'package app\n\n// Compute computes.\nfunc Compute(n int) int { return n }\n', 'app/run.go': current };
    const { promptAt } = await open(files, 'app/run.go', { timeoutMs: 0 });
    expect(promptAt(current)).toContain('func Compute(n int) int');
  });
});

describe("class 11: context comes from the current file's language, or from files it imports", () => {
  const table = [
    {
      name: 'a Go file in a repository that also holds TypeScript',
      files: {
        'go.mod': goMod,
        'web/package.json': '{"name":"web"}',
        'web/render.ts': 'export function renderWidget(widget: Widget): string {\n  return widget.title;\n}\nexport interface Widget { title: string }\n',
        'app/render.go': `package app\n\nfunc renderWidget(widget Widget) string {\n\ttitle := widget.title\n\t${CURSOR}\n}\n`,
        'app/widget.go': 'package app\n\ntype Widget struct{ title string }\n',
      },
      current: 'app/render.go',
      unwanted: 'web/render.ts',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const { promptAt } = await open(row.files, row.current);
      const prompt = promptAt(row.files[row.current as keyof typeof row.files]);
      expect(prompt).toContain('type Widget struct');
      expect(prompt).not.toContain(row.unwanted);
    });
  }
});
