import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Settings } from '../config/schema.js';
import type { Logger } from '../util/logger.js';
import { listWorkspaceFiles, type ListOptions } from './index/workspace-files.js';
import type { WorkspaceIndex } from './index/workspace-index.js';

/** Files whose change can change what a listing holds: git's ignore rules, and the submodules it lists as one path each. */
export const LISTING_RULE_FILES: readonly string[] = ['.gitignore', '.gitmodules'];
const LISTING_RULES = new Set(LISTING_RULE_FILES);

/** A burst of such changes (a branch checked out) is followed once, this long after the last. */
const RELIST_DELAY_MS = 500;

/** Files newly listed are read this many at a time (a folder unignored at once may hold thousands). */
const READS_AT_ONCE = 16;

/** Whether a workspace-relative path is a file of ignore rules (`.gitignore`, at any depth). */
export function isListingRules(path: string): boolean {
  return LISTING_RULES.has(basename(path));
}

/** What a listing of a workspace folder takes from the settings. */
export function listOptions(settings: Settings): ListOptions {
  const { maxFileBytes, maxFiles, exclude } = settings.context;
  return { maxFileBytes, maxFiles, exclude };
}

export interface RelistDeps {
  settings: () => Settings;
  /** The documents open in the editor: their text is the truth while open, wherever they lie. */
  documents: { get(uri: string): unknown };
  /** A file a listing newly holds: read it as a change the listing saw. */
  read: (uri: string) => Promise<void>;
  /** A file dropped from the index (workspace-relative). */
  forget: (path: string) => void;
  /** Files were dropped from `index`: its cache is to be written. */
  changed: (index: WorkspaceIndex) => void;
  logger: Logger;
}

/**
 * Brings an index in line with a fresh listing of its folder when what decides the listing changed (a `.gitignore`
 * edited, the user's `context.exclude`): files it no longer lists are dropped unless open in the editor, files it
 * newly lists are read. The build alone would otherwise decide until the server restarts.
 */
export class Relister {
  private readonly timers = new Map<WorkspaceIndex, NodeJS.Timeout>();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RelistDeps) {}

  /** Relists `index` soon (once for a burst); a run under way finishes first. */
  soon(index: WorkspaceIndex): void {
    clearTimeout(this.timers.get(index));
    const timer = setTimeout(() => {
      this.timers.delete(index);
      this.running = this.running
        .then(async () => void (await this.now(index)))
        .catch((error: unknown) => this.deps.logger.warn(`could not list ${index.root} again: ${(error as Error).message}`));
    }, RELIST_DELAY_MS);
    timer.unref();
    this.timers.set(index, timer);
  }

  /**
   * The settings changed: files `context.exclude` now names go at once (they must never be sent), and a listing soon
   * brings back those it no longer names. Whether any went.
   */
  exclusionsChanged(index: WorkspaceIndex): boolean {
    const excluded = [...index.records()].filter((record) => index.exclusion(record.path) !== undefined);
    for (const { path } of excluded) {
      index.remove(path);
      this.deps.forget(path);
    }
    this.soon(index);
    return excluded.length > 0;
  }

  /** Relists `index` now; resolves when every file it newly lists has been read. */
  async now(index: WorkspaceIndex): Promise<{ dropped: number; read: number }> {
    if (!index.ready) return { dropped: 0, read: 0 };
    const listing = await listWorkspaceFiles(index.root, listOptions(this.deps.settings()));
    const uriOf = (path: string) => pathToFileURL(join(index.root, path)).href;
    index.leftOut.remember(listing);
    const listed = new Set(listing.files.map((file) => file.relative));
    const dropped = [...index.records()].map((record) => record.path).filter((path) => !listed.has(path) && this.deps.documents.get(uriOf(path)) === undefined);
    for (const path of dropped) {
      index.remove(path);
      this.deps.forget(path);
    }
    if (dropped.length > 0) this.deps.changed(index);
    const fresh = [...listed].filter((path) => !index.hasFile(path));
    for (let start = 0; start < fresh.length; start += READS_AT_ONCE) await Promise.all(fresh.slice(start, start + READS_AT_ONCE).map((path) => this.deps.read(uriOf(path))));
    if (dropped.length + fresh.length > 0) this.deps.logger.info(`listed ${index.root} again: ${dropped.length} file(s) dropped, ${fresh.length} read`);
    return { dropped: dropped.length, read: fresh.length };
  }

  /** The runs not begun yet are not begun. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
