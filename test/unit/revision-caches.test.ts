import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../server/context/index/change-log.js';
import { WorkspaceIndex, type DeclarationRef } from '../../server/context/index/workspace-index.js';
import { rankedMethods } from '../../server/context/retrieval/sources/method-worth.js';
import { rankingsCurrent } from '../../server/context/retrieval/sources/method-rankings.js';
import { rerankSteps } from '../../server/context/retrieval/sources/rankings-warm.js';
import { typesNamed } from '../../server/context/retrieval/sources/value-types.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

async function indexed(files: Record<string, string>): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace(files), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
  await index.build();
  return index;
}

const GO_MOD = { 'go.mod': 'module example.com/app\n\ngo 1.22\n' };
const texts = (refs: readonly DeclarationRef[]) => refs.map((ref) => ref.declaration.text);
const names = (refs: readonly DeclarationRef[]) => refs.map((ref) => ref.declaration.name);

describe('the change log of an index', () => {
  const change = (path: string) => ({ path, before: undefined, after: undefined, imports: false });

  it('tells the changes since a revision one by one, and nothing it cannot vouch for', () => {
    const log = new ChangeLog();
    log.record(1, change('a'));
    log.record(2, change('b'));
    expect(log.since(0, 2)?.map((entry) => entry.path)).toEqual(['a', 'b']);
    expect(log.since(1, 2)?.map((entry) => entry.path)).toEqual(['b']);
    expect(log.since(2, 2)).toEqual([]);
    log.reset(3);
    log.record(4, change('c'));
    expect(log.since(2, 4)).toBeUndefined();
    expect(log.since(3, 4)?.map((entry) => entry.path)).toEqual(['c']);
  });

  it('starts a cache over that is further behind than the changes kept', () => {
    const log = new ChangeLog();
    for (let revision = 1; revision <= 100; revision++) log.record(revision, change(`f${revision}`));
    expect(log.since(0, 100)).toBeUndefined();
    expect(log.since(90, 100)).toHaveLength(10);
  });

  it('is what the index keeps: a build resets it, an update and a removal are one change each', async () => {
    const index = await indexed({ ...GO_MOD, 'a/x.go': 'package a\n\nfunc f() {}\n' });
    const built = index.revision;
    expect(index.changesSince(built - 1)).toBeUndefined();
    index.update('a/x.go', 'package a\n\nfunc g() {}\n');
    index.remove('a/x.go');
    const changes = index.changesSince(built)!;
    expect(changes.map(({ path, imports }) => [path, imports])).toEqual([
      ['a/x.go', false],
      ['a/x.go', true],
    ]);
    expect(names(changes[0]!.before!.declarations.map((declaration) => ({ file: 'a/x.go', declaration })))).toEqual(['f']);
    expect(changes[1]!.after).toBeUndefined();
  });
});

describe('typesNamed across re-indexes', () => {
  const files = {
    ...GO_MOD,
    'a/x.go': 'package a\n\nimport "example.com/app/b"\n\nvar v b.T\n',
    'a/w.go': 'package a\n\ntype W struct{}\n',
    'b/y.go': 'package b\n\ntype T struct{ x int }\n',
    'b/z.go': 'package b\n\nfunc f() {}\n',
  };

  it('keeps an answer an update elsewhere did not touch', async () => {
    const index = await indexed(files);
    const first = typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' });
    index.update('b/z.go', 'package b\n\nfunc g() {}\n');
    expect(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' })).toBe(first);
  });

  it('answers again when another file renames or changes the type', async () => {
    const index = await indexed(files);
    expect(texts(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' }))).toEqual(['type T struct{ x int }']);
    index.update('b/y.go', 'package b\n\ntype T struct{ x, y int }\n');
    expect(texts(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' }))).toEqual(['type T struct{ x, y int }']);
    index.update('b/y.go', 'package b\n\ntype U struct{ x int }\n');
    expect(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' })).toEqual([]);
  });

  it('answers again when the file declaring the type is deleted', async () => {
    const index = await indexed(files);
    expect(texts(typesNamed(index, 'a/x.go', { name: 'W' }))).toEqual(['type W struct{}']);
    index.remove('a/w.go');
    expect(typesNamed(index, 'a/x.go', { name: 'W' })).toEqual([]);
  });

  it('answers again when the type a re-export renames changes, though the name asked for is not declared', async () => {
    const index = await indexed({
      'src/app.ts': "import * as lib from './lib/index';\n\nexport const v: lib.Api = undefined!;\n",
      'src/lib/index.ts': "export { Impl as Api } from './impl';\n",
      'src/lib/impl.ts': 'export class Impl {\n  run(): void {}\n}\n',
    });
    expect(names(typesNamed(index, 'src/app.ts', { qualifier: 'lib', name: 'Api' }))).toEqual(['Impl']);
    index.update('src/lib/impl.ts', 'export class Other {\n  run(): void {}\n}\n');
    expect(typesNamed(index, 'src/app.ts', { qualifier: 'lib', name: 'Api' })).toEqual([]);
  });
});

describe('method rankings across re-indexes', () => {
  const files = {
    ...GO_MOD,
    'sig/t.go': 'package sig\n\ntype T struct{}\n\nfunc (t *T) A() {}\n\nfunc (t *T) B() {}\n',
    'sig/use.go': 'package sig\n\nfunc use(t *T) { t.A() }\n',
    'sig/other.go': 'package sig\n\nfunc other() {}\n',
  };
  const typeT = (index: WorkspaceIndex) => index.declarationsNamed('T').find((ref) => ref.file === 'sig/t.go')!;

  it('keeps an order an update elsewhere did not touch', async () => {
    const index = await indexed(files);
    const first = rankedMethods(index, 'sig/use.go', typeT(index), 64);
    const made = rankingsCurrent(index).made;
    index.update('sig/other.go', 'package sig\n\nfunc other() { println() }\n');
    expect(rankedMethods(index, 'sig/use.go', typeT(index), 64)).toEqual(first);
    expect(rankedMethods(index, 'sig/other.go', typeT(index), 64)).toEqual(first);
    expect(rankingsCurrent(index).made).toBe(made);
  });

  it('cuts an order as a stable sort by worth, file and line would, the methods the viewing file calls raised', async () => {
    const index = await indexed({
      ...GO_MOD,
      'sig/t.go': 'package sig\n\ntype T struct{}\n\nfunc (t *T) D() {}\n\nfunc (t *T) C() {}\n',
      'sig/u.go': 'package sig\n\nfunc (t *T) B() {}\n\nfunc (t *T) A() {}\n',
      'sig/use.go': 'package sig\n\nfunc use(t *T) { t.C(); t.A() }\n',
      'sig/more.go': 'package sig\n\nfunc more(t *T) { t.A(); t.B() }\n',
    });
    // A: 2 files (4 with the package's factor) + 8 here; C: 1 (3) + 8; B: 1 (3); D: none. C ties B from t.go: t.go before u.go.
    expect(names(rankedMethods(index, 'sig/use.go', typeT(index), 64))).toEqual(['A', 'C', 'B', 'D']);
    expect(names(rankedMethods(index, 'sig/use.go', typeT(index), 3))).toEqual(['A', 'C', 'B']);
    expect(names(rankedMethods(index, 'sig/more.go', typeT(index), 64))).toEqual(['A', 'B', 'C', 'D']);
    expect(names(rankedMethods(index, 'sig/t.go', typeT(index), 2))).toEqual(['A', 'C']);
  });

  it('ranks again when the viewing file changes what it calls', async () => {
    const index = await indexed(files);
    expect(names(rankedMethods(index, 'sig/use.go', typeT(index), 64))).toEqual(['A', 'B']);
    index.update('sig/use.go', 'package sig\n\nfunc use(t *T) { t.B() }\n');
    expect(names(rankedMethods(index, 'sig/use.go', typeT(index), 64))).toEqual(['B', 'A']);
  });

  it('ranks again when another file changes what it calls (the usage counts)', async () => {
    const index = await indexed(files);
    expect(names(rankedMethods(index, 'sig/other.go', typeT(index), 64))).toEqual(['A', 'B']);
    index.update('sig/use.go', 'package sig\n\nfunc use(t *T) { t.B() }\n');
    expect(names(rankedMethods(index, 'sig/other.go', typeT(index), 64))).toEqual(['B', 'A']);
  });

  it('ranks again when another file adds a method to the type', async () => {
    const index = await indexed(files);
    expect(names(rankedMethods(index, 'sig/other.go', typeT(index), 64))).toEqual(['A', 'B']);
    index.update('sig/other.go', 'package sig\n\nfunc other() {}\n\nfunc (t *T) C() {}\n');
    expect(names(rankedMethods(index, 'sig/other.go', typeT(index), 64))).toEqual(['A', 'C', 'B']);
    index.remove('sig/other.go');
    expect(names(rankedMethods(index, 'sig/use.go', typeT(index), 64))).toEqual(['A', 'B']);
  });
});

describe('the re-rank turn as steps', () => {
  it('takes several steps, and stops at the next one once the index moves on', async () => {
    const index = await indexed({
      ...GO_MOD,
      'sig/t.go': 'package sig\n\ntype T struct{}\n\nfunc (t *T) A() {}\n',
      'sig/use.go': 'package sig\n\nfunc use(t *T) { t.A() }\n',
    });
    let steps = 0;
    for (const _ of rerankSteps(index, 'sig/use.go')) steps++;
    expect(steps).toBeGreaterThan(3);
    const stopped = rerankSteps(index, 'sig/use.go');
    stopped.next();
    index.update('sig/t.go', 'package sig\n\ntype T struct{}\n\nfunc (t *T) B() {}\n');
    expect(stopped.next().done).toBe(true);
  });
});
