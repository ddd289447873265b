import type { Settings } from '../config/schema.js';
import type { IndexLimits } from '../context/index/build-types.js';
import { cacheDirectory } from '../context/index/persist.js';
import { locateTask, locateWithModel, type LocateOptions } from './localize.js';
import { adoptStoredModel, modelCacheFile, modelKey, modelSalt, openModelCache, readModelCache, saveModelCache } from './model-cache.js';
import type { Localization } from './types.js';
import { listingDigest, manifestsUnchanged, type WorkspaceState } from './workspace-state.js';

/**
 * `locateTask` for a command that runs once per process: the localization model comes from the
 * on-disk cache when it was built for exactly these files, and is written there when it was not,
 * so the next run skips building it. `listing` (from {@link locateFromDisk}, taken before the
 * index was built) is saved with it, so the next run can skip the index too. A cache that cannot
 * be read or written only costs time.
 */
export function locateCached(options: LocateOptions, settings: Settings, warn: (message: string) => void = () => undefined, listing?: string): Localization {
  const { index } = options;
  const file = modelCacheFile(cacheDirectory(settings.context.cacheDir), index.root);
  let key: string;
  try {
    key = modelKey(index);
  } catch (error) {
    warn(`could not key the localization model: ${(error as Error).message}`);
    return locateTask(options);
  }
  const stored = readModelCache(file);
  const loaded = adoptStoredModel(stored, index, key);
  const localization = locateTask(options);
  // Saved again when only the listing or a manifest read late moved (a file touched, not changed), so the next run is quick again.
  const state: WorkspaceState | undefined = listing ? { listing, manifests: index.manifestPaths(), manifestDigest: index.manifestDigest() } : undefined;
  if (!loaded || (state && !sameState(stored?.state, state))) {
    try {
      saveModelCache(file, index, key, state);
    } catch (error) {
      warn(`could not save the localization model: ${(error as Error).message}`);
    }
  }
  return localization;
}

function sameState(saved: WorkspaceState | undefined, now: WorkspaceState): boolean {
  return saved?.listing === now.listing && saved.manifestDigest === now.manifestDigest && saved.manifests.join('\0') === now.manifests.join('\0');
}

/** The index limits the settings give: what the listing and the index must agree on. */
export function indexLimits(settings: Settings): IndexLimits {
  const { maxFileBytes, maxFiles, exclude } = settings.context;
  return { maxFileBytes, maxFiles, exclude };
}

/**
 * Locates from the saved model alone, without loading the workspace index, when the workspace's
 * listing and manifests are what they were when it was saved. Otherwise returns the listing
 * digest, for {@link locateCached} to save with the model it builds from a fresh index.
 */
export async function locateFromDisk(
  input: { root: string; task: string; limit: number; fileLimit: number },
  settings: Settings,
): Promise<{ localization: Localization } | { listing: string }> {
  const listing = await listingDigest(input.root, indexLimits(settings), modelSalt());
  const stored = openModelCache(modelCacheFile(cacheDirectory(settings.context.cacheDir), input.root));
  try {
    if (stored?.state?.listing !== listing || !(await manifestsUnchanged(input.root, stored.state))) return { listing };
    const model = stored.model();
    if (!model) return { listing };
    return { localization: locateWithModel({ model, task: input.task, limit: input.limit, fileLimit: input.fileLimit }) };
  } catch {
    return { listing }; // a damaged file answers nothing: the index does
  } finally {
    stored?.close();
  }
}
