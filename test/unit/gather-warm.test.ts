import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../server/context/index/lexical-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { lexicalCandidates } from '../../server/context/retrieval/sources/lexical.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { samePackageCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { warmRankings, warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** A Go workspace indexed and ranked as the server does after a build. */
async function indexed(files: Record<string, string>): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', ...files }), languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  await warmRankings(index);
  return index;
}

/** What a source gets for the cursor at `marker` in `text`, the current file being `file`. */
function inputAt(index: WorkspaceIndex, file: string, text: string, marker: string) {
  const focus = focusAt({ text, offset: text.indexOf(marker), tree: languages.byPath(file)!.parser.parse(text), languageId: 'go' });
  return { index, file, languageId: 'go' as const, focus, scope: importScope(index, file) };
}

describe('BM25 chunks warmed after an update, off the keystroke path', () => {
  it('indexes a few pending chunks at once, and leaves a build’s thousands to the sliced warm-up', () => {
    const lexical = new LexicalIndex();
    lexical.add(1, 'parseHeader', 'func parseHeader(line string) Header');
    lexical.add(2, 'writeHeader', 'func writeHeader(w io.Writer, h Header)');
    lexical.warmNow(1);
    expect(lexical.unindexed).toBe(2);
    lexical.warmNow(2);
    expect(lexical.unindexed).toBe(0);
    expect(lexical.query(['parseheader'], 5).map((hit) => hit.id)).toEqual([1]);
  });

  it('a chunk removed by a re-index leaves no trace in the scores: the first query after it ranks as the next one does', () => {
    const lexical = new LexicalIndex();
    lexical.add(1, 'openStream', 'func openStream(path string) Stream');
    lexical.add(2, 'readStream', 'func readStream(s Stream) []byte');
    lexical.add(3, 'closeStream', 'func closeStream(s Stream)');
    lexical.query(['stream'], 5);
    // The file declaring readStream is indexed again without it.
    lexical.discard(2, 'readStream', 'func readStream(s Stream) []byte');
    const first = lexical.query(['stream'], 5);
    expect(first.map((hit) => hit.id)).toEqual(expect.arrayContaining([1, 3]));
    expect(lexical.query(['stream'], 5)).toEqual(first);
  });

  it('a query leaves a backlog larger than its bound to the warm-up and answers from what is indexed', () => {
    const lexical = new LexicalIndex();
    lexical.add(1, 'parseHeader', 'func parseHeader(line string) Header');
    lexical.warmNow(1);
    lexical.add(2, 'writeHeader', 'func writeHeader(w io.Writer, h Header)');
    lexical.add(3, 'readHeader', 'func readHeader(r io.Reader) Header');
    expect(lexical.query(['header'], 5, { maxBacklog: 1 }).map((hit) => hit.id)).toEqual([1]);
    expect(lexical.unindexed).toBe(2);
    expect(lexical.query(['header'], 5, { maxBacklog: 2 }).map((hit) => hit.id)).toHaveLength(3);
  });

  it('a gather before the build’s chunks are warmed does not index them all on the keystroke path', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => `func filler${i}() int { return ${i} }\n`).join('\n');
    const index = await indexed({
      'a.go': `package app\n\n${many}\n// zebraQuux counts stripes.\nfunc zebraQuux(stripes int) int { return stripes }\n`,
      'b.go': 'package app\n\nfunc useIt() {\n\tx := 1\n\t_ = x\n}\n',
    });
    const text = 'package app\n\nfunc useIt() {\n\tn := zebraQuux(3)\n\t_ = n\n}\n';
    expect(lexicalCandidates(inputAt(index, 'b.go', text, '_ = n'))).toEqual([]);
    // The slices the query started (or the build's own warm-up) apply the backlog; then the search finds it.
    await index.warmSearch();
    expect(lexicalCandidates(inputAt(index, 'b.go', text, '_ = n')).map((candidate) => candidate.key.split(':')[1])).toContain('.zebraQuux');
  });

  it('re-ranking an edited file indexes its new declarations, and the next gather finds them', async () => {
    const index = await indexed({
      'a.go': 'package app\n\nfunc Alpha() int { return 1 }\n',
      'b.go': 'package app\n\nfunc useIt() {\n\tx := 1\n\t_ = x\n}\n',
    });
    await index.warmSearch();
    index.update('a.go', 'package app\n\nfunc Alpha() int { return 1 }\n\n// zebraQuux counts stripes.\nfunc zebraQuux(stripes int) int { return stripes }\n');
    warmRankingsFor(index, 'a.go');
    const text = 'package app\n\nfunc useIt() {\n\tn := zebraQuux(3)\n\t_ = n\n}\n';
    const found = lexicalCandidates(inputAt(index, 'b.go', text, '_ = n'));
    expect(found.map((candidate) => candidate.key)).toContain('a.go#5:.zebraQuux');
  });

  it('the lean of the current file on its siblings follows an edit of a sibling (kept per directory, re-ranked on update)', async () => {
    const index = await indexed({
      'a.go': 'package app\n\nfunc helper() int { return 1 }\n\nfunc alphaOther() int { return 2 }\n',
      'b.go': 'package app\n\nfunc betaOther() int { return 3 }\n',
      'c.go': 'package app\n\nfunc run() int {\n\treturn helper()\n}\n',
    });
    const text = 'package app\n\nfunc run() int {\n\treturn helper()\n}\n';
    const scores = () => {
      const found = samePackageCandidates(inputAt(index, 'c.go', text, 'return'));
      const score = (name: string) => found.find((candidate) => candidate.key.endsWith(`.${name}`))?.score ?? 0;
      return { alpha: score('alphaOther'), beta: score('betaOther') };
    };
    const before = scores();
    expect(before.alpha).toBeGreaterThan(before.beta);
    // helper moves to b.go: c.go now leans on b.go.
    index.update('a.go', 'package app\n\nfunc alphaOther() int { return 2 }\n');
    index.update('b.go', 'package app\n\nfunc helper() int { return 1 }\n\nfunc betaOther() int { return 3 }\n');
    warmRankingsFor(index, 'b.go');
    const after = scores();
    expect(after.beta).toBeGreaterThan(after.alpha);
    // An edit of the current file's body alone (its declarations unchanged): it now calls alphaOther.
    index.update('c.go', 'package app\n\nfunc run() int {\n\treturn alphaOther()\n}\n');
    warmRankingsFor(index, 'c.go');
    const edited = scores();
    expect(edited.alpha).toBeGreaterThan(edited.beta);
  });
});
