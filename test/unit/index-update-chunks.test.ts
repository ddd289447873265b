import MiniSearch from 'minisearch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LexicalIndex } from '../../server/context/index/lexical-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** A Go file of `count` functions, `fnN(v int) int`, with `edited` functions' signatures changed. */
function goFile(count: number, edited: ReadonlySet<number> = new Set()): string {
  const functions = Array.from({ length: count }, (_, i) => `func fn${i}(v int) ${edited.has(i) ? 'int64' : 'int'} {\n\treturn v + ${i}\n}\n`);
  return `package app\n\n${functions.join('\n')}`;
}

/** An index of one Go file, built and its BM25 chunks applied, as the server has it before an edit. */
async function built(text: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'a.go': text }), languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  await index.warmSearch();
  return index;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an update re-indexes only the declarations it changed', () => {
  it('keeps the BM25 chunks of unchanged declarations: one signature edited among 40 adds one chunk and discards one', async () => {
    const index = await built(goFile(40));
    const added = vi.spyOn(LexicalIndex.prototype, 'add');
    const discarded = vi.spyOn(LexicalIndex.prototype, 'discard');
    index.update('a.go', goFile(40, new Set([7])));
    expect(added).toHaveBeenCalledTimes(1);
    expect(discarded).toHaveBeenCalledTimes(1);
    expect(index.searchChunks(['fn7'], 5).map((hit) => hit.declaration.text)).toEqual(['func fn7(v int) int64']);
    expect(index.searchChunks(['fn8'], 5).map((hit) => hit.declaration.text)).toEqual(['func fn8(v int) int']);
  });

  it('takes discarded chunks out of the search later, in slices, not in the update’s turn; a query right after sees the new text', async () => {
    const index = await built(goFile(300));
    const searchRemovals = vi.spyOn(MiniSearch.prototype, 'remove');
    // Every signature changes: 300 chunks out, 300 in.
    const all = new Set(Array.from({ length: 300 }, (_, i) => i));
    index.update('a.go', goFile(300, all));
    index.warmSearchNow(2000);
    expect(searchRemovals).not.toHaveBeenCalled();
    expect(index.searchChunks(['fn42'], 5).map((hit) => hit.declaration.text)).toEqual(['func fn42(v int) int64']);
    expect(searchRemovals).toHaveBeenCalledTimes(300);
  });

  it('a removed file’s chunks leave the search', async () => {
    const index = await built(goFile(3));
    index.remove('a.go');
    expect(index.searchChunks(['fn1'], 5)).toEqual([]);
  });
});
