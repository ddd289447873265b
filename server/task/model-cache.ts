import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRecord, WorkspaceIndex } from '../context/index/workspace-index.js';
import { flatten, type Edge, type Relation, type RepoGraph } from './localize/graph.js';
import { bm25Documents, type Bm25Documents, type DeclNode, type LexicalModel } from './localize/lexical.js';
import { adoptLocalizationModel, localizationModel, type LocalizationModel } from './localize/model.js';

/*
 * The localization model (BM25 documents and the repository graph) on disk beside the index
 * cache, as flat typed arrays: building it takes seconds on a 2,000-file repository, reading it
 * back a fraction of that. A plain serialization of what localize builds; the key covers every
 * indexed file's path and content hash, the manifests imports were resolved with, and the code
 * of localize itself, so any change to one of them rebuilds it.
 */

/** Bump when the layout below changes. */
const FORMAT = 2;
const MAGIC = 'GHOSTLINE-LOCATE';
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

type Section = Int32Array | Float64Array | Uint8Array;
type SectionKind = 'i32' | 'f64' | 'u8';

interface Header {
  format: number;
  key: string;
  sections: Array<{ kind: SectionKind; length: number }>;
  terms: string[];
  relations: Relation[];
  filePaths: string[];
  graphFiles: string[];
  qualified: string[];
}

/** The cache file of a workspace folder's localization model, next to its index cache. */
export function modelCacheFile(directory: string, root: string): string {
  return join(directory, `locate-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.bin`);
}

/**
 * What the model of this index is built from: every record's path and content hash (in the
 * order the model numbers them), the manifests, and the localize code. Compute it before
 * locating: resolving imports may read more manifests.
 */
export function modelKey(index: WorkspaceIndex): string {
  const hash = createHash('sha1').update(`${FORMAT}\0${localizeCodeDigest()}\0${index.manifestDigest()}\0`);
  for (const record of index.records()) hash.update(`${record.path}\0${record.hash}\n`);
  return hash.digest('hex');
}

/** Reads the model saved for this key into localize's memo; false when there is none or it is for other files. */
export function loadModelCache(file: string, index: WorkspaceIndex, key: string): boolean {
  try {
    // lstat first: reading a FIFO someone put here would block forever.
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return false;
    const model = decode(readFileSync(file), index, key);
    if (!model) return false;
    adoptLocalizationModel(index, model);
    return true;
  } catch {
    return false; // a truncated or foreign file is a miss, never an error
  }
}

/** Writes the index's model (built on first use) atomically under this key. */
export function saveModelCache(file: string, index: WorkspaceIndex, key: string): void {
  const bytes = encode(localizationModel(index), [...index.records()], key);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes, { mode: 0o600 });
  renameSync(temporary, file);
}

function encode(model: LocalizationModel, records: readonly FileRecord[], key: string): Buffer {
  const { lexical, graph } = model;
  const terms = new Map<string, number>();
  const sections: Section[] = [nodeRefs(lexical.nodes, records), ...documents(lexical.declarations, terms), ...documents(lexical.files, terms), ...edges(graph)];
  const header: Header = {
    format: FORMAT,
    key,
    sections: sections.map((section) => ({ kind: kindOf(section), length: section.length })),
    terms: [...terms.keys()],
    relations: RELATIONS,
    filePaths: lexical.filePaths,
    graphFiles: graph.files,
    qualified: lexical.nodes.map((node) => node.qualified),
  };
  const json = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [Buffer.from(`${MAGIC}${key}`), uint32(json.length), json];
  let size = parts.reduce((sum, part) => sum + part.length, 0);
  for (const section of sections) {
    parts.push(Buffer.alloc(pad(size)));
    size += pad(size);
    parts.push(Buffer.from(section.buffer, section.byteOffset, section.byteLength));
    size += section.byteLength;
  }
  return Buffer.concat(parts);
}

function decode(bytes: Buffer, index: WorkspaceIndex, key: string): LocalizationModel | undefined {
  if (bytes.toString('latin1', 0, MAGIC.length + key.length) !== `${MAGIC}${key}`) return undefined;
  // Typed arrays need aligned offsets: one copy into a buffer of its own starts at 0.
  const buffer = new Uint8Array(bytes).buffer;
  let at = MAGIC.length + key.length;
  const jsonLength = bytes.readUInt32LE(at);
  const header = JSON.parse(bytes.toString('utf8', at + 4, at + 4 + jsonLength)) as Header;
  if (header.format !== FORMAT || header.key !== key) return undefined;
  at += 4 + jsonLength;
  const sections: Section[] = [];
  for (const { kind, length } of header.sections) {
    at += pad(at);
    const Type = kind === 'i32' ? Int32Array : kind === 'f64' ? Float64Array : Uint8Array;
    sections.push(new Type(buffer, at, length));
    at += length * Type.BYTES_PER_ELEMENT;
  }
  const [refs, ...rest] = sections as Int32Array[];
  const nodes = readNodes(refs!, header.qualified, [...index.records()], header.filePaths);
  if (!nodes) return undefined;
  const lexical: LexicalModel = {
    nodes,
    declarations: readDocuments(rest.slice(0, 3), header.terms),
    files: readDocuments(rest.slice(3, 6), header.terms),
    filePaths: header.filePaths,
  };
  const graph: RepoGraph = readGraph(rest.slice(6, 10), header.graphFiles, header.relations);
  return { lexical, graph };
}

/** Each node as (record ordinal, declaration ordinal): the declarations themselves are the index's. */
function nodeRefs(nodes: readonly DeclNode[], records: readonly FileRecord[]): Int32Array {
  const where = new Map<object, [number, number]>();
  records.forEach((record, r) => record.declarations.forEach((declaration, d) => where.set(declaration, [r, d])));
  const refs = new Int32Array(nodes.length * 2);
  nodes.forEach((node, i) => {
    const [r, d] = where.get(node.declaration) ?? [-1, -1];
    refs[2 * i] = r;
    refs[2 * i + 1] = d;
  });
  return refs;
}

function readNodes(refs: Int32Array, qualified: readonly string[], records: readonly FileRecord[], filePaths: readonly string[]): DeclNode[] | undefined {
  const nodes: DeclNode[] = [];
  for (let i = 0; i < qualified.length; i++) {
    const record = records[refs[2 * i]!];
    const declaration = record?.declarations[refs[2 * i + 1]!];
    if (!record || !declaration || record.path !== filePaths[refs[2 * i]!]) return undefined;
    nodes.push({ id: i, file: record.path, declaration, qualified: qualified[i]! });
  }
  return nodes;
}

/** A set of BM25 documents as offsets, term ids and weights; postings and length norms are rebuilt from them by localize's own code. */
function documents(docs: Bm25Documents, terms: Map<string, number>): Section[] {
  let entries = 0;
  for (const tf of docs.tf) entries += tf.size;
  const offsets = new Int32Array(docs.tf.length + 1);
  const ids = new Int32Array(entries);
  const weights = new Float64Array(entries);
  let at = 0;
  docs.tf.forEach((tf, doc) => {
    for (const [term, weight] of tf) {
      let id = terms.get(term);
      if (id === undefined) terms.set(term, (id = terms.size));
      ids[at] = id;
      weights[at++] = weight;
    }
    offsets[doc + 1] = at;
  });
  return [offsets, ids, weights];
}

function readDocuments([offsets, ids, weights]: Section[], terms: readonly string[]): Bm25Documents {
  const tf: Array<Map<string, number>> = [];
  for (let doc = 0; doc + 1 < offsets!.length; doc++) {
    const map = new Map<string, number>();
    for (let k = offsets![doc]!; k < offsets![doc + 1]!; k++) map.set(terms[ids![k]!]!, weights![k]!);
    tf.push(map);
  }
  return bm25Documents(tf);
}

const RELATIONS: Relation[] = ['calls', 'called by', 'member of', 'has member', 'declared in', 'declares', 'imports', 'imported by', 'tests', 'tested by', 'beside'];

function edges(graph: RepoGraph): Section[] {
  const count = graph.out.reduce((sum, list) => sum + list.length, 0);
  const offsets = new Int32Array(graph.out.length + 1);
  const to = new Int32Array(count);
  const weight = new Float64Array(count);
  const relation = new Uint8Array(count);
  let at = 0;
  graph.out.forEach((list, node) => {
    for (const edge of list) {
      to[at] = edge.to;
      weight[at] = edge.weight;
      relation[at++] = RELATIONS.indexOf(edge.relation);
    }
    offsets[node + 1] = at;
  });
  return [offsets, to, weight, relation];
}

function readGraph([offsets, to, weight, relation]: Section[], files: string[], relations: readonly Relation[]): RepoGraph {
  const out: Edge[][] = [];
  for (let node = 0; node + 1 < offsets!.length; node++) {
    const list: Edge[] = [];
    for (let k = offsets![node]!; k < offsets![node + 1]!; k++) list.push({ to: to![k]!, weight: weight![k]!, relation: relations[relation![k]!]! });
    out.push(list);
  }
  return { fileIds: new Map(files.map((path, i) => [path, out.length - files.length + i])), files, out, flat: flatten(out) };
}

let codeDigest: string | undefined;

/** A digest of localize's own code: a model built by other code is not this code's model. */
function localizeCodeDigest(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash('sha1');
  for (const url of [new URL('./localize/', import.meta.url), new URL('./model-cache.js', import.meta.url)]) {
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
