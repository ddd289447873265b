import type { Declaration } from '../../syntax/declarations.js';
import type { FileRecord } from './file-record.js';
import { LexicalIndex } from './lexical-index.js';
import { languageModule } from '../../syntax/modules.js';
import { dirOf } from '../../syntax/manifests.js';
import { UsageCounts } from './usage.js';
import type { Steps } from '../../util/steps.js';

/** A declaration with the file it lives in. */
export interface DeclarationRef {
  file: string;
  declaration: Declaration;
}

/**
 * The lookup tables over every indexed declaration: by name, by member name, methods by type,
 * BM25 chunks, and usage counts. Files are added and removed whole.
 */
export class SymbolTable {
  /** How often names are used, for ranking APIs nothing at the cursor names. */
  readonly usage = new UsageCounts();
  private readonly byName = new Map<string, DeclarationRef[]>();
  private readonly byMember = new Map<string, DeclarationRef[]>();
  /**
   * Top-level declarations by directory, then name, in byName's order: a name thousands of files declare (`New`, `String`)
   * is looked up in one package without walking them all. Two levels, not a `dir\0name` key: building and hashing that
   * string was most of a lookup, and the definitions source makes thousands per gather.
   */
  private readonly topLevelByDir = new Map<string, Map<string, DeclarationRef[]>>();
  /** Methods by scope (Go: a package's directory; TS/JS: a class's file), then type; two levels as topLevelByDir. */
  private readonly byContainer = new Map<string, Map<string, DeclarationRef[]>>();
  /** Callee (as extractCalls writes it) → the functions whose bodies call it, each once, in path order like the other lists. */
  private readonly byCallee = new Map<string, DeclarationRef[]>();
  /** Functions with recorded calls, for how rare a callee is. */
  private callerCount = 0;
  private readonly lexical = new LexicalIndex();
  private readonly chunks = new Map<number, DeclarationRef>();
  private readonly chunkIds = new Map<string, number[]>();
  private nextChunkId = 1;
  /** The sliced application of an update's chunks, while it runs. */
  private warming: Promise<void> | undefined;

  declarationsNamed(name: string): readonly DeclarationRef[] {
    return this.byName.get(name) ?? [];
  }

  /** Top-level (not member) declarations named `name` in the files of `dir`, in declarationsNamed's order. */
  topLevelNamedIn(dir: string, name: string): readonly DeclarationRef[] {
    return this.topLevelByDir.get(dir)?.get(name) ?? [];
  }

  containersOfMember(name: string): readonly DeclarationRef[] {
    return this.byMember.get(name) ?? [];
  }

  methodsOf(scope: string, container: string): readonly DeclarationRef[] {
    return this.byContainer.get(scope)?.get(container) ?? [];
  }

  /** Functions whose bodies call `callee`, in path order. */
  callersOf(callee: string): readonly DeclarationRef[] {
    return this.byCallee.get(callee) ?? [];
  }

  /** How many indexed functions call anything. */
  get functionsWithCalls(): number {
    return this.callerCount;
  }

  /** BM25 hits; with `maxBacklog`, a larger backlog is not applied first but left to slices, started here if none run. */
  searchChunks(terms: readonly string[], limit: number, options: { maxBacklog?: number } = {}): Array<DeclarationRef & { score: number }> {
    if (this.lexical.backlog > (options.maxBacklog ?? Infinity)) this.warmSearchNow(Infinity);
    const hits: Array<DeclarationRef & { score: number }> = [];
    for (const hit of this.lexical.query(terms, limit, { ...options, tie: this.byPlace })) {
      const ref = this.chunks.get(hit.id);
      // Written out, not spread (a chunk's ref is its file and declaration): a spread and an array a hit were a
      // fifth of what the lexical source allocated.
      if (ref) hits.push({ file: ref.file, declaration: ref.declaration, score: hit.score });
    }
    return hits;
  }

  /**
   * Chunks of equal score in path and line order: ids follow the order chunks were added, which an edit and
   * its undo change (the edited declaration's chunk gets a new id), and the ranking must not.
   */
  private readonly byPlace = (a: number, b: number): number => {
    const first = this.chunks.get(a);
    const second = this.chunks.get(b);
    if (!first || !second) return first ? -1 : second ? 1 : 0;
    return first.file < second.file ? -1 : first.file > second.file ? 1 : first.declaration.line - second.declaration.line;
  };

  /** Indexes the chunks added since, ahead of the first search. */
  warmSearch(signal?: AbortSignal): Promise<void> {
    return this.lexical.warm(signal);
  }

  /**
   * Applies the pending chunks when there are at most `max`, in slices of UPDATE_SLICE_MS from the next turn
   * on (this one stored the update).
   */
  warmSearchNow(max: number): void {
    if (this.warming || this.lexical.backlog === 0 || this.lexical.backlog > max) return;
    // A slice that throws leaves the rest to the next query, which applies the backlog itself.
    this.warming = new Promise((resolve) => setImmediate(resolve))
      .then(() => this.lexical.warm(undefined, UPDATE_SLICE_MS))
      .catch(() => undefined)
      .finally(() => (this.warming = undefined));
  }

  /** The pending chunks applied a few per step, when there are at most `max`; a query between two steps applies the rest itself. */
  *searchSteps(max: number): Steps<void> {
    if (this.lexical.backlog > max) return;
    while (this.lexical.backlog > 0) {
      this.lexical.applyBacklog(CHUNKS_PER_STEP);
      yield;
    }
  }

  /**
   * Adds a file's declarations. A declaration whose name and text a chunk of the file's previous record
   * (left by `remove(…, true)`) already holds keeps that chunk; the previous record's other chunks are
   * discarded and only the new texts are added: typing inside a body must not churn the lexical index on
   * every settled edit, and an edit that changes a few declarations must not re-tokenise the other hundreds.
   */
  add(record: FileRecord): void {
    // The previous record's chunks by declaration name; `chunks` still maps each to its declaration (no copy of any text).
    const reusable = new Map<string, number[]>();
    for (const id of this.chunkIds.get(record.path) ?? []) {
      const name = this.chunks.get(id)?.declaration.name;
      const same = name === undefined ? undefined : reusable.get(name);
      if (same) same.push(id);
      else if (name !== undefined) reusable.set(name, [id]);
    }
    const ids: number[] = [];
    const dir = dirOf(record.path);
    for (const declaration of record.declarations) {
      const ref = { file: record.path, declaration };
      push(this.byName, declaration.name, ref);
      if (!declaration.container) push(inner(this.topLevelByDir, dir), declaration.name, ref);
      for (const member of declaration.members ?? []) push(this.byMember, member, ref);
      if (declaration.container) push(inner(this.byContainer, containerScope(record)), declaration.container, ref);
      for (const callee of new Set(declaration.calls)) push(this.byCallee, callee, ref);
      if (declaration.calls) this.callerCount++;
      const keptId = this.takeChunk(reusable.get(declaration.name), declaration.text);
      const id = keptId ?? this.nextChunkId++;
      this.chunks.set(id, ref);
      if (keptId === undefined) this.lexical.add(id, declaration.name, declaration.text);
      ids.push(id);
    }
    for (const left of reusable.values()) for (const id of left) this.discardChunk(id);
    this.chunkIds.set(record.path, ids);
    this.usage.add(record.path, record.uses);
  }

  /** Removes a file's declarations; `keepChunks` leaves its BM25 chunks to the `add` of its next record, which keeps the unchanged ones. */
  remove(record: FileRecord, keepChunks: boolean): void {
    const dir = dirOf(record.path);
    for (const declaration of record.declarations) {
      pull(this.byName, declaration.name, record.path);
      if (!declaration.container) pullInner(this.topLevelByDir, dir, declaration.name, record.path);
      for (const member of declaration.members ?? []) pull(this.byMember, member, record.path);
      if (declaration.container) pullInner(this.byContainer, containerScope(record), declaration.container, record.path);
      if (declaration.calls) this.callerCount--;
      for (const callee of declaration.calls ?? []) pull(this.byCallee, callee, record.path);
    }
    if (!keepChunks) {
      for (const id of this.chunkIds.get(record.path) ?? []) this.discardChunk(id);
      this.chunkIds.delete(record.path);
    }
    this.usage.remove(record.path, record.uses);
  }

  /** Takes out of `candidates` (ids of the previous record's chunks with the same name) one that holds `text`. */
  private takeChunk(candidates: number[] | undefined, text: string): number | undefined {
    const at = candidates?.findIndex((id) => this.chunks.get(id)?.declaration.text === text) ?? -1;
    return at < 0 ? undefined : candidates?.splice(at, 1)[0];
  }

  private discardChunk(id: number): void {
    const ref = this.chunks.get(id);
    this.chunks.delete(id);
    if (ref) this.lexical.discard(id, ref.declaration.name, ref.declaration.text);
  }
}

/**
 * Chunks applied per step of a re-rank: one. Most take a few dozen microseconds, but taking a long declaration's
 * out of the postings took milliseconds (16 a step: steps of 11-38 ms after an edit of a 5,000-line Go file, at
 * load 5); the sliced runner still puts many short steps in one turn.
 */
const CHUNKS_PER_STEP = 1;

/** An update's chunks are applied in slices this long: one turn of the event loop stays well under 10 ms. */
const UPDATE_SLICE_MS = 4;

/**
 * Adds `ref` to the list at `key`, kept in path order (a file's own in its declarations' order): a list's order
 * decides ties in every ranking that reads it, and it must not depend on which files were re-indexed last (an
 * update used to move a file's declarations to the lists' ends, so the same workspace ranked ties differently
 * after an edit and its undo). A build adds files in path order, so the usual case is an append.
 */
function push(map: Map<string, DeclarationRef[]>, key: string, ref: DeclarationRef): void {
  const list = map.get(key);
  if (!list) map.set(key, [ref]);
  else if (list[list.length - 1]!.file <= ref.file) list.push(ref);
  else map.set(key, spliced(list, afterFile(list, ref.file), 0, ref));
}

/** The index after the last entry of `list` (in path order) whose file sorts at or before `file`. */
function afterFile(list: readonly DeclarationRef[], file: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.file <= file) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Takes `file`'s entries out of the list at `key` (one run, as the list is in path order); an emptied list goes.
 * A new list, as for an insert before the end: a gather that holds a list across the turns it runs in keeps reading the one it got.
 */
function pull(map: Map<string, DeclarationRef[]>, key: string, file: string): void {
  const list = map.get(key);
  if (!list) return;
  const end = afterFile(list, file);
  let start = end;
  while (start > 0 && list[start - 1]!.file === file) start--;
  if (start === end) return;
  if (end - start === list.length) map.delete(key);
  else map.set(key, spliced(list, start, end - start));
}

/** A copy of `list` with `count` entries at `at` replaced by `added` (ES2023's toSpliced). */
function spliced<T>(list: readonly T[], at: number, count: number, ...added: T[]): T[] {
  return [...list.slice(0, at), ...added, ...list.slice(at + count)];
}

/** The inner map of `outer` at `key`, made when missing. */
function inner(outer: Map<string, Map<string, DeclarationRef[]>>, key: string): Map<string, DeclarationRef[]> {
  let map = outer.get(key);
  if (!map) outer.set(key, (map = new Map<string, DeclarationRef[]>()));
  return map;
}

/** pull on the inner map of `outer` at `key`, dropping the inner map once empty. */
function pullInner(outer: Map<string, Map<string, DeclarationRef[]>>, key: string, name: string, file: string): void {
  const map = outer.get(key);
  if (!map) return;
  pull(map, name, file);
  if (map.size === 0) outer.delete(key);
}

/** Where a method's container is looked up, by the file's language: Go's package directory, a TS/JS class's file. */
export function containerScope(record: Pick<FileRecord, 'languageId' | 'path'>): string {
  return languageModule(record.languageId)?.packages.containerScope(record.path) ?? record.path;
}
