import { execFileSync } from 'node:child_process';
import { symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { listWorkspaceFiles, type FileListing } from '../../server/context/index/workspace-files.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { samePackageCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

function indexOf(root: string, limits = { maxFileBytes: 200_000, maxFiles: 1000 }): WorkspaceIndex {
  return new WorkspaceIndex(root, languages, () => limits);
}

const reasons = (skipped: Array<{ path: string; reason: string }>) => Object.fromEntries(skipped.map((s) => [s.path, s.reason]));

/** The folder's listing by the walk, then by git ls-files once it is a repository (each checked to come from there). */
async function walkedThenListedByGit(root: string): Promise<FileListing[]> {
  const listings: FileListing[] = [];
  for (const source of ['walk', 'git'] as const) {
    if (source === 'git') execFileSync('git', ['init', '-q', root]);
    const listing = await listWorkspaceFiles(root, { maxFileBytes: 1000, maxFiles: 100 });
    expect(listing.source).toBe(source);
    listings.push(listing);
  }
  return listings;
}

describe('workspace files', () => {
  it('honours .gitignore (walk and git ls-files alike) and skips dependencies, vendored, generated and secret files', async () => {
    const root = workspace({
      '.gitignore': 'build/\n*.tmp.ts\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.tmp.ts': 'export const b = 1;\n',
      'build/out.js': 'var x;\n',
      'node_modules/dep/index.js': 'module.exports = 1;\n',
      'vendor/x/x.go': 'package x\n',
      'src/app.min.js': 'var a=1;\n',
      'api/api.pb.go': 'package api\n',
      'src/credentials.ts': 'export const password = "x";\n',
      'README.md': '# readme\n',
    });
    for (const listing of await walkedThenListedByGit(root)) {
      expect(listing.files.map((f) => f.relative)).toEqual(['src/a.ts']);
      expect(reasons(listing.skipped)).toMatchObject({ 'src/app.min.js': 'generated', 'api/api.pb.go': 'generated', 'src/credentials.ts': 'secret' });
    }
  });

  it('skips a Python project’s virtual environments, caches and generated protobuf modules, git or not', async () => {
    const root = workspace({
      'app/core.py': 'def f():\n    return 1\n',
      // `venv/` is a virtual environment by its pyvenv.cfg; the standard library's own package of that name is source.
      'venv/pyvenv.cfg': 'home = /usr/bin\n',
      'venv/lib/python3.11/site-packages/dep/mod.py': 'x = 1\n',
      'lib/venv/__init__.py': 'def create():\n    pass\n',
      '.venv/lib/m.py': 'y = 1\n',
      '.tox/py311/lib/t.py': 'z = 1\n',
      'app/__pycache__/core.cpython-311.py': 'w = 1\n',
      'app/msg_pb2.py': 'a = 1\n',
      'app/msg_pb2_grpc.py': 'b = 1\n',
    });
    for (const listing of await walkedThenListedByGit(root)) {
      expect(listing.files.map((f) => f.relative).sort()).toEqual(['app/core.py', 'lib/venv/__init__.py']);
      expect(reasons(listing.skipped)).toMatchObject({ 'app/msg_pb2.py': 'generated', 'app/msg_pb2_grpc.py': 'generated' });
    }
  });

  it.skipIf(process.platform !== 'linux')('reports a file it cannot read, even as root', async () => {
    const root = workspace({ 'pkg/a.go': 'package pkg\n\nfunc A() {}\n' });
    // /proc/self/mem stats as a regular file but every read fails (EIO), whoever reads it.
    symlinkSync('/proc/self/mem', join(root, 'pkg', 'mem.go'));
    const report = await indexOf(root).build();
    expect(report.indexed).toBe(1);
    expect(reasons(report.skipped)).toEqual({ 'pkg/mem.go': 'unreadable' });
  });

  it('walks a folder that its enclosing repository ignores whole, rather than finding nothing', async () => {
    const root = workspace({
      '.gitignore': 'cache/\n',
      'cache/lib/a.ts': 'export const a = 1;\n',
      'cache/lib/.gitignore': 'gen/\n',
      'cache/lib/gen/b.ts': 'export const b = 1;\n',
    });
    execFileSync('git', ['init', '-q', root]);
    const listing = await listWorkspaceFiles(join(root, 'cache', 'lib'), { maxFileBytes: 1000, maxFiles: 100 });
    expect(listing.source).toBe('walk');
    expect(listing.files.map((f) => f.relative)).toEqual(['a.ts']);
  });

  it('survives a symlink loop and a dangling link, and reports them', async () => {
    const root = workspace({ 'pkg/a.go': 'package pkg\n\nfunc A() {}\n' });
    symlinkSync(join(root, 'pkg'), join(root, 'pkg', 'loop'));
    symlinkSync(join(root, 'missing.go'), join(root, 'pkg', 'dangling.go'));
    const report = await indexOf(root).build();
    expect(report.indexed).toBe(1);
    expect(reasons(report.skipped)).toMatchObject({ 'pkg/loop': 'symlink-loop', 'pkg/dangling.go': 'dangling-symlink' });
  });

  it('lists a git work tree whose .gitignore is a FIFO (git would wait on it forever) by walking it, and walks it at once the next time', { timeout: 60_000 }, async () => {
    const root = workspace({ 'pkg/a.go': 'package pkg\n\nfunc A() {}\n' });
    execFileSync('git', ['init', '-q', root]);
    execFileSync('mkfifo', [join(root, '.gitignore')]);
    const first = await listWorkspaceFiles(root, { maxFileBytes: 1000, maxFiles: 100 });
    expect(first.source).toBe('walk');
    expect(first.files.map((file) => file.relative)).toEqual(['pkg/a.go']);
    expect(reasons(first.skipped)).toMatchObject({ '.gitignore': 'not-regular' });
    // The poll watcher lists again every few seconds: git is not asked (nor waited for) again.
    const started = performance.now();
    expect((await listWorkspaceFiles(root, { maxFileBytes: 1000, maxFiles: 100 })).source).toBe('walk');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('workspace index', () => {
  it('indexes files with syntax errors as far as they parse, and skips huge and generated files', async () => {
    const root = workspace({
      'broken.go': 'package x\n\n// Good is fine.\nfunc Good(a int) int { return a }\n\nfunc Broken( {\n',
      'huge.ts': `export const big = [${'1,'.repeat(150_000)}];\n`,
      'gen.go': '// Code generated by stringer. DO NOT EDIT.\n\npackage x\n\nfunc Gen() {}\n',
      'minified.js': `${'var a=1;'.repeat(5000)}\n`,
    });
    const index = indexOf(root);
    const report = await index.build();
    expect(report.indexed).toBe(1);
    expect(report.withSyntaxErrors).toBe(1);
    expect(index.declarationsNamed('Good').map((ref) => ref.declaration.text)).toEqual(['// Good is fine.\nfunc Good(a int) int']);
    expect(reasons(report.skipped)).toEqual({ 'huge.ts': 'too-large', 'gen.go': 'generated', 'minified.js': 'generated' });
  });

  it('carries on when files vanish while it indexes', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`p${i % 20}/f${i}.go`] = `package p\n\nfunc F${i}() {}\n`;
    const root = workspace(files);
    const index = indexOf(root);
    const building = index.build();
    // Delete half of the files while the build is under way.
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 400; i += 2) unlinkSync(join(root, `p${i % 20}/f${i}.go`));
    const report = await building;
    expect(report.indexed + report.skipped.filter((s) => s.reason === 'vanished').length).toBeGreaterThanOrEqual(200);
    expect(report.indexed).toBeGreaterThanOrEqual(200);
  });

  it('never indexes what context.exclude names, in the build or on update', async () => {
    const root = workspace({ 'src/a.ts': 'export const a = 1;\n', 'src/api.gen.ts': 'export const g = 1;\n', 'fixtures/f.ts': 'export const f = 1;\n' });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 10_000, maxFiles: 100, exclude: ['fixtures/', '*.gen.ts'] }));
    const report = await index.build();
    expect(report.indexed).toBe(1);
    expect(reasons(report.skipped)).toEqual({ 'src/api.gen.ts': 'excluded', 'fixtures/f.ts': 'excluded' });
    expect(index.update('fixtures/g.ts', 'export const g = 2;\n')).toBe('excluded');
    expect(index.declarationsNamed('g')).toEqual([]);
  });

  it('forgets what was derived while it was being built', async () => {
    const root = workspace({ 'a/a.go': 'package a\n\nfunc A() {}\n' });
    const index = indexOf(root);
    // Derived from a directory the build does not touch, as an imported package's ranking is when
    // the files that use it are read after it.
    expect(index.memo('ranking', ['b'], () => 'partial')).toBe('partial');
    await index.build();
    expect(index.memo('ranking', ['b'], () => 'complete')).toBe('complete');
  });

  it('follows updates and removals, and bumps its generation only when the visible API changes', async () => {
    const root = workspace({ 'a.ts': 'export function one(): number {\n  return 1;\n}\n' });
    const index = indexOf(root);
    await index.build();
    const generation = index.generation;
    index.update('a.ts', 'export function one(): number {\n  return 2;\n}\n');
    expect(index.generation).toBe(generation);
    index.update('a.ts', 'export function one(x: number): number {\n  return x;\n}\n');
    expect(index.generation).toBe(generation + 1);
    expect(index.declarationsNamed('one')[0]?.declaration.text).toBe('export function one(x: number): number');
    expect(index.searchChunks(['one'], 5).map((hit) => hit.file)).toEqual(['a.ts']);
    index.remove('a.ts');
    expect(index.declarationsNamed('one')).toEqual([]);
    expect(index.searchChunks(['one'], 5)).toEqual([]);
    expect(index.update('.env.ts', 'export const token = 1;')).toBe('secret');
  });

  it('keeps a generator beside a Go package out of it: for its importers and for its own files', async () => {
    const root = workspace({
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      // Sorted first in its directory, as sort/gen_sort_variants.go is in Go's sort package.
      'sorting/gen.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n',
      'sorting/slice.go': 'package sorting\n\nfunc Slice(x any) {}\n',
      'sorting/search.go': 'package sorting\n\nfunc Search(n int) int { return n }\n',
      'app/app.go': 'package app\n\nimport "example.com/m/sorting"\n\nfunc run() { sorting.Slice(nil) }\n',
    });
    const index = indexOf(root);
    await index.build();
    expect([...importScope(index, 'app/app.go').namespaces]).toEqual([['sorting', ['sorting/search.go', 'sorting/slice.go']]]);
    // Nor is the generator part of the package for its own files' same-package context.
    const input = { index, file: 'sorting/slice.go', languageId: 'go' as const, focus: focusAt({ text: '', offset: 0 }), scope: importScope(index, 'sorting/slice.go') };
    expect(samePackageCandidates(input).map((candidate) => candidate.key)).toEqual(['sorting/search.go#2:.Search']);
    // A file the index does not hold yet belongs to its directory's package.
    expect(index.inSamePackage('sorting/new.go', 'sorting/slice.go')).toBe(true);
    expect(index.inSamePackage('sorting/slice.go', 'sorting/gen.go')).toBe(false);
    // Renaming the package clause re-resolves the import.
    index.update('sorting/slice.go', 'package sorted\n\nfunc Slice(x any) {}\n');
    index.update('sorting/search.go', 'package sorted\n\nfunc Search(n int) int { return n }\n');
    expect([...importScope(index, 'app/app.go').namespaces.keys()]).toEqual(['sorted']);
  });
});
