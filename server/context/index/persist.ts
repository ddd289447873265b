import { createHash } from 'node:crypto';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FileRecord } from './file-record.js';
import { readRegularFile } from '../../util/safe-read.js';
import { STEP_SLICE_MS } from '../../util/steps.js';

/** A cache file larger than this is not the index of a workspace Ghostline would index: ignored. */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** Bump when FileRecord or the declaration queries change shape, so old caches are ignored. */
/** 6: record sizes in bytes as stat gives them. 7: calls and uses key methods called on values by name alone (`.Name`). 8: Go uses count names used as types (`T{`, `*T`, `x T`). 9: classes and interfaces carry their supertypes. 10: Python imports, one record per imported name and per dotted prefix. 11: Python classes carry their bases, and uses name a dotted namespace's members (`urllib.parse.urlsplit`). 12: Go types carry the types they embed as supertypes. 13: TS class outlines elide long type arguments. 14: a long Go interface is recorded without the comment lines inside it. 15: Python declarations mark their docstring line (docLinesAfter), which opens with its first words. 17: Python declarations inside module-level `if`/`try` blocks are recorded, with their classes' methods. 18: Go records carry their `//go:build` expression. */
const FORMAT = 18;
/** The index cache's format: what a record holds, for caches derived from records (the localization model's). */
export const INDEX_CACHE_FORMAT = FORMAT;

interface CacheFile {
  format: number;
  root: string;
  records: FileRecord[];
}

/** The cache directory: the setting when given, else $XDG_CACHE_HOME/ghostline, else ~/.cache/ghostline. */
export function cacheDirectory(setting: string): string {
  if (setting) return setting;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'ghostline');
}

/** One file per workspace folder, named by a hash of its path. */
export function cacheFile(directory: string, root: string): string {
  return join(directory, `index-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.json`);
}

/**
 * Records saved by an earlier run for this folder, by path; undefined when there is no usable
 * cache. Each record carries its file's content hash, mtime and size, so the index reuses it
 * only for content it was made from.
 */
export async function loadIndexCache(directory: string, root: string): Promise<Map<string, FileRecord> | undefined> {
  try {
    const read = await readRegularFile(cacheFile(directory, root), { maxBytes: MAX_CACHE_BYTES });
    if (!read.ok) return undefined;
    const parsed = JSON.parse(read.text) as Partial<CacheFile>;
    if (parsed.format !== FORMAT || parsed.root !== root || !Array.isArray(parsed.records)) return undefined;
    return new Map(parsed.records.filter(isRecord).map((record) => [record.path, record]));
  } catch {
    return undefined;
  }
}

let saves = 0;

/**
 * Writes the cache atomically (temporary file, then rename), so a crash never leaves half a file. The text is
 * made a record at a time, giving the event loop a turn every couple of milliseconds, and written 256 KB
 * at a time: in one JSON.stringify, go-stdlib's 3,800 records (21 MB) held the thread 150-330 ms, after every
 * build and ten seconds after every pause in typing. The bytes are JSON.stringify's of the whole file.
 */
export async function saveIndexCache(directory: string, root: string, records: Iterable<FileRecord>): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const target = cacheFile(directory, root);
  const temporary = `${target}.${process.pid}.${++saves}.tmp`;
  // The records as they are now: the index may store new ones while this writes.
  const pieces = cacheText(root, [...records]);
  const file = await open(temporary, 'w', 0o600);
  try {
    await writeInSlices(file, pieces);
  } finally {
    await file.close();
  }
  await rename(temporary, target);
}

/** What JSON.stringify({ format, root, records }) gives, in pieces: the head, then one record each, then the tail. */
function* cacheText(root: string, records: readonly FileRecord[]): Generator<string> {
  yield `{"format":${FORMAT},"root":${JSON.stringify(root)},"records":[`;
  for (const [i, record] of records.entries()) yield `${i === 0 ? '' : ','}${JSON.stringify(record)}`;
  yield ']}';
}

/** Characters written at a time (as UTF-8, one buffer each: the whole text is never held as one string or buffer). */
const WRITE_CHARS = 1 << 18;

async function writeInSlices(file: FileHandle, pieces: Iterable<string>): Promise<void> {
  let chunk = '';
  let sliceStart = performance.now();
  const flush = async () => {
    const bytes = Buffer.from(chunk);
    chunk = '';
    for (let offset = 0; offset < bytes.length;) offset += (await file.write(bytes, offset)).bytesWritten;
    sliceStart = performance.now();
  };
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= WRITE_CHARS) await flush();
    else if (performance.now() - sliceStart > STEP_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  if (chunk !== '') await flush();
}

function isRecord(value: unknown): value is FileRecord {
  const record = value as Partial<FileRecord> | null;
  return typeof record?.path === 'string' && typeof record.hash === 'string' && Array.isArray(record.declarations) && Array.isArray(record.imports);
}
