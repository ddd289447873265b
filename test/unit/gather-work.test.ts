import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { callGraphCandidates } from '../../server/context/retrieval/sources/call-graph.js';
import { CallTally, callTally } from '../../server/context/retrieval/sources/call-tally.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankings } from '../../server/context/retrieval/sources/rankings-warm.js';
import { declaredValues } from '../../server/context/retrieval/sources/local-types.js';
import { rankedMethods } from '../../server/context/retrieval/sources/method-worth.js';
import { languageModule } from '../../server/syntax/modules.js';
import { dirOf, inDir } from '../../server/syntax/manifests.js';
import type { DeclarationRef } from '../../server/context/index/workspace-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** A function that calls `calls`, as the index records it. */
const caller = (name: string, calls?: string[]): DeclarationRef => ({
  file: `${name}.go`,
  declaration: { name, kind: 'function', line: 0, text: `func ${name}()`, ...(calls ? { calls } : {}) } as DeclarationRef['declaration'],
});

/** What the tally must give: a map filled member by member, call by call, then iterated. */
function byMap(members: readonly DeclarationRef[]): string[] {
  const counts = new Map<string, { n: number; via: DeclarationRef }>();
  for (const ref of members) for (const call of ref.declaration.calls ?? []) counts.set(call, { n: (counts.get(call)?.n ?? 0) + 1, via: counts.get(call)?.via ?? ref });
  return [...counts].map(([call, { n, via }]) => `${call}×${n} via ${via.declaration.name}`);
}

function byTally(tally: CallTally, members: readonly DeclarationRef[]): string[] {
  const out: string[] = [];
  tally.count(members, (call, n, via) => out.push(`${call}×${n} via ${via.declaration.name}`));
  return out;
}

describe('counting the calls of a group of callers', () => {
  const groups: Array<{ name: string; members: DeclarationRef[] }> = [
    { name: 'no callers', members: [] },
    { name: 'callers that call nothing', members: [caller('a'), caller('b', [])] },
    { name: 'shared and own calls, first met first', members: [caller('a', ['os.Open', 'f.Close']), caller('b', ['log.Print', 'os.Open']), caller('c', ['f.Close'])] },
    { name: 'a call made twice in one body', members: [caller('a', ['g', 'g', 'h']), caller('b', ['h'])] },
  ];
  it.each(groups)('gives what an insertion-ordered map gives: $name', ({ members }) => {
    expect(byTally(new CallTally(), members)).toEqual(byMap(members));
  });

  it('starts each group from zero, with ids kept from the groups before (no list read twice)', () => {
    const tally = new CallTally();
    const shared = caller('a', ['os.Open', 'f.Close']);
    for (const { members } of groups) byTally(tally, [...members, shared]);
    const second = [caller('z', ['f.Close', 'new.Call']), shared];
    expect(byTally(tally, second)).toEqual(byMap(second));
    // Eight distinct calls lists (`shared`'s among them, in every group) were read once each.
    expect(tally.listsRead).toBe(8);
  });
});

describe('the call graph on a second gather', () => {
  it('reads no function’s calls again: their ids are kept with the index', async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'store/store.go': 'package store\n\nfunc Open(p string) int { return 0 }\n\nfunc Sync(f int) {}\n',
      'app/a.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveA() {\n\tf := store.Open("a")\n\tstore.Sync(f)\n}\n',
      'app/b.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveB() {\n\tf := store.Open("b")\n\tstore.Sync(f)\n}\n',
      'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveC() {\n\tf := store.Open("c")\n\t█\n}\n',
    };
    const { text, offset } = splitAtCursor(files['app/c.go']!);
    const index = new WorkspaceIndex(workspace({ ...files, 'app/c.go': text }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const focus = focusAt({ text, offset, tree: languages.byPath('app/c.go')!.parser.parse(text) });
    const gather = () => callGraphCandidates({ index, file: 'app/c.go', languageId: 'go', focus, scope: importScope(index, 'app/c.go') });
    const first = gather();
    const read = callTally(index).listsRead;
    // The callers of store.Open: saveA's and saveB's calls, and saveC's own (read for what follows store.Open there).
    expect(read).toBe(3);
    expect(gather()).toEqual(first);
    expect(callTally(index).listsRead).toBe(read);
    expect(first.map((candidate) => candidate.content)).toEqual(['func Sync(f int)']);
  });
});

describe('the call graph after the index is warmed', () => {
  it('reads no function’s calls on the keystroke path: the warm-up turned them into ids', async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'store/store.go': 'package store\n\nfunc Open(p string) int { return 0 }\n\nfunc Sync(f int) {}\n',
      'app/a.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveA() {\n\tf := store.Open("a")\n\tstore.Sync(f)\n}\n',
      'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveC() {\n\tf := store.Open("c")\n\t█\n}\n',
    };
    const { text, offset } = splitAtCursor(files['app/c.go']!);
    const index = new WorkspaceIndex(workspace({ ...files, 'app/c.go': text }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    await warmRankings(index);
    const read = callTally(index).listsRead;
    const focus = focusAt({ text, offset, tree: languages.byPath('app/c.go')!.parser.parse(text) });
    const proposed = callGraphCandidates({ index, file: 'app/c.go', languageId: 'go', focus, scope: importScope(index, 'app/c.go') });
    expect(proposed.map((candidate) => candidate.content)).toEqual(['func Sync(f int)']);
    expect(callTally(index).listsRead).toBe(read);
  });
});

describe('a package-level value read for its type', () => {
  it('is read from its declaration once, and still gives the type whose methods the line calls', async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'app/vars.go': 'package app\n\nvar cmd = &Command{}\n',
      'app/command.go': 'package app\n\ntype Command struct{ name string }\n\nfunc (c *Command) Run() error { return nil }\n',
      'app/main.go': 'package app\n\nfunc main() {\n\tcmd.Run()\n\t█\n}\n',
    };
    const { text, offset } = splitAtCursor(files['app/main.go']!);
    const index = new WorkspaceIndex(workspace({ ...files, 'app/main.go': text }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const focus = focusAt({ text, offset, tree: languages.byPath('app/main.go')!.parser.parse(text) });
    const proposed = definitionCandidates({ index, file: 'app/main.go', languageId: 'go', focus, scope: importScope(index, 'app/main.go') });
    expect(proposed.map((candidate) => candidate.content)).toContain('func (c *Command) Run() error');
    const declaration = index.declarationsNamed('cmd')[0]!.declaration;
    const read = languageModule('go')!.declarations.localValues!;
    const values = declaredValues(declaration, read, 'go');
    expect(values.get('cmd')).toBeDefined();
    expect(declaredValues(declaration, read, 'go')).toBe(values);
  });
});

describe('whether a path is in a directory', () => {
  const rows: Array<[path: string, dir: string]> = [
    ['a/b/c.go', 'a/b'],
    ['a/b/c.go', 'a'],
    ['a/bc/d.go', 'a/b'],
    ['a/b.go', 'a/b'],
    ['ab/c.go', 'a'],
    ['c.go', ''],
    ['a/c.go', ''],
    ['a/b', 'a/b'],
    ['a/b/', 'a/b'],
    ['', ''],
  ];
  it.each(rows)('%s in %s answers as dirOf(path) === dir', (path, dir) => {
    expect(inDir(path, dir)).toBe(dirOf(path) === dir);
  });
});

describe('the methods of a type declared once per platform', () => {
  it('are ranked once for all its declarations: they share one list of methods', async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'sig/sig_linux.go': 'package sig\n\ntype sigctxt struct{ regs uintptr }\n',
      'sig/sig_darwin.go': 'package sig\n\ntype sigctxt struct{ regs uintptr }\n',
      'sig/regs.go': 'package sig\n\nfunc (c *sigctxt) pc() uintptr { return c.regs }\n\nfunc (c *sigctxt) sp() uintptr { return c.regs }\n',
      'sig/use.go': 'package sig\n\nfunc trace(c *sigctxt) uintptr { return c.sp() }\n',
    };
    const index = new WorkspaceIndex(workspace(files), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const [linux, darwin] = ['sig/sig_linux.go', 'sig/sig_darwin.go'].map((file) => index.declarationsNamed('sigctxt').find((ref) => ref.file === file)!);
    const ranked = rankedMethods(index, 'sig/use.go', linux!, 64);
    // The method the package calls first, then by file and line.
    expect(ranked.map((ref) => ref.declaration.name)).toEqual(['sp', 'pc']);
    expect(rankedMethods(index, 'sig/use.go', darwin!, 64)).toBe(ranked);
  });
});

describe('a declaration the definitions source reaches several times', () => {
  const store = 'package store\n\n// T is a store.\ntype T struct{ n int }\n\nfunc New() *T { return &T{} }\n';
  /** How often gathering at the cursor in app/a.go reads store.T's text (rendering a candidate reads it), and T's candidates. */
  async function readsOfT(source: string): Promise<{ reads: number; candidates: number }> {
    const { text, offset } = splitAtCursor(source);
    const files = { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'store/store.go': store, 'app/a.go': text };
    const index = new WorkspaceIndex(workspace(files), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const declaration = index.declarationsNamed('T').find((ref) => ref.file === 'store/store.go')!.declaration;
    let reads = 0;
    const value = declaration.text;
    Object.defineProperty(declaration, 'text', { get: () => (reads++, value), configurable: true });
    const focus = focusAt({ text, offset, tree: languages.byPath('app/a.go')!.parser.parse(text) });
    const proposed = definitionCandidates({ index, file: 'app/a.go', languageId: 'go', focus, scope: importScope(index, 'app/a.go') });
    return { reads, candidates: proposed.filter((candidate) => candidate.content.includes('type T struct')).length };
  }

  it('is rendered once, at its best score, however often a higher score reaches it', async () => {
    const header = 'package app\n\nimport "example.com/app/store"\n\nfunc run() {\n';
    // Reached once: as the result of the cursor line's New.
    const once = await readsOfT(`${header}\tt := store.New()█\n}\n`);
    // Reached again by the line above naming it, with a higher score than New's result share.
    const twice = await readsOfT(`${header}\tvar u store.T\n\t_ = u\n\tt := store.New()█\n}\n`);
    expect(once.candidates).toBe(1);
    expect(twice.candidates).toBe(1);
    expect(twice.reads).toBe(once.reads);
  });
});
