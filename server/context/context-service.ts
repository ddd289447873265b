import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import type { Logger } from '../util/logger.js';
import { ManifestReader } from './manifests.js';
import { cacheDirectory, loadIndexCache, saveIndexCache } from './persist.js';
import { RepositoryContextProvider } from './repository-context.js';
import { warmRankings, warmRankingsFor } from './sources/imported-api.js';
import { RecentRegions } from './sources/recent.js';
import { isSourcePath, type SkippedFile } from './workspace-files.js';
import { WorkspaceIndex, type BuildReport } from './workspace-index.js';

/** Reports indexing progress to the editor ($/progress); absent when the client cannot show it. */
export interface ProgressSink {
  report(percentage: number, message: string): void;
  done(): void;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface ContextServiceDeps {
  languages: LanguageRegistry;
  documents: DocumentStore;
  settings: () => Settings;
  logger: Logger;
}

/** Open documents are re-indexed this long after the last keystroke, not on every one. */
const EDIT_SETTLE_MS = 300;
const SAVE_DELAY_MS = 10_000;

/**
 * Owns the workspace indexes and keeps them current: builds them in the background on start
 * (from the on-disk cache when it can), then follows edits, saves and file-system changes.
 */
export class ContextService {
  readonly recent = new RecentRegions();
  readonly provider: RepositoryContextProvider;
  private indexes: WorkspaceIndex[] = [];
  private readonly settle = new Map<string, NodeJS.Timeout>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly building = new AbortController();
  /** Resolves once every folder has been indexed once (tests and the benchmark wait for it). */
  ready: Promise<BuildReport[]> = Promise.resolve([]);

  constructor(private readonly deps: ContextServiceDeps) {
    this.provider = new RepositoryContextProvider({ indexes: () => this.indexes, documents: deps.documents, recent: this.recent, settings: deps.settings, logger: deps.logger });
  }

  /** Whether indexing has been started (it is started once per server). */
  get started(): boolean {
    return this.indexes.length > 0;
  }

  /** Indexes the workspace folders (absolute paths) in the background; a second call returns the first one's result. */
  start(folders: readonly string[], progress?: () => Promise<ProgressSink | undefined>): Promise<BuildReport[]> {
    if (this.started) return this.ready;
    const limits = () => {
      const { maxFileBytes, maxFiles, exclude } = this.deps.settings().context;
      return { maxFileBytes, maxFiles, exclude };
    };
    this.indexes = folders.map((root) => new WorkspaceIndex(root, this.deps.languages, limits));
    this.ready = this.buildAll(progress);
    return this.ready;
  }

  private async buildAll(progress?: () => Promise<ProgressSink | undefined>): Promise<BuildReport[]> {
    const sink = await progress?.().catch(() => undefined);
    const reports: BuildReport[] = [];
    try {
      for (const [i, index] of this.indexes.entries()) {
        const progress = (done: number, total: number) =>
          sink?.report(Math.floor(((i + done / Math.max(1, total)) / this.indexes.length) * 100), `${index.name}: ${done}/${total} files`);
        try {
          reports.push(await this.buildOne(index, progress));
        } catch (error) {
          // One folder that cannot be indexed (gone, unreadable) must not stop the others.
          this.deps.logger.warn(`could not index ${index.root}: ${(error as Error).message}`);
        }
      }
    } finally {
      sink?.done();
    }
    return reports;
  }

  private async buildOne(index: WorkspaceIndex, progress: (done: number, total: number) => void): Promise<BuildReport> {
    const started = performance.now();
    const cached = await loadIndexCache(cacheDirectory(this.deps.settings().context.cacheDir), index.root);
    const report = await index.build({ cached, signal: this.building.signal, progress });
    await warmRankings(index);
    report.durationMs = performance.now() - started;
    this.deps.logger.info(describeReport(index, report));
    for (const entry of this.deps.documents.all()) this.indexDocument(entry.uri);
    await this.save(index);
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
    this.scheduleSave();
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
    if (ManifestReader.isManifest(file)) {
      index.manifests.invalidate();
      index.resolver.clear();
      index.generation++;
      this.provider.clear();
      return;
    }
    if (!isSourcePath(file)) {
      // A deleted folder comes as one event for the folder: forget everything indexed under it.
      if (kind === 'deleted') {
        for (const record of [...index.records()]) if (record.path.startsWith(`${file}/`)) index.remove(record.path);
        this.recent.forget(file);
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
    this.scheduleSave();
  }

  /** Stops indexing and writes the caches. */
  async dispose(): Promise<void> {
    this.building.abort();
    for (const timer of this.settle.values()) clearTimeout(timer);
    clearTimeout(this.saveTimer);
    await this.saveAll();
  }

  /** Re-ranks what an update made stale right away, so the next completion does not pay for it. */
  private rerank(index: WorkspaceIndex, file: string): void {
    setImmediate(() => warmRankingsFor(index, file));
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveAll().catch(() => undefined);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private async saveAll(): Promise<void> {
    for (const index of this.indexes) if (index.ready) await this.save(index);
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
    for (const index of this.indexes) {
      const file = index.relativePath(uri);
      if (file !== undefined) return { index, file };
    }
    return undefined;
  }
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
