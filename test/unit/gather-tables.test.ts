import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { memberKey, useSet } from '../../server/context/index/usage.js';
import { fieldLineTable } from '../../server/syntax/go/field-lines.js';
import { goFieldType } from '../../server/syntax/go/value-types.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { topK } from '../../server/util/top-k.js';
import { typesNamed } from '../../server/context/retrieval/sources/value-types.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

async function indexed(files: Record<string, string>): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', ...files }), languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  return index;
}

/** What the per-directory table must always equal: the by-name list cut to top-level declarations of the directory. */
function expected(index: WorkspaceIndex, dir: string, name: string): string[] {
  return index
    .declarationsNamed(name)
    .filter((ref) => !ref.declaration.container && ref.file.slice(0, Math.max(0, ref.file.lastIndexOf('/'))) === dir)
    .map((ref) => `${ref.file}:${ref.declaration.line}`);
}

const names = (index: WorkspaceIndex, dir: string, name: string) => index.topLevelNamedIn(dir, name).map((ref) => `${ref.file}:${ref.declaration.line}`);

describe('top-level declarations by directory and name', () => {
  it('holds what declarationsNamed holds for the directory, in its order, through updates and removals', async () => {
    const index = await indexed({
      'a/x.go': 'package a\n\nfunc New() int { return 1 }\n\ntype T struct{}\n\nfunc (T) New() int { return 2 }\n',
      'a/y_linux.go': 'package a\n\nfunc New() int { return 3 }\n',
      'b/z.go': 'package b\n\nfunc New() int { return 4 }\n',
    });
    expect(names(index, 'a', 'New')).toEqual(expected(index, 'a', 'New'));
    expect(names(index, 'a', 'New')).toHaveLength(2);
    expect(names(index, 'b', 'New')).toEqual(['b/z.go:2']);
    // Re-indexing keeps a file's declarations in their place (path order) in the by-name list; the table follows.
    index.update('a/x.go', 'package a\n\n// New again.\nfunc New() int { return 1 }\n');
    expect(names(index, 'a', 'New')).toEqual(expected(index, 'a', 'New'));
    expect(names(index, 'a', 'New')).toEqual(['a/x.go:3', 'a/y_linux.go:2']);
    index.update('a/y_linux.go', 'package a\n\nfunc Other() int { return 3 }\n');
    expect(names(index, 'a', 'New')).toEqual(['a/x.go:3']);
    expect(names(index, 'a', 'Other')).toEqual(['a/y_linux.go:2']);
    index.remove('a/x.go');
    expect(names(index, 'a', 'New')).toEqual([]);
  });
});

describe('a file’s uses as a set', () => {
  it('is made once per record and follows a re-indexed file', async () => {
    const index = await indexed({ 'a/x.go': 'package a\n\nfunc f() { g() }\n\nfunc g() {}\n' });
    const first = useSet(index.file('a/x.go')?.uses);
    expect(first.has('g')).toBe(true);
    expect(useSet(index.file('a/x.go')?.uses)).toBe(first);
    index.update('a/x.go', 'package a\n\nfunc f() { h() }\n\nfunc h() {}\n');
    const second = useSet(index.file('a/x.go')?.uses);
    expect(second.has('g')).toBe(false);
    expect(second.has('h')).toBe(true);
    expect(useSet(undefined).size).toBe(0);
  });
});

describe('answers kept between gathers until the index changes', () => {
  const importer = 'package a\n\nimport "example.com/app/b"\n\nfunc f() b.T { return b.T{} }\n';
  it('resolves a file’s imports once, and again when a file joins the imported package', async () => {
    const index = await indexed({ 'a/x.go': importer, 'b/z.go': 'package b\n\ntype T struct{}\n' });
    const first = index.importsOf('a/x.go');
    expect(first.flatMap((entry) => entry.targets)).toEqual(['b/z.go']);
    expect(index.importsOf('a/x.go')).toBe(first);
    expect([...index.importedFiles('a/x.go')]).toEqual(['b/z.go']);
    index.update('b/w.go', 'package b\n\nfunc New() T { return T{} }\n');
    expect(index.importsOf('a/x.go').flatMap((entry) => entry.targets)).toEqual(['b/w.go', 'b/z.go']);
    expect([...index.importedFiles('a/x.go')]).toEqual(['b/w.go', 'b/z.go']);
  });

  it('finds the types a name means once per revision, and the re-indexed text after an edit', async () => {
    const index = await indexed({ 'a/x.go': importer, 'b/z.go': 'package b\n\ntype T struct{ x int }\n' });
    const first = typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' });
    expect(first.map((ref) => ref.declaration.text)).toEqual(['type T struct{ x int }']);
    expect(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' })).toBe(first);
    // A body edit: the declaration object is new, so a kept answer would show the old text.
    index.update('b/z.go', 'package b\n\ntype T struct{ x, y int }\n');
    expect(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' }).map((ref) => ref.declaration.text)).toEqual(['type T struct{ x, y int }']);
  });
});

describe('field types with the field’s pattern compiled once', () => {
  it('reads each text afresh, ASCII or not, whatever the pattern was first used on', () => {
    expect(goFieldType('type A struct {\n\tnext *Node\n}', 'next')).toEqual({ name: 'Node' });
    expect(goFieldType('type B struct {\n\tnext http.Handler\n}', 'next')).toEqual({ qualifier: 'http', name: 'Handler' });
    expect(goFieldType('type C struct {\n\tprev, next *Élan\n}', 'next')).toEqual({ name: 'Élan' });
    expect(goFieldType('type D struct {\n\tnextOne int\n}', 'next')).toBeUndefined();
    expect(goFieldType('type E struct {\n\tnext Node\n}', 'next')).toEqual({ name: 'Node' });
  });
});

describe('topK', () => {
  it('equals a stable sort cut to k, ties included', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ i, v: (i * 37) % 11 }));
    const compare = (a: { v: number }, b: { v: number }) => a.v - b.v;
    for (const k of [0, 1, 5, 24, 199, 200, 300]) expect(topK(items, k, compare)).toEqual([...items].sort(compare).slice(0, k));
  });

  it('places each kept item in about log2(k) comparisons, however the input is ordered', () => {
    // 2,000 scores in no order, as packing's and the imported APIs' candidates come: the best 200 kept.
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, v: (i * 7919) % 1009 }));
    let comparisons = 0;
    const compare = (a: { v: number; i: number }, b: { v: number; i: number }) => {
      comparisons++;
      return b.v - a.v;
    };
    const top = topK(items, 200, compare);
    expect(top).toEqual([...items].sort((a, b) => b.v - a.v).slice(0, 200));
    // One comparison with the last kept item per item, and a binary search (≤ 8 for 200) for those kept.
    expect(comparisons - 200 * 10).toBeLessThan(items.length * 3);
  });
});

describe('field lines read in one pass', () => {
  /** The pattern the table stands for, compiled per field as goFieldType did. */
  const byPattern = (text: string, field: string) =>
    new RegExp(`^\\s+(?:[\\p{L}_][\\p{L}\\p{N}_]*\\s*,\\s*)*${field}\\b(?:\\s*,\\s*[\\p{L}_][\\p{L}\\p{N}_]*)*\\s*(\\S.*)$`, 'mu').exec(text)?.[1];
  const TEXTS = [
    'type S struct {\n\tmu sync.Mutex\n\ta, b *T // two\n\n\tc,\n\td map[string]int\n\tembedded\n\tio.Reader\n\tnext, prev *S\n\ta int\n}',
    'type I interface {\n\tGet(key string) *Entry\n\tSet(key string, e *Entry) error\n\tio.Closer\n}',
    'type W struct {\r\n\tx, y int\r\n\tz string\r\n\tu,\r\n\tv float64\r\n}',
    'type V struct {\nunindented T\n\n  after Blank\n\tlast, more',
    '// A doc line\n// mentions field here\ntype D struct {\n\there, there X\n\t9bad, ok Y\n\tk, (odd)\n}',
    // Unicode: names, white space (no-break, ideographic) and line separators the pattern reads as such; `\b` stays ASCII.
    'type G struct {\n\tgröße int // Größe\n\tnameé, other *Élan\n\u00a0\u3000spaced T\u2028\tsep W\u2029 more\n\tfoo, fooé Q\n\tbar, barü R\n\tx\u00a0, y Z\n\t\u{1d49c}stral, after A\n}',
  ];
  it('captures for every name what the pattern captures, or defers to it', () => {
    for (const text of TEXTS) {
      const table = fieldLineTable(text);
      for (const name of new Set(text.match(/[A-Za-z_]\w*/g))) {
        const known = table.get(name);
        if (known !== null) expect([text, name, known]).toEqual([text, name, byPattern(text, name)]);
      }
    }
    // A list of names at the very end: the pattern backtracks into a name there, so it decides.
    expect(fieldLineTable(TEXTS[3]!).get('more')).toBeNull();
    // Non-ASCII text is read by the table too, not left to a pattern compiled per field.
    expect(fieldLineTable(TEXTS[5]!).get('foo')).toBe('é Q');
    expect(fieldLineTable(TEXTS[5]!).get('spaced')).toBe('T');
  });
});

const where = (refs: ReadonlyArray<{ file: string; declaration: { line: number } }>) => refs.map((ref) => `${ref.file}:${ref.declaration.line}`);

describe('methods by scope and type', () => {
  it('holds each package’s methods of a type apart, through updates and removals', async () => {
    const index = await indexed({
      'a/x.go': 'package a\n\ntype T struct{}\n\nfunc (T) M() {}\n',
      'a/y.go': 'package a\n\nfunc (T) N() {}\n',
      'b/z.go': 'package b\n\ntype T struct{}\n\nfunc (T) M() {}\n',
    });
    expect(where(index.methodsOf('a/x.go', 'T'))).toEqual(['a/x.go:4', 'a/y.go:2']);
    expect(where(index.methodsOf('b/z.go', 'T'))).toEqual(['b/z.go:4']);
    index.update('a/y.go', 'package a\n\nfunc (T) N() {}\n\nfunc (T) O() {}\n');
    expect(index.methodsOf('a/x.go', 'T').map((ref) => ref.declaration.name)).toEqual(['M', 'N', 'O']);
    index.remove('a/x.go');
    index.remove('a/y.go');
    expect(index.methodsOf('b/z.go', 'T').map((ref) => ref.declaration.name)).toEqual(['M']);
    index.update('a/x.go', 'package a\n\ntype T struct{}\n');
    expect(index.methodsOf('a/x.go', 'T')).toEqual([]);
  });
});

describe('types a name means, kept by file, qualifier and name', () => {
  it('tells apart the file asking, a qualified name from a plain one, and each name', async () => {
    const index = await indexed({
      'a/x.go': 'package a\n\nimport "example.com/app/b"\n\ntype T struct{ a int }\n\nfunc f() b.T { return b.T{} }\n',
      'b/z.go': 'package b\n\ntype T struct{ b int }\n\ntype U struct{}\n',
    });
    const text = (refs: ReadonlyArray<{ declaration: { text: string } }>) => refs.map((ref) => ref.declaration.text);
    expect(text(typesNamed(index, 'a/x.go', { name: 'T' }))).toEqual(['type T struct{ a int }']);
    expect(text(typesNamed(index, 'a/x.go', { qualifier: 'b', name: 'T' }))).toEqual(['type T struct{ b int }']);
    expect(text(typesNamed(index, 'b/z.go', { name: 'T' }))).toEqual(['type T struct{ b int }']);
    expect(text(typesNamed(index, 'b/z.go', { name: 'U' }))).toEqual(['type U struct{}']);
    // An empty qualifier is not the same as none.
    expect(typesNamed(index, 'a/x.go', { qualifier: '', name: 'T' })).toEqual([]);
    expect(text(typesNamed(index, 'a/x.go', { name: 'T' }))).toEqual(['type T struct{ a int }']);
  });
});

describe('member keys', () => {
  it('are `.name` for every name, the same string again, and still right after the table is emptied', () => {
    expect(memberKey('Close')).toBe('.Close');
    expect(memberKey('Close')).toBe(memberKey('Close'));
    // Past the table's bound: it is emptied once on the way, and every key is still right.
    let wrong = 0;
    for (let i = 0; i < 60_000; i++) if (memberKey(`m${i}`) !== `.m${i}`) wrong++;
    expect(wrong).toBe(0);
    expect(memberKey('Close')).toBe('.Close');
    expect(memberKey('')).toBe('.');
  });
});
