import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { importedApiCandidates, samePackageCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

async function goIndex() {
  const root = workspace({
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'lib/lib.go': 'package lib\n\nfunc Alpha() {}\n',
    'app/app.go': 'package app\n\nimport "example.com/m/lib"\n\nfunc run() {\n\tlib.Alpha()\n\thelper()\n}\n',
    'app/helper.go': 'package app\n\nfunc helper() {}\n',
  });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
  await index.build();
  return index;
}

/** The contents a source proposes for `file`, asked as a gather asks (a fresh scope each time). */
function contents(index: WorkspaceIndex, file: string, source: typeof importedApiCandidates) {
  return source({ index, file, languageId: 'go', scope: importScope(index, file) }).map((candidate) => candidate.content);
}

describe('imported and same-package candidates kept per revision of the index', () => {
  it('are worked out again once an imported file changes', async () => {
    const index = await goIndex();
    expect(contents(index, 'app/app.go', importedApiCandidates)).toEqual(['func Alpha()']);
    index.update('lib/lib.go', 'package lib\n\nfunc Alpha() {}\n\nfunc Beta() {}\n');
    expect(contents(index, 'app/app.go', importedApiCandidates)).toEqual(['func Alpha()', 'func Beta()']);
  });

  it('are worked out again once a file of the package changes, and kept apart per file', async () => {
    const index = await goIndex();
    expect(contents(index, 'app/app.go', samePackageCandidates)).toEqual(['func helper()']);
    expect(contents(index, 'app/helper.go', samePackageCandidates)).toEqual(['func run()']);
    index.update('app/helper.go', 'package app\n\nfunc helper() {}\n\nfunc other() {}\n');
    expect(contents(index, 'app/app.go', samePackageCandidates)).toEqual(['func helper()', 'func other()']);
  });

  it('are worked out again after an edit inside a body, which leaves the generation alone', async () => {
    const index = await goIndex();
    // The file leans more on helper.go once it calls two of its functions: their scores rise.
    index.update('app/helper.go', 'package app\n\nfunc helper() {}\n\nfunc other() {}\n');
    const score = () =>
      samePackageCandidates({ index, file: 'app/app.go', languageId: 'go', scope: importScope(index, 'app/app.go') }).find((candidate) => candidate.content === 'func helper()')
        ?.score;
    const before = score()!;
    const generation = index.generation;
    index.update('app/app.go', 'package app\n\nimport "example.com/m/lib"\n\nfunc run() {\n\tlib.Alpha()\n\thelper()\n\tother()\n}\n');
    expect(index.generation).toBe(generation);
    expect(score()).toBeGreaterThan(before);
  });

  it('are kept by the warm-up after an update, shared frozen, each caller with its own list', async () => {
    const index = await goIndex();
    warmRankingsFor(index, 'app/app.go');
    const first = importedApiCandidates({ index, file: 'app/app.go', languageId: 'go', scope: importScope(index, 'app/app.go') });
    expect(Object.isFrozen(first[0])).toBe(true);
    first.length = 0;
    const again = importedApiCandidates({ index, file: 'app/app.go', languageId: 'go', scope: importScope(index, 'app/app.go') });
    expect(again.map((candidate) => candidate.content)).toEqual(['func Alpha()']);
  });
});
