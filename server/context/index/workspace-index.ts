import { basename } from 'node:path';
import type Parser from 'tree-sitter';
import type { Language, LanguageRegistry } from '../../syntax/languages.js';
import { apiDigest, contentHash, generatedContent, importsDigest, parseFileRecord, type FileRecord } from './file-record.js';
import { ImportResolver, type FileLookup, type ImportRecord } from '../../syntax/imports.js';
import { describeEnvironment, type Environment } from '../../syntax/environment.js';
import { dirOf, ManifestReader, type SkippedManifest } from '../../syntax/manifests.js';
import { isTestFile } from '../../syntax/test-files.js';
import { relativeIn } from './paths.js';
import { DirMemo } from './dir-memo.js';
import { containerScope, type DeclarationRef } from './symbol-table.js';
import { SymbolQueries } from './symbol-queries.js';
import { exclusionMatcher, pathSkipReason, type SkipReason } from './workspace-files.js';
import { readWorkspace } from './record-source.js';
import { ResolvedImports, type ResolvedImport } from './resolved-imports.js';
import { ChangeLog, type IndexChange } from './change-log.js';
import { LeftOut } from './left-out.js';

export type { FileRecord } from './file-record.js';
export type { DeclarationRef } from './symbol-table.js';
export type { IndexChange } from './change-log.js';

import type { BuildOptions, BuildReport, IndexLimits } from './build-types.js';
export type { BuildOptions, BuildReport, IndexLimits } from './build-types.js';
export { locateFile } from './build-types.js';

/** What indexing a text takes, decided without parsing: see {@link WorkspaceIndex.plan}. */
export type UpdatePlan = { kind: 'skip'; reason: SkipReason; remove: boolean } | { kind: 'current' } | { kind: 'parse'; language: Language; hash: string };

/**
 * The index of one workspace folder: declarations and imports of every source file, a symbol
 * table by name and by member name, package directories, and BM25 over declaration chunks.
 * Built in the background in short slices so completions are never held up; kept current one
 * file at a time. `generation` changes whenever what a prompt could show changes.
 */
export class WorkspaceIndex extends SymbolQueries implements FileLookup {
  private readonly manifests: ManifestReader;
  private readonly resolver: ImportResolver;
  readonly name: string;
  private version = 0;
  private revisionCount = 0;
  ready = false;
  private readonly files = new Map<string, FileRecord>();
  private readonly dirs = new Map<string, string[]>();
  private excluded: { key: string; matches: (path: string) => boolean } | undefined;
  private readonly derived = new DirMemo();
  private readonly imports: ResolvedImports;
  private readonly changes = new ChangeLog();
  /** What a listing of the folder now would leave out, for files reported one at a time. */
  readonly leftOut: LeftOut;

  constructor(
    readonly root: string,
    private readonly languages: LanguageRegistry,
    private readonly limits: () => IndexLimits,
  ) {
    super();
    this.manifests = new ManifestReader(root);
    this.resolver = new ImportResolver(this, this.manifests);
    this.imports = new ResolvedImports(this.resolver);
    this.leftOut = new LeftOut(root);
    this.name = basename(root);
  }

  /** Changes whenever what a prompt could show changes: a key for caches of gathered context. */
  get generation(): number {
    return this.version;
  }

  /**
   * Changes on every change to the index (any file stored or removed, a manifest read again), even
   * one that leaves the generation alone: a key for caches that hold declarations, whose objects a
   * re-indexed file replaces.
   */
  get revision(): number {
    return this.revisionCount;
  }

  /**
   * What changed from revision `since` to now, one file at a time, oldest first; undefined when that cannot be
   * told (a build or a manifest between, or too long ago): a cache of revision `since` then starts over.
   */
  changesSince(since: number): readonly IndexChange[] | undefined {
    return this.changes.since(since, this.revisionCount);
  }

  /**
   * A manifest (go.mod, package.json, tsconfig.json …) changed: read it again ahead (never opening
   * a FIFO or socket), re-resolve imports. Returns the manifests that were skipped, and why.
   */
  async manifestChanged(path: string): Promise<SkippedManifest[]> {
    const skipped = await this.manifests.reload(path);
    this.resolver.clear();
    this.version++;
    this.changes.reset(++this.revisionCount);
    return skipped;
  }

  /** The workspace files one import of `file` means. */
  resolveImport(file: string, record: ImportRecord, languageId: string): string[] {
    return this.resolver.resolve(file, record, languageId);
  }

  /** A digest of the manifests read so far (go.mod, package.json …): what resolving imports depended on. */
  manifestDigest(): string {
    return this.manifests.digest();
  }

  /** The manifests looked up so far, found or not, workspace-relative (see {@link manifestDigest}). */
  manifestPaths(): string[] {
    return this.manifests.lookedUp();
  }

  /** The project environment (go.mod, package.json …) governing a workspace-relative directory. */
  environmentOf(dir: string, languageId: string): Environment | undefined {
    return describeEnvironment(this.manifests, dir, languageId);
  }

  get fileCount(): number {
    return this.files.size;
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  filesInDir(dir: string): readonly string[] {
    return this.dirs.get(dir) ?? [];
  }

  file(path: string): FileRecord | undefined {
    return this.files.get(path);
  }

  /**
   * Whether `other` is a non-test file of `file`'s package (languages whose packages are directories, as Go's). Same directory and package
   * clause: a generator beside the package (`package main` behind `//go:build ignore`, as
   * runtime/mkduff.go) is not part of it. A file the index does not hold (excluded, too large, not
   * parsed yet) is taken to belong to its directory's package.
   */
  inSamePackage(file: string, other: string): boolean {
    if (dirOf(file) !== dirOf(other) || isTestFile(other)) return false;
    const own = this.files.get(file)?.packageName;
    return own === undefined || own === this.files.get(other)?.packageName;
  }

  records(): IterableIterator<FileRecord> {
    return this.files.values();
  }

  /**
   * Remembers a value derived from the files of some directories (a package's ranking, say)
   * until a file in one of them changes. Usage counts from elsewhere may move meanwhile; a
   * ranking a few edits old is good enough and keeps the keystroke path fast.
   */
  memo<T>(key: string, dirs: readonly string[], compute: () => T): T {
    return this.derived.get(key, dirs, compute);
  }

  /** What {@link memo} keeps for `key`, if it is still current; undefined otherwise (work it out in steps, then memo it). */
  memoized<T>(key: string, dirs: readonly string[]): T | undefined {
    return this.derived.peek(key, dirs);
  }

  /** Methods of a type: Go's declared anywhere in the package directory, TS/JS's in the class's file. */
  methodsOf(file: string, container: string): readonly DeclarationRef[] {
    const record = this.files.get(file);
    return record ? this.symbols.methodsOf(containerScope(record), container) : [];
  }

  /** The workspace-relative path of a file URI or path, or undefined when it lies outside this folder. */
  relativePath(uriOrPath: string): string | undefined {
    return relativeIn(this.root, uriOrPath);
  }

  /** Why a path must never be indexed or sent (a secret, or excluded by the user), or undefined. */
  exclusion(path: string): SkipReason | undefined {
    const patterns = this.limits().exclude ?? [];
    const key = patterns.join('\n');
    if (this.excluded?.key !== key) this.excluded = { key, matches: exclusionMatcher(patterns) };
    return pathSkipReason(path) ?? (this.excluded.matches(path) ? 'excluded' : undefined);
  }

  /** Resolved import targets of a file, with the import each came from (kept until resolutions change). */
  importsOf(path: string): readonly ResolvedImport[] {
    return this.imports.entries(this.files.get(path));
  }

  /** Every file the imports of `path` resolve to. */
  importedFiles(path: string): ReadonlySet<string> {
    return this.imports.files(this.files.get(path));
  }

  /**
   * Indexes (or re-indexes) one file from its text, with the editor's tree when it has one.
   * Returns why the file was not indexed, or undefined when it was.
   */
  update(path: string, text: string, options: { tree?: Parser.Tree; mtimeMs?: number } = {}): SkipReason | undefined {
    const plan = this.plan(path, text);
    if (plan.kind !== 'parse') return this.settle(path, plan);
    return this.store(parseFileRecord({ path, text, hash: plan.hash, language: plan.language, tree: options.tree, mtimeMs: options.mtimeMs ?? Date.now() }));
  }

  /**
   * What indexing `text` as `path` takes, without parsing (cheap enough for the main thread): a skip (the
   * file must not be indexed, or has no grammar), nothing (the record matches the text), or a parse of the
   * text in `language`, whose record then goes to {@link store} (built here or on the syntax worker).
   */
  plan(path: string, text: string): UpdatePlan {
    const reason = this.exclusion(path) ?? (text.length > this.limits().maxFileBytes ? 'too-large' : undefined) ?? generatedContent(text);
    if (reason) return { kind: 'skip', reason, remove: true };
    const hash = contentHash(text);
    if (this.files.get(path)?.hash === hash) return { kind: 'current' };
    const language = this.languages.byPath(path);
    return language ? { kind: 'parse', language, hash } : { kind: 'skip', reason: 'unreadable', remove: false };
  }

  /** Carries out a plan that needs no parse: a file that must not be indexed is dropped. Returns why it was not indexed. */
  settle(path: string, plan: Exclude<UpdatePlan, { kind: 'parse' }>): SkipReason | undefined {
    if (plan.kind === 'current') return undefined;
    if (plan.remove) this.remove(path);
    return plan.reason;
  }

  /** Stores the record a plan's parse built; undefined (the parser failed) leaves the file as it was. */
  store(record: FileRecord | undefined): SkipReason | undefined {
    if (!record) return 'unreadable';
    this.put(record);
    return undefined;
  }

  remove(path: string): void {
    const record = this.files.get(path);
    if (!record) return;
    this.unlink(record);
    this.files.delete(path);
    this.derived.touch(path);
    this.resolver.clear();
    this.version++;
    this.changes.record(++this.revisionCount, { path, before: record, after: undefined, imports: true });
  }

  /** Lists and indexes the whole folder in the background; safe to call once. */
  async build(options: BuildOptions = {}): Promise<BuildReport> {
    const started = performance.now();
    const read = await readWorkspace({ root: this.root, languages: this.languages, manifests: this.manifests, limits: this.limits(), options }, (record) =>
      this.put(record, false),
    );
    const { fromCache, withSyntaxErrors, skipped } = read;
    this.leftOut.remember(read);
    this.resolver.clear();
    // Rankings asked for while the build ran counted only the files read so far, and a package's
    // ranking is only redone when its own directory changes: without this, a completion typed
    // during the first build would fix popularity from a tenth of the workspace for the session.
    this.derived.clear();
    this.ready = true;
    this.version++;
    // The resolutions just forgotten were read by whatever was derived while the build ran.
    this.changes.reset(++this.revisionCount);
    return {
      indexed: this.files.size,
      fromCache,
      skipped,
      withSyntaxErrors,
      durationMs: performance.now() - started,
      source: read.source,
    };
  }

  /** Adds a record to every table; bumps the generation when the file's visible API changed. */
  private put(record: FileRecord, bump = true): void {
    const previous = this.files.get(record.path);
    const sameApi = previous !== undefined && apiDigest(previous) === apiDigest(record);
    const sameImports = previous !== undefined && importsDigest(previous) === importsDigest(record);
    const changed = !sameApi || !sameImports;
    if (changed) this.derived.touch(record.path);
    // Its chunks stay for the add below, which keeps those whose declarations did not change.
    if (previous) this.unlink(previous, true);
    // Go imports resolve to the files of the directory's package, chosen by package clause.
    const resolutions = !previous || previous.packageName !== record.packageName;
    if (resolutions) this.resolver.clear();
    this.changes.record(++this.revisionCount, { path: record.path, before: previous, after: record, imports: resolutions || !sameImports });
    this.files.set(record.path, record);
    const dir = dirOf(record.path);
    const siblings = this.dirs.get(dir) ?? [];
    if (!siblings.includes(record.path)) this.dirs.set(dir, [...siblings, record.path].sort());
    this.symbols.add(record);
    if (bump && changed) this.version++;
  }

  private unlink(record: FileRecord, keepChunks = false): void {
    this.symbols.remove(record, keepChunks);
    const dir = dirOf(record.path);
    const siblings = (this.dirs.get(dir) ?? []).filter((path) => path !== record.path);
    if (siblings.length > 0) this.dirs.set(dir, siblings);
    else this.dirs.delete(dir);
  }
}
