import { describe, expect, it } from 'vitest';
import { callGraphSteps } from '../../server/context/retrieval/sources/call-graph.js';
import { CallWork, IdSums } from '../../server/context/retrieval/sources/call-votes.js';
import { callTally } from '../../server/context/retrieval/sources/call-tally.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** What the sums must give: a map filled in the same order, then iterated. */
function byMap(steps: ReadonlyArray<[number, number, string]>, multiply: boolean): string[] {
  const map = new Map<number, { value: number; first: string }>();
  for (const [id, value, first] of steps) {
    const known = map.get(id);
    if (!known) map.set(id, { value, first });
    else known.value = multiply ? known.value * value : known.value + value;
  }
  return [...map].map(([id, { value, first }]) => `${id}=${value} ${first}`);
}

function bySums(sums: IdSums<string>, steps: ReadonlyArray<[number, number, string]>, multiply: boolean): string[] {
  sums.reset();
  for (const [id, value, first] of steps) {
    if (multiply) sums.multiply(id, value, first);
    else sums.add(id, value, first);
  }
  return [...sums.ids()].map((id) => `${id}=${sums.value(id)} ${sums.first(id)}`);
}

describe('sums by id', () => {
  const steps: Array<[number, number, string]> = [
    [7, 0.25, 'a'],
    [3, 0.5, 'b'],
    [7, 0.125, 'c'],
    [5000, 1.5, 'd'],
    [3, 0.1, 'e'],
  ];

  it('give what a map filled in the same order gives, sums and products, ids in the order first met', () => {
    const sums = new IdSums<string>();
    expect(bySums(sums, steps, false)).toEqual(byMap(steps, false));
    expect(bySums(sums, steps, true)).toEqual(byMap(steps, true));
  });

  it('start each use from none, with the arrays kept', () => {
    const sums = new IdSums<string>();
    bySums(sums, steps, false);
    expect(bySums(sums, [[3, 2, 'z']], false)).toEqual(['3=2 z']);
    expect(sums.has(7)).toBe(false);
    expect(sums.has(123_456)).toBe(false);
  });

  it('let go of what each id was first given once reset (a re-indexed file’s declarations must not stay reachable)', () => {
    const sums = new IdSums<object>();
    const declaration = {};
    sums.add(9, 1, declaration);
    expect(sums.first(9)).toBe(declaration);
    sums.reset();
    expect(sums.first(9)).toBeUndefined();
  });
});

describe('the call-graph work of an index', () => {
  it('gives a scratch to each gather that runs while another has one, and reuses one given back', () => {
    const work = new CallWork();
    const first = work.take();
    const second = work.take();
    expect(second).not.toBe(first);
    first.votes.add(1, 1, { file: 'a.go', declaration: { name: 'a', kind: 'function', line: 0, endLine: 0, exported: false, text: '' } });
    work.giveBack(first);
    const third = work.take();
    expect(third).toBe(first);
    expect(third.votes.size).toBe(0);
  });

  it('keeps two gathers that interleave apart: each proposes what it proposes alone', async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'store/store.go':
        'package store\n\nfunc Open(p string) int { return 0 }\n\nfunc Sync(f int) {}\n\nfunc Read(f int) {}\n\nfunc Dial() int { return 0 }\n\nfunc Send(c int) {}\n',
      'app/a.go':
        'package app\n\nimport "example.com/app/store"\n\nfunc saveA() {\n\tf := store.Open("a")\n\tstore.Sync(f)\n}\n\nfunc sendA() {\n\tc := store.Dial()\n\tstore.Send(c)\n}\n',
      'app/b.go':
        'package app\n\nimport "example.com/app/store"\n\nfunc saveB() {\n\tf := store.Open("b")\n\tstore.Sync(f)\n}\n\nfunc sendB() {\n\tc := store.Dial()\n\tstore.Send(c)\n}\n',
      'app/c.go': 'package app\n\nimport "example.com/app/store"\n\nfunc saveC() {\n\tf := store.Open("c")\n\t█\n}\n',
      'app/d.go': 'package app\n\nimport "example.com/app/store"\n\nfunc sendD() {\n\tc := store.Dial()\n\t█\n}\n',
    };
    const c = splitAtCursor(files['app/c.go']!);
    const d = splitAtCursor(files['app/d.go']!);
    const index = new WorkspaceIndex(workspace({ ...files, 'app/c.go': c.text, 'app/d.go': d.text }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const steps = (file: string, at: { text: string; offset: number }) =>
      callGraphSteps({
        index,
        file,
        languageId: 'go',
        focus: focusAt({ text: at.text, offset: at.offset, tree: languages.byPath(file)!.parser.parse(at.text) }),
        scope: importScope(index, file),
      });
    const alone = (file: string, at: { text: string; offset: number }) => {
      const run = steps(file, at);
      for (let step = run.next(); ; step = run.next()) if (step.done) return step.value.map((candidate) => candidate.content);
    };
    const ownC = alone('app/c.go', c);
    const ownD = alone('app/d.go', d);
    expect(ownC).toContain('func Sync(f int)');
    expect(ownD).toContain('func Send(c int)');
    // Step by step, in turn, as two sliced gathers would run.
    const first = steps('app/c.go', c);
    const second = steps('app/d.go', d);
    let one = first.next();
    let two = second.next();
    while (!one.done || !two.done) {
      if (!one.done) one = first.next();
      if (!two.done) two = second.next();
    }
    expect(one.value.map((candidate) => candidate.content)).toEqual(ownC);
    expect(two.value.map((candidate) => candidate.content)).toEqual(ownD);
    expect(callTally(index).size).toBeGreaterThan(0);
  });
});
