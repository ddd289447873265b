import { resolve } from 'node:path';
import { isManifest } from '../syntax/modules.js';
import { IndexSaver } from './index-saver.js';
import { RepositoryContextProvider } from './retrieval/repository-context.js';
import { buildWarm, rerankSoon } from './index-build.js';
import { RecentRegions } from './retrieval/sources/recent.js';
import { isSourcePath } from './index/workspace-files.js';
import { WorkspaceIndex, type BuildReport } from './index/workspace-index.js';
import { UriLocator } from './uri-locator.js';
import { describeReport } from './build-report.js';
import { contains, outermost } from './folders.js';
import type { ContextServiceDeps, FileChangeKind, FileChangeSource, OffThreadRecords, ProgressFactory } from './service-types.js';
import { parseFileRecord } from './index/file-record.js';
import { DiskEventOrder, readChanged, toolingMarkerChanged } from './disk-events.js';
import { isToolingMarker } from './index/left-out.js';
import { isListingRules, listOptions, Relister } from './relist.js';

export type { ContextServiceDeps, FileChangeKind, OffThreadRecords, ProgressFactory, ProgressSink } from './service-types.js';

/** Open documents are re-indexed this long after the last keystroke, not on every one. */
const EDIT_SETTLE_MS = 300;

/**
 * Owns the workspace indexes and keeps them current: builds them in the background on start
 * (from the on-disk cache when it can), then follows edits, saves, file-system changes and
 * workspace folders opened and closed in the editor.
 */
export class ContextService {
  readonly recent = new RecentRegions();
  readonly provider: RepositoryContextProvider;
  private indexes: WorkspaceIndex[] = [];
  private readonly uris = new UriLocator();
  /** The workspace folders the editor has open; one inside another is indexed as part of it. */
  private folders: string[] = [];
  /** One per index, so closing a folder stops its build alone; an index missing here was dropped. */
  private readonly builds = new Map<WorkspaceIndex, AbortController>();
  private progress: ProgressFactory | undefined;
  private begun = false;
  private readonly settle = new Map<string, NodeJS.Timeout>();
  private readonly saver: IndexSaver;
  private readonly diskEvents = new WeakMap<WorkspaceIndex, DiskEventOrder>();
  private readonly relister: Relister;
  /** Resolves once the latest batch of folders has been indexed (tests and the benchmark wait for it). */
  ready: Promise<BuildReport[]> = Promise.resolve([]);

  constructor(private readonly deps: ContextServiceDeps) {
    this.saver = new IndexSaver({ indexes: () => this.indexes, settings: deps.settings, logger: deps.logger });
    this.provider = new RepositoryContextProvider({ indexes: () => this.indexes, documents: deps.documents, recent: this.recent, settings: deps.settings, logger: deps.logger });
    const read = (uri: string) => this.fileChanged(uri, 'created', 'listing');
    const [forget, changed] = [(path: string) => this.recent.forget(path), (index: WorkspaceIndex) => this.saver.schedule(index)];
    this.relister = new Relister({ ...deps, read, forget, changed });
  }

  /** Whether indexing has been started (it is started once per server; folders come and go after that). */
  get started(): boolean {
    return this.begun;
  }

  /**
   * Indexes the workspace folders (absolute paths) in the background; a second call returns the
   * first one's result. `progress` is remembered for the folders added later.
   */
  start(folders: readonly string[], progress?: ProgressFactory): Promise<BuildReport[]> {
    if (this.begun) return this.ready;
    this.progress = progress;
    return this.addFolders(folders);
  }

  /** The folders indexed, or being indexed; with `built`, only those whose index is built. */
  indexedRoots(built = false): string[] {
    return this.indexes.filter((index) => !built || index.ready).map((index) => index.root);
  }

  /** The index of the folder `path` (absolute) lies in, once indexing has started; for the task and ask verbs. */
  indexContaining(path: string): WorkspaceIndex | undefined {
    return this.indexes.find((index) => contains(index.root, resolve(path)));
  }

  /** Folders opened in the editor: those not already indexed (nor inside one that is) are indexed after any build under way. */
  addFolders(paths: readonly string[]): Promise<BuildReport[]> {
    this.begun = true;
    this.folders = [...new Set([...this.folders, ...paths.map((path) => resolve(path))])];
    return this.indexUncovered();
  }

  /**
   * Folders closed in the editor: their builds stop, their caches stay on disk (saved when the
   * index was complete), and nothing from them reaches a prompt again.
   */
  async removeFolders(paths: readonly string[]): Promise<void> {
    const closed = new Set(paths.map((path) => resolve(path)));
    this.folders = this.folders.filter((folder) => !closed.has(folder));
    const dropped = this.indexes.filter((index) => closed.has(index.root));
    if (dropped.length === 0) return;
    this.indexes = this.indexes.filter((index) => !closed.has(index.root));
    this.provider.clear();
    const saves = dropped.map((index) => this.drop(index));
    // A folder inside a closed one was indexed as part of it; now it needs an index of its own.
    this.indexUncovered().catch(() => undefined);
    await Promise.all(saves);
  }

  private indexUncovered(): Promise<BuildReport[]> {
    const roots = outermost(this.folders).filter((folder) => !this.indexes.some((index) => contains(index.root, folder)));
    if (roots.length === 0) return this.ready;
    const batch = roots.map((root) => new WorkspaceIndex(root, this.deps.languages, () => listOptions(this.deps.settings())));
    for (const index of batch) this.builds.set(index, new AbortController());
    this.indexes = [...this.indexes, ...batch];
    // One batch at a time: two builds at once would only slow each other down.
    this.ready = this.ready.catch(() => []).then(() => this.buildAll(batch));
    return this.ready;
  }

  private drop(index: WorkspaceIndex): Promise<void> {
    const complete = index.ready;
    this.builds.get(index)?.abort();
    this.builds.delete(index);
    // Recent regions are keyed by workspace-relative path: keep those another folder has a file for.
    for (const record of index.records()) if (!this.indexes.some((other) => other.hasFile(record.path))) this.recent.forget(record.path);
    this.deps.logger.info(`stopped indexing ${index.root}: the folder was closed`);
    return complete ? this.saver.saveIfChanged(index) : Promise.resolve();
  }

  private async buildAll(batch: readonly WorkspaceIndex[]): Promise<BuildReport[]> {
    const live = batch.filter((index) => this.builds.has(index));
    if (live.length === 0) return [];
    const sink = await this.progress?.(live.map((index) => index.root)).catch(() => undefined);
    const reports: BuildReport[] = [];
    try {
      for (const [i, index] of live.entries()) {
        const progress = (done: number, total: number) => sink?.report(Math.floor(((i + done / Math.max(1, total)) / live.length) * 100), `${index.name}: ${done}/${total} files`);
        try {
          const report = await this.buildOne(index, progress);
          if (report) reports.push(report);
        } catch (error) {
          // One folder that cannot be indexed (gone, unreadable) must not stop the others.
          if (this.builds.has(index)) this.deps.logger.warn(`could not index ${index.root}: ${(error as Error).message}`);
        }
      }
    } finally {
      sink?.done();
    }
    return reports;
  }

  /** Builds one index; undefined when its folder was closed meanwhile (nothing of it is logged or saved then). */
  private async buildOne(index: WorkspaceIndex, progress: (done: number, total: number) => void): Promise<BuildReport | undefined> {
    const signal = this.builds.get(index)?.signal;
    if (!signal || signal.aborted) return undefined;
    const built = await buildWarm(index, { cacheDir: this.deps.settings().context.cacheDir, signal, progress, parser: this.deps.parser, warmUp: this.deps.warmUp !== false });
    if (!built) return undefined;
    this.deps.logger.info(describeReport(index, built.report));
    if (built.unsaved) this.saver.changed(index);
    if (signal.aborted) return built.report;
    for (const entry of this.deps.documents.all()) this.indexDocument(entry.uri);
    await this.provider.warm();
    if (!signal.aborted) await this.saver.saveAll();
    return built.report;
  }

  /**
   * The index of the workspace folder holding `path` (absolute, or a file URI), for commands that
   * query it (ask, mcp); without a path, the first folder's.
   */
  indexFor(path?: string): WorkspaceIndex | undefined {
    if (path === undefined) return this.indexes[0];
    return this.indexes.find((index) => index.relativePath(path) !== undefined || index.root === resolve(path));
  }

  /** Settings changed: forget packed contexts, drop files that context.exclude now covers at once, and list again. */
  settingsChanged(): void {
    this.provider.clear();
    for (const index of this.indexes) if (this.relister.exclusionsChanged(index)) this.saver.changed(index);
  }

  /** An open document changed: remember the edited region now, re-index it once typing settles. */
  documentChanged(uri: string, line: number): void {
    const located = this.uris.locate(this.indexes, uri);
    const entry = this.deps.documents.get(uri);
    if (!located || !entry) return;
    const { document } = entry;
    // The document's line table and chunks give the edited lines without the whole text (this runs on every keystroke).
    if (located.index.exclusion(located.file) === undefined) this.recent.record(located.file, (from, to) => document.textOfLines(from, to), line, 'edit');
    clearTimeout(this.settle.get(uri));
    this.settle.set(
      uri,
      setTimeout(() => {
        this.settle.delete(uri);
        this.indexDocument(uri);
      }, EDIT_SETTLE_MS),
    );
  }

  /**
   * Opened, saved or edited: the editor's text is the truth for this file. When it needs parsing, the syntax
   * worker builds the record from its own copy of the document, so the main thread never parses for the index
   * (a parse after an edit that leaves a bracket open takes up to 100 ms on a 5,000-line file).
   */
  indexDocument(uri: string, offThread = true): void {
    const located = this.uris.locate(this.indexes, uri);
    const entry = this.deps.documents.get(uri);
    if (!located || !entry || !isSourcePath(located.file)) return;
    const { index, file } = located;
    const text = entry.document.getText();
    const plan = index.plan(file, text);
    const records = offThread ? this.deps.records : undefined;
    if (plan.kind !== 'parse') index.settle(file, plan);
    else if (records) {
      this.indexOffThread(records, { uri, index, file, version: entry.document.version, hash: plan.hash }).catch((error: unknown) =>
        this.deps.logger.warn(`could not index ${file}: ${(error as Error).message}`),
      );
      return;
    } else {
      index.store(parseFileRecord({ path: file, text, hash: plan.hash, language: plan.language, tree: entry.tree, mtimeMs: Date.now() }));
    }
    rerankSoon(index, file, this.deps.logger, () => this.deps.documents.get(uri)?.document.getText());
    this.saver.schedule(index);
  }

  private async indexOffThread(records: OffThreadRecords, input: { uri: string; index: WorkspaceIndex; file: string; version: number; hash: string }): Promise<void> {
    const { uri, index, file } = input;
    const answer = await records.record({ uri, version: input.version, path: file, hash: input.hash, mtimeMs: Date.now() });
    // Edited since (its settle timer indexes it again), closed (the disk is the truth again), or its folder closed.
    if (answer === 'stale' || !this.deps.documents.get(uri) || !this.indexes.includes(index)) return;
    // No worker to answer (it stopped): this thread parses, as it did before there was one.
    if (answer === undefined) return this.indexDocument(uri, false);
    index.store(answer.record);
    rerankSoon(index, file, this.deps.logger, () => this.deps.documents.get(uri)?.document.getText());
    this.saver.schedule(index);
  }

  /** Closed without saving: the file on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    clearTimeout(this.settle.get(uri));
    this.settle.delete(uri);
    await this.fileChanged(uri, 'changed', 'closed');
  }

  /** A change on disk, as the editor saw it (workspace/didChangeWatchedFiles) unless `source` says otherwise. */
  async fileChanged(uri: string, kind: FileChangeKind, source: FileChangeSource = 'watcher'): Promise<void> {
    const located = this.uris.locate(this.indexes, uri);
    if (!located) return;
    const { index, file } = located;
    if (isManifest(file)) {
      const skipped = await index.manifestChanged(file);
      for (const manifest of skipped) this.deps.logger.info(`skipped ${manifest.path} in ${index.root}: ${manifest.reason}`);
      this.provider.clear();
      return;
    }
    const order = this.diskEvents.get(index) ?? new DiskEventOrder();
    this.diskEvents.set(index, order);
    if (isListingRules(file)) return this.relister.soon(index);
    if (isToolingMarker(file)) {
      toolingMarkerChanged(index, file, kind !== 'deleted');
      this.saver.schedule(index);
      return;
    }
    if (!isSourcePath(file)) {
      // A deleted folder comes as one event for the folder: forget everything indexed under it.
      if (kind === 'deleted') {
        order.folderDeleted(file);
        for (const record of [...index.records()]) if (record.path.startsWith(`${file}/`)) index.remove(record.path);
        this.recent.forget(file);
        this.saver.schedule(index);
      }
      return;
    }
    if (kind === 'deleted') {
      order.deleted(file);
      index.remove(file);
      this.recent.forget(file);
    } else if (!this.deps.documents.get(uri)) {
      // An open document's unsaved text wins over the disk until it is closed.
      const stored = await readChanged({
        index,
        file,
        source,
        order,
        maxBytes: this.deps.settings().context.maxFileBytes,
        parser: this.deps.parser,
        logger: this.deps.logger,
        overtaken: () => this.deps.documents.get(uri) !== undefined || !this.indexes.includes(index),
      });
      if (stored === undefined) return;
      if (stored === 'removed') this.recent.forget(file);
    }
    rerankSoon(index, file, this.deps.logger);
    this.saver.schedule(index);
  }

  /** Stops indexing and writes the caches. */
  async dispose(): Promise<void> {
    for (const build of this.builds.values()) build.abort();
    for (const timer of this.settle.values()) clearTimeout(timer);
    this.relister.dispose();
    // A build under way stops at its next step (dispose's flush writes what it changed): nothing of it lands after.
    await this.ready.catch(() => []);
    await this.saver.flush();
  }
}
