import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileRecord } from '../../server/context/index/file-record.js';
import { cacheFile, INDEX_CACHE_FORMAT, loadIndexCache, saveIndexCache } from '../../server/context/index/persist.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A record with a declaration whose text is long enough that serialising thousands of them takes many milliseconds. */
function record(i: number): FileRecord {
  return {
    path: `pkg${i % 40}/file${i}.go`,
    languageId: 'go',
    hash: `h${i}`,
    size: 1000 + i,
    mtimeMs: 1_700_000_000_000 + i,
    packageName: `pkg${i % 40}`,
    declarations: [{ name: `F${i}`, kind: 'function', line: 3, endLine: 9, signature: `func F${i}(v int) int // ${'é'.repeat(i % 7)}${'x'.repeat(1500)}` }],
    imports: [{ path: 'fmt' }],
    uses: ['fmt.Println', `F${i + 1}`],
  } as unknown as FileRecord;
}

describe('the index cache', () => {
  it('is written in turns of the event loop, with the bytes of one JSON.stringify', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ghostline-cache-save-'));
    dirs.push(directory);
    const records = Array.from({ length: 6000 }, (_, i) => record(i));
    // How many records each turn of the event loop serialised (toJSON is asked once per record).
    let serialised = 0;
    const counted = records.map((r) => ({ ...r, toJSON: () => (serialised++, r) }));
    const perTurn: number[] = [];
    let seen = 0;
    let ticking = true;
    const tick = () => {
      perTurn.push(serialised - seen);
      seen = serialised;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await saveIndexCache(directory, '/work/project', counted);
    ticking = false;
    perTurn.push(serialised - seen);
    expect(serialised).toBe(records.length);
    expect(Math.max(...perTurn)).toBeLessThan(records.length / 4);

    const written = readFileSync(cacheFile(directory, '/work/project'), 'utf8');
    expect(written).toBe(JSON.stringify({ format: INDEX_CACHE_FORMAT, root: '/work/project', records }));
    const loaded = await loadIndexCache(directory, '/work/project');
    expect(loaded?.size).toBe(records.length);
    expect(loaded?.get('pkg3/file3.go')).toEqual(records[3]);
  });

  it('writes an empty index as an empty list', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ghostline-cache-save-'));
    dirs.push(directory);
    await saveIndexCache(directory, '/empty', []);
    expect(readFileSync(cacheFile(directory, '/empty'), 'utf8')).toBe(JSON.stringify({ format: INDEX_CACHE_FORMAT, root: '/empty', records: [] }));
  });
});
