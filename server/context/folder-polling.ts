import type { Settings } from '../config/schema.js';
import type { Logger } from '../util/logger.js';
import type { ContextService, FileChangeKind } from './context-service.js';
import { PollWatcher } from './poll-watcher.js';
import { listOptions } from './relist.js';

/** How often each folder is listed, when nobody is typing. */
export const FOLDER_POLL_MS = 3000;

/** Typing within this long makes a look wait: the keystroke path has the thread to itself. */
const TYPING_PAUSE_MS = 2000;

export interface FolderPollingDeps {
  service: ContextService;
  settings: () => Settings;
  /** When a document last changed (performance.now()). */
  lastChangeAt: () => number;
  logger: Logger;
  intervalMs?: number;
}

/**
 * For an editor that cannot watch files for the server (Neovim on Linux, where it turns the capability off, Neovim
 * before 0.9, older Helix): each indexed folder is listed now and then, in pauses between keystrokes, and the index is
 * told what was created, changed or deleted on disk (a `git pull`, a branch checked out, generated code). Without it
 * the index would stay as it was built until the server restarts.
 */
export class FolderPolling {
  private readonly watchers = new Map<string, PollWatcher>();

  constructor(private readonly deps: FolderPollingDeps) {}

  /**
   * One watcher per indexed folder: started (from a listing now, which may be while its index is built: what changes
   * after it is found by the first look) for folders opened since, stopped for those closed.
   */
  async follow(): Promise<void> {
    const roots = this.deps.service.indexedRoots();
    for (const [root, watcher] of this.watchers) {
      if (roots.includes(root)) continue;
      watcher.dispose();
      this.watchers.delete(root);
    }
    const { service, settings, logger } = this.deps;
    const typingPaused = () => performance.now() - this.deps.lastChangeAt() > TYPING_PAUSE_MS;
    const starting = roots
      .filter((root) => !this.watchers.has(root))
      .map((root) => {
        const changed = (uri: string, kind: FileChangeKind) => service.fileChanged(uri, kind, 'listing');
        // The first listing (the baseline) is taken now, while the build may still run; looks wait for it to end.
        const quiet = () => typingPaused() && service.indexedRoots(true).includes(root);
        const watcher = new PollWatcher({ root, limits: () => listOptions(settings()), changed, intervalMs: this.deps.intervalMs ?? FOLDER_POLL_MS, quiet, logger });
        this.watchers.set(root, watcher);
        return watcher.start();
      });
    await Promise.all(starting);
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
  }
}
