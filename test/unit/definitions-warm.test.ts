import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { rerankSteps } from '../../server/context/retrieval/sources/rankings-warm.js';
import { rankingsCurrent } from '../../server/context/retrieval/sources/method-rankings.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { runSteps } from '../../server/util/steps.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

const FILES = {
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'b/file.go': [
    'package b',
    '',
    'type File struct{ name string }',
    '',
    'func Open(name string) *File { return &File{name: name} }',
    '',
    'func (f *File) Read(p []byte) (int, error) { return 0, nil }',
    '',
    'func (f *File) Close() error { return nil }',
    '',
  ].join('\n'),
};

const CALLER = 'package a\n\nimport "example.com/app/b"\n\nfunc run() {\n\tf := b.Open("x")\n\tf.█\n}\n';

async function indexed(): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace({ ...FILES, 'a/run.go': CALLER.replace('█', '') }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
  await index.build();
  return index;
}

function gather(index: WorkspaceIndex): Array<[string, number]> {
  const offset = CALLER.indexOf('█');
  const text = CALLER.replace('█', '');
  const focus = focusAt({ text, offset, tree: languages.byPath('a/run.go')!.parser.parse(text) });
  const candidates = definitionCandidates({ index, file: 'a/run.go', languageId: 'go', focus, scope: importScope(index, 'a/run.go') });
  return candidates.map((candidate) => [candidate.key, candidate.score]);
}

describe('the re-rank turn warms the definitions source', () => {
  it('ranks the methods of the types the file reaches, so the gather after an update ranks none itself', async () => {
    const index = await indexed();
    index.update('a/run.go', CALLER.replace('█', 'Close()'));
    runSteps(rerankSteps(index, 'a/run.go'));
    const made = rankingsCurrent(index).made;
    expect(made).toBeGreaterThan(0);
    const proposed = gather(index);
    expect(rankingsCurrent(index).made).toBe(made);
    expect(proposed.map(([key]) => key)).toEqual(expect.arrayContaining([expect.stringContaining('File.Read')]));
  });

  it('changes nothing the gather proposes', async () => {
    const warmed = await indexed();
    const cold = await indexed();
    for (const index of [warmed, cold]) index.update('a/run.go', CALLER.replace('█', 'Close()'));
    runSteps(rerankSteps(warmed, 'a/run.go'));
    expect(gather(warmed)).toEqual(gather(cold));
  });
});
