import type { Logger } from '../util/logger.js';
import { runStepsInSlices } from '../util/steps.js';
import { collectYoungWhileIdle } from '../util/young-generation.js';
import type { BuildReport, RecordParser } from './index/build-types.js';
import { cacheDirectory, loadIndexCache } from './index/persist.js';
import type { WorkspaceIndex } from './index/workspace-index.js';
import { rerankSteps, warmRankings } from './retrieval/sources/rankings-warm.js';

/**
 * Builds an index (from its on-disk cache in `cacheDir` where the records are current), then, with `warmUp`, ranks
 * its packages and indexes its BM25 chunks before anyone asks. Undefined when `signal` aborted meanwhile. `unsaved`:
 * the cache needs writing (a restart that found every record in it, and nothing more, has nothing to write).
 */
export async function buildWarm(
  index: WorkspaceIndex,
  options: { cacheDir: string; signal: AbortSignal; progress: (done: number, total: number) => void; parser?: RecordParser; warmUp: boolean },
): Promise<{ report: BuildReport; unsaved: boolean } | undefined> {
  const { signal } = options;
  const started = performance.now();
  const cached = await loadIndexCache(cacheDirectory(options.cacheDir), index.root);
  const report = await index.build({ cached, signal, progress: options.progress, parser: options.parser });
  if (signal.aborted) return undefined;
  if (options.warmUp) {
    await warmRankings(index);
    await index.warmSearch(signal);
  }
  if (signal.aborted) return undefined;
  report.durationMs = performance.now() - started;
  return { report, unsaved: !cached || report.fromCache !== report.indexed || cached.size !== report.indexed };
}

/**
 * Re-ranks what an update made stale right away, so the next completion does not pay for it: from the next turn,
 * in slices of a couple of milliseconds, so a request that comes meanwhile is not held up. `text`: the open
 * document's text then, if the file is open (see rerankSteps).
 */
export function rerankSoon(index: WorkspaceIndex, file: string, logger: Logger, text?: () => string | undefined): void {
  setImmediate(() => {
    runStepsInSlices(rerankSteps(index, file, text?.()))
      // The turn is done and the thread has nothing to do: the young generation is collected now if it is filling
      // up, rather than by the next gather's allocations, inside the gather (see collectYoungWhileIdle).
      .then(() => collectYoungWhileIdle())
      .catch((error: unknown) => logger.warn(`could not re-rank ${file}: ${(error as Error).message}`));
  });
}
