import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEX_CACHE_FORMAT } from '../context/index/persist.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { Relation } from './localize/graph.js';
import { adoptLocalizationModel, localizationModel, type LocalizationModel } from './localize/model.js';
import { decodeModel, encodeModel, type Section, type SectionReader } from './model-layout.js';
import type { WorkspaceState } from './workspace-state.js';

/*
 * The localization model (BM25 documents and the repository graph) on disk beside the index
 * cache, as flat sections (model-layout.ts): building it takes seconds on a 2,000-file
 * repository, reading it back a small fraction of that. Two keys guard it: the content key
 * covers every indexed file's path and content hash, the manifests imports were resolved with,
 * and the code of localize itself; the workspace state (workspace-state.ts) lets a one-shot
 * command trust it from a listing alone, without loading the index.
 */

/** Bump when the layout changes. 3: strings and postings in sections, declarations stored, workspace state. */
const FORMAT = 3;
const MAGIC = 'GHOSTLINE-LOCATE';
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

type SectionKind = 'i32' | 'f64' | 'u8';

interface Header {
  format: number;
  key: string;
  state?: WorkspaceState;
  kinds: string[];
  relations: Relation[];
  sections: Array<{ kind: SectionKind; length: number }>;
}

/** A model file read from disk: its keys, and the model decoded on demand. */
export interface StoredModel {
  key: string;
  state?: WorkspaceState;
  model(): LocalizationModel | undefined;
}

/** Byte ranges of a model file, as buffers whose offset is a multiple of 8. */
interface ByteSource {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

/** A section read by ranges this many times is read whole instead: a caller walking all of it should not pay a read per element. */
const RANGED_READS = 256;

/** The cache file of a workspace folder's localization model, next to its index cache. */
export function modelCacheFile(directory: string, root: string): string {
  return join(directory, `locate-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.bin`);
}

/** The formats (this file's, the index records') and the localize code: mixed into both keys, so a model built by other code is never read. */
export function modelSalt(): string {
  return `${FORMAT}\0${INDEX_CACHE_FORMAT}\0${localizeCodeDigest()}`;
}

/**
 * What the model of this index is built from: every record's path and content hash (in the
 * order the model numbers them), the manifests, and the localize code. Compute it before
 * locating: resolving imports may read more manifests.
 */
export function modelKey(index: WorkspaceIndex): string {
  const hash = createHash('sha1').update(`${modelSalt()}\0${index.manifestDigest()}\0`);
  for (const record of index.records()) hash.update(`${record.path}\0${record.hash}\n`);
  return hash.digest('hex');
}

/** Reads a model file whole; undefined when there is none, or it is foreign, truncated or of another format. */
export function readModelCache(file: string): StoredModel | undefined {
  try {
    // lstat first: reading a FIFO someone put here would block forever.
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    const bytes = readFileSync(file);
    // Typed arrays need offsets aligned to their element size, counted from the buffer's start.
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
    return parse({ size: aligned.length, read: (offset, length) => aligned.subarray(offset, offset + length) });
  } catch {
    return undefined; // a truncated or foreign file is a miss, never an error
  }
}

/**
 * Opens a model file and reads only what is asked of it, by positioned reads on the open file
 * (another process replacing the file meanwhile replaces another inode: this one stays whole).
 * Use the model before `close`.
 */
export function openModelCache(file: string): (StoredModel & { close(): void }) | undefined {
  let fd: number | undefined;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    const open = (fd = openSync(file, 'r'));
    const read = (offset: number, length: number) => {
      const buffer = Buffer.allocUnsafeSlow(length);
      if (readSync(open, buffer, 0, length, offset) !== length) throw new Error('model cache truncated');
      return buffer;
    };
    const stored = parse({ size: fstatSync(open).size, read });
    if (!stored) throw new Error('not a model cache');
    return { ...stored, close: () => closeSync(open) };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

/** Reads the model saved for this key into localize's memo; false when there is none or it is for other files. */
export function loadModelCache(file: string, index: WorkspaceIndex, key: string): boolean {
  return adoptStoredModel(readModelCache(file), index, key);
}

/** Hands localize the stored model when it was saved under this key; false otherwise. */
export function adoptStoredModel(stored: StoredModel | undefined, index: WorkspaceIndex, key: string): boolean {
  const model = stored?.key === key ? decoded(stored) : undefined;
  if (model) adoptLocalizationModel(index, model);
  return model !== undefined;
}

/** Writes the index's model (built on first use) atomically under this key, with the workspace state it was built from when known. */
export function saveModelCache(file: string, index: WorkspaceIndex, key: string, state?: WorkspaceState): void {
  const { kinds, relations, sections } = encodeModel(localizationModel(index));
  const header: Header = { format: FORMAT, key, state, kinds, relations, sections: sections.map((section) => ({ kind: kindOf(section), length: section.length })) };
  const json = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [Buffer.from(MAGIC), uint32(json.length), json];
  let size = parts.reduce((sum, part) => sum + part.length, 0);
  for (const section of sections) {
    parts.push(Buffer.alloc(pad(size)));
    size += pad(size);
    parts.push(Buffer.from(section.buffer, section.byteOffset, section.byteLength));
    size += section.byteLength;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat(parts), { mode: 0o600 });
  renameSync(temporary, file);
}

function parse(source: ByteSource): StoredModel | undefined {
  const start = Buffer.from(source.read(0, MAGIC.length + 4));
  if (start.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const jsonLength = start.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4;
  const header = JSON.parse(Buffer.from(source.read(at, jsonLength)).toString('utf8')) as Header;
  if (header.format !== FORMAT || typeof header.key !== 'string' || !Array.isArray(header.sections)) return undefined;
  at += jsonLength;
  const offsets: number[] = [];
  for (const { kind, length } of header.sections) {
    at += pad(at);
    offsets.push(at);
    at += length * TYPES[kind].BYTES_PER_ELEMENT;
  }
  if (at > source.size) return undefined;
  const section = sectionReader(source, header.sections, offsets);
  return { key: header.key, state: header.state, model: () => decodeModel({ kinds: header.kinds, relations: header.relations, count: header.sections.length, section }) };
}

const TYPES = { i32: Int32Array, f64: Float64Array, u8: Uint8Array };

/** Sections by index, whole or by element range; a section read by ranges often enough is read whole once and sliced. */
function sectionReader(source: ByteSource, sections: Header['sections'], offsets: readonly number[]): SectionReader {
  const whole = new Map<number, Section>();
  const ranged = new Map<number, number>();
  const make = (index: number, from: number, to: number): Section => {
    const Type = TYPES[sections[index]!.kind];
    const bytes = source.read(offsets[index]! + from * Type.BYTES_PER_ELEMENT, (to - from) * Type.BYTES_PER_ELEMENT);
    return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, to - from);
  };
  return (index, from = 0, to = sections[index]!.length) => {
    const known = whole.get(index);
    if (known) return known.subarray(from, to);
    if (from === 0 && to === sections[index]!.length) {
      const all = make(index, 0, to);
      whole.set(index, all);
      return all;
    }
    const reads = (ranged.get(index) ?? 0) + 1;
    ranged.set(index, reads);
    if (reads < RANGED_READS) return make(index, from, to);
    whole.set(index, make(index, 0, sections[index]!.length));
    return whole.get(index)!.subarray(from, to);
  };
}

function decoded(stored: StoredModel): LocalizationModel | undefined {
  try {
    return stored.model();
  } catch {
    return undefined;
  }
}

let codeDigest: string | undefined;

/** A digest of localize's own code and of this cache's: a model built or laid out by other code is not this code's model. */
function localizeCodeDigest(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash('sha1');
  const own = ['./model-cache.js', './model-layout.js', './lazy-views.js'].map((name) => new URL(name, import.meta.url));
  for (const url of [new URL('./localize/', import.meta.url), ...own]) {
    const path = fileURLToPath(url);
    const files = path.endsWith('/')
      ? readdirSync(path, { withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(path, entry.name))
          .sort()
      : [path.replace(/\.js$/, import.meta.url.endsWith('.ts') ? '.ts' : '.js')];
    for (const file of files) hash.update(readFileSync(file));
  }
  return (codeDigest = hash.digest('hex'));
}

function kindOf(section: Section): SectionKind {
  return section instanceof Int32Array ? 'i32' : section instanceof Float64Array ? 'f64' : 'u8';
}

function pad(at: number): number {
  return (8 - (at % 8)) % 8;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}
