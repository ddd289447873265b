import { describe, expect, it, vi } from 'vitest';
import { LexicalIndex } from '../../server/context/index/lexical-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { rerankSteps } from '../../server/context/retrieval/sources/rankings-warm.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

/** A Go file of `count` functions whose parameter is named `word`: changing the word changes every chunk. */
const functions = (count: number, word: string) =>
  `package app\n\n${Array.from({ length: count }, (_, i) => `// F${i} adds the ${word} length.\nfunc F${i}(${word} int) int {\n\treturn ${word} + len("${word} ${i}")\n}\n`).join('\n')}`;

describe('the re-rank turn after an update', () => {
  it('applies the BM25 chunks an update changed one per step: removing a long chunk takes milliseconds', async () => {
    const index = new WorkspaceIndex(workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'app/a.go': functions(40, 'before') }), new LanguageRegistry(), () => ({
      maxFileBytes: 100_000,
      maxFiles: 100,
    }));
    await index.build();
    await index.warmSearch();
    index.update('app/a.go', functions(40, 'after'));
    const applied = vi.spyOn(LexicalIndex.prototype, 'applyBacklog');
    try {
      let steps = 0;
      for (const _ of rerankSteps(index, 'app/a.go')) steps++;
      // 40 chunks out and 40 in.
      expect(applied.mock.calls.length).toBeGreaterThanOrEqual(80);
      expect(applied.mock.calls.every(([count]) => count === 1)).toBe(true);
      expect(steps).toBeGreaterThanOrEqual(80);
    } finally {
      applied.mockRestore();
    }
  });
});
