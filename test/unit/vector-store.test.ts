import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VectorStore } from '../../server/task/vector-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ghostline-vectors-'));
  dirs.push(dir);
  return VectorStore.fileFor(dir, '/work/project', 'nomic-embed-text');
}
const values = (vector: Float32Array | undefined) => (vector ? Array.from(vector, (x) => Math.round(x * 1e6) / 1e6) : undefined);

describe('the vector store kept beside the index cache', () => {
  it('saves unit vectors of the hashes still in use and reads them back, also after a second save of what it read', async () => {
    const file = storeFile();
    const store = await VectorStore.open(file, 'nomic-embed-text');
    expect(store.size).toBe(0);
    store.put('a', [3, 4, 0]);
    store.put('b', [0, 0, 2]);
    store.put('gone', [1, 1, 1]);
    await store.save(new Set(['a', 'b']));
    const again = await VectorStore.open(file, 'nomic-embed-text');
    expect(again.size).toBe(2);
    expect(values(again.get('a'))).toEqual([0.6, 0.8, 0]);
    expect(again.get('gone')).toBeUndefined();
    // The vectors read back are views of the file's bytes: a save must write each view's own bytes.
    again.put('c', [1, 0, 0]);
    await again.save(new Set(['a', 'b', 'c']));
    const third = await VectorStore.open(file, 'nomic-embed-text');
    expect([values(third.get('a')), values(third.get('b')), values(third.get('c'))]).toEqual([
      [0.6, 0.8, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it("is empty for another model's file, a damaged file or one that is not a regular file", async () => {
    const file = storeFile();
    const store = await VectorStore.open(file, 'nomic-embed-text');
    store.put('a', [1, 0]);
    await store.save(new Set(['a']));
    expect((await VectorStore.open(file, 'mxbai-embed-large')).size).toBe(0);
    writeFileSync(file, 'GLVEC1\n\x05\x00\x00\x00{"mo');
    expect((await VectorStore.open(file, 'nomic-embed-text')).size).toBe(0);
    rmSync(file);
    expect((await VectorStore.open(join(file, '..'), 'nomic-embed-text')).size).toBe(0);
  });

  it('starts over when the model answers with other dimensions', async () => {
    const store = await VectorStore.open(storeFile(), 'nomic-embed-text');
    store.put('a', [1, 0]);
    store.put('b', [1, 0, 0]);
    expect(store.size).toBe(1);
    expect(store.get('a')).toBeUndefined();
  });
});
