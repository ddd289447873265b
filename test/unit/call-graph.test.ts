import { describe, expect, it } from 'vitest';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { callGraphCandidates } from '../../server/context/retrieval/sources/call-graph.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { extractCalls } from '../../server/context/index/usage.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** An index of a fixture folder, and the call-graph candidates at the █ of one of its files. */
async function callGraphAt(files: Record<string, string>, current: string) {
  const { text, offset } = splitAtCursor(files[current]!);
  const root = workspace({ ...files, [current]: text });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
  await index.build();
  const language = languages.byPath(current)!;
  const focus = focusAt({ text, offset, tree: language.parser.parse(text) });
  const candidates = callGraphCandidates({ index, file: current, languageId: language.id, focus, scope: importScope(index, current) });
  return { focus, candidates, names: candidates.map((c) => `${c.path}:${/(?:func|type|function|const)\s+(?:\([^)]*\)\s*)?(\w+)/.exec(c.content)?.[1]}`) };
}

const goMod = 'module example.com/app\n\ngo 1.22\n';
const store = `package store

// Open opens the file at path.
func Open(path string) (*File, error) { return nil, nil }

// Sync flushes f.
func Sync(f *File) error { return nil }

// Remove deletes the file at path.
func Remove(path string) error { return nil }

type File struct{ name string }
`;

describe('calls a function makes', () => {
  it('lists plain and qualified calls and pkg.Type literals once each, in first-call order, without keywords and builtins', () => {
    const body =
      'x := fmt.Sprintf("%d", len(a))\nif err := os.Open(p); err != nil {\n\treturn &net.OpError{Op: "dial"}\n}\nhelper(make([]int, 3))\nhelper(1)\nfor i := range T{1} {}\nnew Foo();';
    expect(extractCalls(body)).toEqual(['fmt.Sprintf', 'os.Open', 'net.OpError', 'helper', 'Foo']);
  });
});

describe('call-graph context source', () => {
  it('proposes what functions that call the same things call next, and not what none of them call', async () => {
    const { names, candidates } = await callGraphAt(
      {
        'go.mod': goMod,
        'store/store.go': store,
        'app/a.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveA() {\n\tf, _ := store.Open("a")\n\tstore.Sync(f)\n}\n',
        'app/b.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveB() {\n\tf, _ := store.Open("b")\n\tstore.Sync(f)\n}\n',
        'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveC() {\n\tf, _ := store.Open("c")\n\t█\n}\n',
      },
      'app/c.go',
    );
    expect(names).toEqual(['store/store.go:Sync']);
    // Signatures alone below the cursor line's own definitions: more of them fit the budget.
    expect(candidates[0]).toMatchObject({ source: 'calls', content: 'func Sync(f *File) error' });
    expect(candidates[0]!.score).toBeGreaterThan(0.5);
  });

  it('follows a function of the same name in another file (a platform variant) to the helper it calls in this package', async () => {
    const { names } = await callGraphAt(
      {
        'go.mod': goMod,
        'sys/page.go': 'package sys\n\nfunc getpagesize() int { return 4096 }\n\nfunc unrelated() int { return 1 }\n',
        'sys/page_linux.go': 'package sys\n\nfunc pageSize() int {\n\treturn getpagesize()\n}\n',
        'sys/page_darwin.go': 'package sys\n\nfunc pageSize() int {\n\t█\n}\n',
      },
      'sys/page_darwin.go',
    );
    expect(names).toEqual(['sys/page.go:getpagesize']);
  });

  it('resolves a package the current file does not import yet through the neighbour that does', async () => {
    const { names } = await callGraphAt(
      {
        'go.mod': goMod,
        'store/store.go': store,
        'log/log.go': 'package log\n\nfunc Record(event string) {}\n',
        'app/a.go': 'package app\n\nimport (\n\t"example.com/app/log"\n\t"example.com/app/store"\n)\n\nfunc removeA() {\n\tstore.Remove("a")\n\tlog.Record("removed")\n}\n',
        'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc removeC() {\n\tstore.Remove("c")\n\t█\n}\n',
      },
      'app/c.go',
    );
    expect(names).toEqual(['log/log.go:Record']);
  });

  it('weighs a Go package the current file does not import below one it does, for the same votes', async () => {
    const { candidates } = await callGraphAt(
      {
        'go.mod': goMod,
        'store/store.go': store,
        'log/log.go': 'package log\n\nfunc Record(event string) {}\n',
        'app/a.go':
          'package app\n\nimport (\n\t"example.com/app/log"\n\t"example.com/app/store"\n)\n\nfunc removeA(f *store.File) {\n\tstore.Remove("a")\n\tlog.Record("removed")\n\tstore.Sync(f)\n}\n',
        'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc removeC() {\n\tstore.Remove("c")\n\t█\n}\n',
      },
      'app/c.go',
    );
    const score = (path: string) => candidates.find((candidate) => candidate.path === path)?.score ?? 0;
    expect(score('log/log.go')).toBeGreaterThan(0);
    expect(score('log/log.go')).toBeLessThan(score('store/store.go') / 2);
  });

  it('votes for what follows the call above the cursor elsewhere, even in functions that share nothing else', async () => {
    const { names, focus } = await callGraphAt(
      {
        'locks.ts': 'export function acquire(): void {}\nexport function release(): void {}\nexport function audit(): void {}\n',
        'a.ts': "import { acquire, release, audit } from './locks';\nexport function first() {\n  acquire();\n  release();\n  audit();\n}\n",
        'b.ts': "import { acquire, release } from './locks';\nexport function second() {\n  acquire();\n  █\n}\n",
      },
      'b.ts',
    );
    expect(focus.callBefore).toBe('acquire');
    expect(names[0]).toBe('locks.ts:release');
  });

  it('proposes nothing for a function that calls nothing and has no namesake', async () => {
    const { candidates } = await callGraphAt(
      { 'go.mod': goMod, 'app/a.go': 'package app\n\nfunc a() {\n\thelper()\n}\n\nfunc helper() {}\n', 'app/b.go': 'package app\n\nfunc b() {\n\t█\n}\n' },
      'app/b.go',
    );
    expect(candidates).toEqual([]);
  });
});

describe('packing by combined score and length', () => {
  const candidate = (key: string, content: string, score: number, source: Candidate['source'] = 'imports'): Candidate => ({
    key,
    path: `${key}.go`,
    line: 0,
    content,
    score,
    source,
  });

  it('ranks a declaration two sources propose above one a single source scores a little higher', () => {
    const packed = packCandidates([candidate('a', 'func A()', 0.3), candidate('b', 'func B()', 0.25), candidate('b', 'func B()', 0.25, 'calls')], 12);
    expect(packed.map((s) => s.path)).toEqual(['b.go']);
  });

  it('puts a short signature before a long declaration of a slightly higher score', () => {
    const long = `type Big struct {\n${Array.from({ length: 30 }, (_, i) => `\tField${i} int`).join('\n')}\n}`;
    const packed = packCandidates([candidate('big', long, 0.35), candidate('f', 'func F()', 0.3)], 12);
    expect(packed.map((s) => s.path)).toEqual(['f.go']);
  });

  it('shows the doc comment a low score left out when asked to, as code actions are', () => {
    const documented: Candidate = { key: 'a.go#0:.A', path: 'a.go', line: 0, content: 'func A()', documented: '// A does a thing.\nfunc A()', score: 0.4, source: 'imports' };
    expect(packCandidates([documented], 100)[0]?.content).toBe('func A()');
    expect(packCandidates([documented], 100, { documented: true })[0]?.content).toBe('// A does a thing.\nfunc A()');
  });

  it('keeps the same signature from two packages (bytes.Equal, bytealg.Equal) and drops a platform variant in one', () => {
    const equal = 'func Equal(a, b []byte) bool';
    const at = (path: string, score: number): Candidate => ({ key: `${path}#0:.Equal`, path, line: 0, content: equal, score, source: 'imports' });
    const packed = packCandidates([at('bytes/bytes.go', 0.4), at('internal/bytealg/equal_generic.go', 0.4), at('internal/bytealg/equal_native.go', 0.4)], 200);
    expect(packed.map((s) => s.path).sort()).toEqual(['bytes/bytes.go', 'internal/bytealg/equal_generic.go']);
  });

  it('packs a Go struct whose last field reads like a line another snippet of its file shows', () => {
    const file = (key: string, content: string, score: number): Candidate => ({ key: `link.go#${key}`, path: 'link.go', line: key.length, content, score, source: 'definitions' });
    const packed = packCandidates(
      [file('1:.Prog', 'type Prog struct {\n\tCtxt *Link\n\tOffset int64\n}', 0.6), file('20:.Addr', 'type Addr struct {\n\tReg int16\n\tOffset int64\n}', 0.5)],
      200,
    );
    expect(packed[0]?.content).toContain('type Addr struct');
  });
});
