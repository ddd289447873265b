import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { importedApiCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

describe('imported API', () => {
  it('ranks the API of a Go import nothing in the file uses yet above that of one it uses', async () => {
    const root = workspace({
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'lib/a/a.go': 'package a\n\nfunc Alpha() {}\n',
      'lib/b/b.go': 'package b\n\nfunc Beta() {}\n',
      // Each used by two files, counting app.go's use of Alpha, so they are equally popular.
      'use/use.go': 'package use\n\nimport (\n\t"example.com/m/lib/a"\n\t"example.com/m/lib/b"\n)\n\nfunc f() {\n\ta.Alpha()\n\tb.Beta()\n}\n',
      'use/more.go': 'package use\n\nimport "example.com/m/lib/b"\n\nfunc g() {\n\tb.Beta()\n}\n',
      'app/app.go': 'package app\n\nimport (\n\t"example.com/m/lib/a"\n\t"example.com/m/lib/b"\n)\n\nfunc run() {\n\ta.Alpha()\n\t\n}\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const file = 'app/app.go';
    const scores = () => {
      const candidates = importedApiCandidates({ index, file, languageId: 'go', focus: focusAt({ text: '', offset: 0 }), scope: importScope(index, file) });
      return Object.fromEntries(candidates.map((candidate) => [candidate.content, candidate.score]));
    };
    const pending = scores();
    expect(pending['func Beta()']).toBeGreaterThan(pending['func Alpha()']!);
    // Once the file uses it, the two rank alike again (popularity is counted when the package is ranked, before this edit).
    index.update(file, 'package app\n\nimport (\n\t"example.com/m/lib/a"\n\t"example.com/m/lib/b"\n)\n\nfunc run() {\n\ta.Alpha()\n\tb.Beta()\n}\n');
    const settled = scores();
    expect(settled['func Beta()']).toBe(settled['func Alpha()']);
  });
});
