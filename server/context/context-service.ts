import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isManifest } from '../syntax/modules.js';
import { cacheDirectory, loadIndexCache, saveIndexCache } from './index/persist.js';
import { RepositoryContextProvider } from './retrieval/repository-context.js';
import { warmRankings, warmRankingsFor } from './retrieval/sources/imported-api.js';
import { RecentRegions } from './retrieval/sources/recent.js';
import { isSourcePath, type SkippedFile } from './index/workspace-files.js';
import { locateFile, WorkspaceIndex, type BuildReport } from './index/workspace-index.js';

import type { ContextServiceDeps, FileChangeKind, ProgressFactory } from './service-types.js';

export type { ContextServiceDeps, FileChangeKind, ProgressFactory, ProgressSink } from './service-types.js';

/** Open documents are re-indexed this long after the last keystroke, not on every one. */
const EDIT_SETTLE_MS = 300;
const SAVE_DELAY_MS = 10_000;

/**
 * Owns the workspace indexes and keeps them current: builds them in the background on start
 * (from the on-disk cache when it can), then follows edits, saves, file-system changes and
 * workspace folders opened and closed in the editor.
 */
export class ContextService {
  readonly recent = new RecentRegions();
  readonly provider: RepositoryContextProvider;
  private indexes: WorkspaceIndex[] = [];
  /** The workspace folders the editor has open; one inside another is indexed as part of it. */
  private folders: string[] = [];
  /** One per index, so closing a folder stops its build alone; an index missing here was dropped. */
  private readonly builds = new Map<WorkspaceIndex, AbortController>();
  private progress: ProgressFactory | undefined;
  private begun = false;
  private readonly settle = new Map<string, NodeJS.Timeout>();
  private saveTimer: NodeJS.Timeout | undefined;
  /** Indexes changed since their cache was last written; only these are written again. */
  private readonly unsaved = new Set<WorkspaceIndex>();
  private saving: Promise<void> = Promise.resolve();
  /** Resolves once the latest batch of folders has been indexed (tests and the benchmark wait for it). */
  ready: Promise<BuildReport[]> = Promise.resolve([]);

  constructor(private readonly deps: ContextServiceDeps) {
    this.provider = new RepositoryContextProvider({ indexes: () => this.indexes, documents: deps.documents, recent: this.recent, settings: deps.settings, logger: deps.logger });
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
    const limits = () => {
      const { maxFileBytes, maxFiles, exclude } = this.deps.settings().context;
      return { maxFileBytes, maxFiles, exclude };
    };
    const batch = roots.map((root) => new WorkspaceIndex(root, this.deps.languages, limits));
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
    return complete && this.unsaved.delete(index) ? this.save(index) : Promise.resolve();
  }

  private async buildAll(batch: readonly WorkspaceIndex[]): Promise<BuildReport[]> {
    const live = batch.filter((index) => this.builds.has(index));
    if (live.length === 0) return [];
    const sink = await this.progress?.(live.map((index) => index.root)).catch(() => undefined);
    const reports: BuildReport[] = [];
    try {
      for (const [i, index] of live.entries()) {
        const progress = (done: number, total: number) =>
          sink?.report(Math.floor(((i + done / Math.max(1, total)) / live.length) * 100), `${index.name}: ${done}/${total} files`);
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
    const started = performance.now();
    const cached = await loadIndexCache(cacheDirectory(this.deps.settings().context.cacheDir), index.root);
    const report = await index.build({ cached, signal, progress });
    if (signal.aborted) return undefined;
    await warmRankings(index);
    if (signal.aborted) return undefined;
    report.durationMs = performance.now() - started;
    this.deps.logger.info(describeReport(index, report));
    // A restart that found every record in the cache, and nothing more, has nothing to write.
    if (!cached || report.fromCache !== report.indexed || cached.size !== report.indexed) this.unsaved.add(index);
    for (const entry of this.deps.documents.all()) this.indexDocument(entry.uri);
    await this.saveAll();
    return report;
  }

  /** Settings changed: forget packed contexts, and drop files that context.exclude now covers. */
  settingsChanged(): void {
    this.provider.clear();
    for (const index of this.indexes) {
      for (const record of [...index.records()]) {
        if (index.exclusion(record.path) !== undefined) {
          index.remove(record.path);
          this.recent.forget(record.path);
          this.unsaved.add(index);
        }
      }
    }
  }

  /** An open document changed: remember the edited region now, re-index it once typing settles. */
  documentChanged(uri: string, line: number): void {
    const located = this.locate(uri);
    const entry = this.deps.documents.get(uri);
    if (!located || !entry) return;
    if (located.index.exclusion(located.file) === undefined) this.recent.record(located.file, entry.document.getText(), line, 'edit');
    clearTimeout(this.settle.get(uri));
    this.settle.set(uri, setTimeout(() => {
      this.settle.delete(uri);
      this.indexDocument(uri);
    }, EDIT_SETTLE_MS));
  }

  /** Opened or saved: the editor's text is the truth for this file. */
  indexDocument(uri: string): void {
    const located = this.locate(uri);
    const entry = this.deps.documents.get(uri);
    if (!located || !entry || !isSourcePath(located.file)) return;
    const text = entry.document.getText();
    located.index.update(located.file, text, { tree: entry.tree });
    this.rerank(located.index, located.file);
    this.scheduleSave(located.index);
  }

  /** Closed without saving: the file on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    clearTimeout(this.settle.get(uri));
    this.settle.delete(uri);
    await this.fileChanged(uri, 'changed');
  }

  /** A change the editor saw on disk (workspace/didChangeWatchedFiles). */
  async fileChanged(uri: string, kind: FileChangeKind): Promise<void> {
    const located = this.locate(uri);
    if (!located) return;
    const { index, file } = located;
    if (isManifest(file)) {
      index.manifestChanged();
      this.provider.clear();
      return;
    }
    if (!isSourcePath(file)) {
      // A deleted folder comes as one event for the folder: forget everything indexed under it.
      if (kind === 'deleted') {
        for (const record of [...index.records()]) if (record.path.startsWith(`${file}/`)) index.remove(record.path);
        this.recent.forget(file);
        this.scheduleSave(index);
      }
      return;
    }
    if (kind === 'deleted') {
      index.remove(file);
      this.recent.forget(file);
    } else if (!this.deps.documents.get(uri)) {
      // An open document's unsaved text wins over the disk until it is closed.
      const text = await readFile(join(index.root, file), 'utf8').catch(() => undefined);
      if (text === undefined) {
        index.remove(file);
        this.recent.forget(file);
      } else {
        index.update(file, text);
      }
    }
    this.rerank(index, file);
    this.scheduleSave(index);
  }

  /** Stops indexing and writes the caches. */
  async dispose(): Promise<void> {
    for (const build of this.builds.values()) build.abort();
    for (const timer of this.settle.values()) clearTimeout(timer);
    clearTimeout(this.saveTimer);
    await this.saveAll();
  }

  /** Re-ranks what an update made stale right away, so the next completion does not pay for it. */
  private rerank(index: WorkspaceIndex, file: string): void {
    setImmediate(() => warmRankingsFor(index, file));
  }

  private scheduleSave(changed: WorkspaceIndex): void {
    this.unsaved.add(changed);
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveAll().catch(() => undefined);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private async saveAll(): Promise<void> {
    for (const index of this.indexes) {
      if (!index.ready || !this.unsaved.delete(index)) continue;
      await this.save(index);
    }
  }

  /** Saves run one after another, so two never write the same cache file at once. */
  private save(index: WorkspaceIndex): Promise<void> {
    const cacheDir = cacheDirectory(this.deps.settings().context.cacheDir);
    this.saving = this.saving.then(() =>
      saveIndexCache(cacheDir, index.root, index.records()).catch((error: unknown) =>
        this.deps.logger.warn(`could not save the index cache for ${index.root}: ${(error as Error).message}`),
      ),
    );
    return this.saving;
  }

  private locate(uri: string): { index: WorkspaceIndex; file: string } | undefined {
    return locateFile(this.indexes, uri);
  }
}

/** The folders not inside another of them. */
function outermost(folders: readonly string[]): string[] {
  return folders.filter((folder) => !folders.some((other) => other !== folder && contains(other, folder)));
}

/** Whether `path` is `folder` or lies inside it. */
function contains(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** One log line: how many files, how fast, and what was skipped and why. */
function describeReport(index: WorkspaceIndex, report: BuildReport): string {
  const reasons = new Map<string, SkippedFile[]>();
  for (const skipped of report.skipped) reasons.set(skipped.reason, [...(reasons.get(skipped.reason) ?? []), skipped]);
  const skipped = [...reasons.entries()].map(([reason, files]) => `${files.length} ${reason} (${files.slice(0, 3).map((f) => f.path).join(', ')}${files.length > 3 ? ', …' : ''})`);
  const errors = report.withSyntaxErrors > 0 ? `; ${report.withSyntaxErrors} with syntax errors indexed as far as they parse` : '';
  return `indexed ${report.indexed} files of ${index.root} in ${Math.round(report.durationMs)} ms (${report.fromCache} from cache, ${report.source})` +
    (skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '') + errors;
}
