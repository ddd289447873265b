import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIfChanged } from '../../server/context/index/record-source.js';
import { listWorkspaceFiles } from '../../server/context/index/workspace-files.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { locateTask } from '../../server/task/localize.js';
import type { RepoGraph } from '../../server/task/localize/graph.js';
import type { Bm25Documents, DeclNode } from '../../server/task/localize/lexical.js';
import { localizationModel } from '../../server/task/localize/model.js';
import { loadModelCache, modelCacheFile, modelKey, saveModelCache } from '../../server/task/model-cache.js';
import { GO_SHOP } from '../support/localize-fixtures.js';
import { makeWorkspace } from '../support/workspace.js';

const languages = new LanguageRegistry();
const cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-model-cache-'));
const shop = makeWorkspace(GO_SHOP);
afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  shop.remove();
});

async function indexOf(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
  await index.build();
  return index;
}

/** What a model's documents hold, in the order iteration gives it, as plain values. */
function plainDocuments(docs: Bm25Documents) {
  return {
    tf: [...docs.tf].map((tf) => [...tf]),
    postings: [...docs.postings].map(([term, posting]) => [term, [...posting.ids], [...posting.frequencies]]),
    size: docs.postings.size,
    lengthNorms: [...docs.lengthNorms],
  };
}

function plainGraph(graph: RepoGraph) {
  return { fileIds: [...graph.fileIds], files: graph.files, out: [...graph.out], flat: graph.flat };
}

function plainNode({ id, file, qualified, declaration: d }: DeclNode) {
  return [id, file, qualified, d.name, d.kind, d.container, d.exported, d.line, d.endLine, d.text, d.members, d.calls];
}

const TASK = 'the echo route replies to the visitor without the current time';

describe('the localization model on disk', () => {
  it('reads back exactly what localize built, for a fresh index of the same files, and locates the same', async () => {
    const built = await indexOf(shop.root);
    const file = modelCacheFile(cacheDir, shop.root);
    const key = modelKey(built);
    const expected = locateTask({ index: built, task: TASK });
    saveModelCache(file, built, key);

    const fresh = await indexOf(shop.root);
    expect(loadModelCache(file, fresh, modelKey(fresh))).toBe(true);
    const loaded = localizationModel(fresh);
    const original = localizationModel(built);
    expect(plainDocuments(loaded.lexical.declarations)).toEqual(plainDocuments(original.lexical.declarations));
    expect(plainDocuments(loaded.lexical.files)).toEqual(plainDocuments(original.lexical.files));
    expect(loaded.lexical.filePaths).toEqual(original.lexical.filePaths);
    expect(plainGraph(loaded.graph)).toEqual(plainGraph(original.graph));
    expect(loaded.lexical.nodes.map(plainNode)).toEqual(original.lexical.nodes.map(plainNode));
    expect(locateTask({ index: fresh, task: TASK })).toEqual(expected);
  });

  it('is not used once a file changed, and a foreign or truncated file is a miss', async () => {
    const root = makeWorkspace(GO_SHOP);
    try {
      const index = await indexOf(root.root);
      const file = modelCacheFile(cacheDir, root.root);
      saveModelCache(file, index, modelKey(index));
      root.write('store/inventory.go', 'package store\n\n// Stock counts the items left of a product.\nfunc Stock(product string) int { return 1 }\n\nfunc Restock() {}\n');
      const changed = await indexOf(root.root);
      expect(modelKey(changed)).not.toBe(modelKey(index));
      expect(loadModelCache(file, changed, modelKey(changed))).toBe(false);

      writeFileSync(file, 'GHOSTLINE-LOCATE'.padEnd(200, 'x'));
      expect(loadModelCache(file, index, modelKey(index))).toBe(false);
      expect(loadModelCache(join(cacheDir, 'missing.bin'), index, modelKey(index))).toBe(false);
    } finally {
      root.remove();
    }
  });
});

describe('the index cache and files that are not ASCII', () => {
  it('records sizes in bytes, so an unchanged file with non-ASCII text is taken from the cache without reading it', async () => {
    const root = makeWorkspace({
      'go.mod': 'module x\n',
      'names.go': 'package x\n\n// Grüße returns a greeting in German: „Grüß Gott“.\nfunc Grüße() string { return "Grüß Gott" }\n',
    });
    try {
      const first = await indexOf(root.root);
      const cached = new Map([...first.records()].map((record) => [record.path, record]));
      const { files } = await listWorkspaceFiles(root.root, { maxFileBytes: 1_000_000, maxFiles: 10 });
      expect(files.map((file) => file.relative)).toEqual(['names.go']);
      expect((await readIfChanged(files[0]!, cached, 1_000_000)).kind).toBe('cached');
    } finally {
      root.remove();
    }
  });
});
