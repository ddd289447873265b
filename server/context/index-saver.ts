import type { Settings } from '../config/schema.js';
import type { Logger } from '../util/logger.js';
import { cacheDirectory, saveIndexCache } from './index/persist.js';
import type { WorkspaceIndex } from './index/workspace-index.js';

const SAVE_DELAY_MS = 10_000;

/**
 * Writes the index caches of the indexes that changed: a while after the last change (so typing does not
 * write on every pause), when indexing finishes, when a folder closes and on shutdown. Writes run one after
 * another, so two never write the same cache file at once.
 */
export class IndexSaver {
  private timer: NodeJS.Timeout | undefined;
  /** Indexes changed since their cache was last written; only these are written again. */
  private readonly unsaved = new Set<WorkspaceIndex>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { indexes: () => readonly WorkspaceIndex[]; settings: () => Settings; logger: Logger }) {}

  /** Marks an index as changed, to be written with the next save. */
  changed(index: WorkspaceIndex): void {
    this.unsaved.add(index);
  }

  /** Marks an index as changed and writes it a while later (once for a burst of changes). */
  schedule(changed: WorkspaceIndex): void {
    this.unsaved.add(changed);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveAll().catch(() => undefined);
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes every ready index that changed. */
  async saveAll(): Promise<void> {
    for (const index of this.deps.indexes()) {
      if (!index.ready || !this.unsaved.delete(index)) continue;
      await this.save(index);
    }
  }

  /** Writes one index now if it changed (a folder being closed: it leaves the list `saveAll` walks). */
  saveIfChanged(index: WorkspaceIndex): Promise<void> {
    return this.unsaved.delete(index) ? this.save(index) : Promise.resolve();
  }

  /** Stops the pending timer and writes what changed. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.saveAll();
  }

  private save(index: WorkspaceIndex): Promise<void> {
    const cacheDir = cacheDirectory(this.deps.settings().context.cacheDir);
    this.saving = this.saving.then(() =>
      saveIndexCache(cacheDir, index.root, index.records()).catch((error: unknown) =>
        this.deps.logger.warn(`could not save the index cache for ${index.root}: ${(error as Error).message}`),
      ),
    );
    return this.saving;
  }
}
