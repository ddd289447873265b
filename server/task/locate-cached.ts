import type { Settings } from '../config/schema.js';
import { cacheDirectory } from '../context/index/persist.js';
import { locateTask, type LocateOptions } from './localize.js';
import { loadModelCache, modelCacheFile, modelKey, saveModelCache } from './model-cache.js';

/**
 * `locateTask` for a command that runs once per process: the localization model comes from the
 * on-disk cache when it was built for exactly these files, and is written there when it was not,
 * so the next run skips building it. A cache that cannot be read or written only costs time.
 */
export function locateCached(options: LocateOptions, settings: Settings, warn: (message: string) => void = () => undefined) {
  const { index } = options;
  const file = modelCacheFile(cacheDirectory(settings.context.cacheDir), index.root);
  let key: string;
  try {
    key = modelKey(index);
  } catch (error) {
    warn(`could not key the localization model: ${(error as Error).message}`);
    return locateTask(options);
  }
  const loaded = loadModelCache(file, index, key);
  const localization = locateTask(options);
  if (!loaded) {
    try {
      saveModelCache(file, index, key);
    } catch (error) {
      warn(`could not save the localization model: ${(error as Error).message}`);
    }
  }
  return localization;
}
