import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Logger } from '../util/logger.js';
import type { FileChangeKind } from './context-service.js';
import { listWorkspaceFiles, type ListOptions } from './index/workspace-files.js';

/** A look at the folder waits at least this many times as long as the last one took (a large tree costs a few hundred ms). */
const LOOK_SHARE = 40;

/** How long the next look waits: an interval, or longer after a costly look, so looking takes at most a fortieth of the time. */
export function nextLookDelay(intervalMs: number, lastLookMs: number): number {
  return Math.max(intervalMs, LOOK_SHARE * lastLookMs);
}

export interface PollWatcherOptions {
  root: string;
  limits: () => ListOptions;
  /** Told about each file created, changed or deleted since the previous look. */
  changed: (uri: string, kind: FileChangeKind) => Promise<void>;
  intervalMs: number;
  /** Whether now is a moment to list (nobody typing); when not, the look waits for the next interval. */
  quiet?: () => boolean;
  logger: Logger;
}

/**
 * Keeps an index current without an editor telling it what changed: lists the workspace now and
 * then (git ls-files, or the walk that honours .gitignore) and compares sizes and mtimes. Node 20's
 * recursive fs.watch works on Linux, but it sets up a watcher for every file and folder under the
 * root, node_modules included, where this costs one listing per interval and sees only what the
 * index would hold.
 */
export class PollWatcher {
  private seen = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PollWatcherOptions) {}

  /** Takes the current listing as the baseline, then looks again every interval. */
  async start(): Promise<void> {
    this.seen = await this.list();
    this.schedule();
  }

  /** One comparison now (tests, and the interval); resolves when the index has been told. */
  async poll(): Promise<number> {
    const next = await this.list();
    const changes: Array<[string, FileChangeKind]> = [];
    for (const [path, stamp] of next) {
      const before = this.seen.get(path);
      if (before !== stamp) changes.push([path, before === undefined ? 'created' : 'changed']);
    }
    for (const path of this.seen.keys()) if (!next.has(path)) changes.push([path, 'deleted']);
    this.seen = next;
    for (const [path, kind] of changes) {
      await this.options
        .changed(pathToFileURL(join(this.options.root, path)).toString(), kind)
        .catch((error: unknown) => this.options.logger.warn(`could not re-index ${path}: ${(error as Error).message}`));
    }
    if (changes.length > 0) this.options.logger.info(`re-indexed ${changes.length} changed file${changes.length === 1 ? '' : 's'}`);
    return changes.length;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next look (see nextLookDelay), put off while the user types. */
  private schedule(lastLookMs = 0): void {
    this.timer = setTimeout(
      () => {
        if (this.options.quiet?.() === false) return this.schedule(lastLookMs);
        const started = performance.now();
        this.running = this.poll().then(
          () => undefined,
          (error: unknown) => this.options.logger.warn(`could not look for changed files: ${(error as Error).message}`),
        );
        void this.running.finally(() => {
          if (this.timer) this.schedule(performance.now() - started);
        });
      },
      nextLookDelay(this.options.intervalMs, lastLookMs),
    );
    this.timer.unref();
  }

  private async list(): Promise<Map<string, string>> {
    const listing = await listWorkspaceFiles(this.options.root, this.options.limits());
    return new Map(listing.files.map((file) => [file.relative, `${file.mtimeMs}:${file.size}`]));
  }
}
