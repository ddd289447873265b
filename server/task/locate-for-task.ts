import { actionBackendSettings, createActionBackend } from '../actions/action-backend.js';
import type { Settings } from '../config/schema.js';
import { cacheDirectory } from '../context/index/persist.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { createBackend } from '../model/create-backend.js';
import { runStepsInSlices } from '../util/steps.js';
import { modelAsker } from './edit-stage.js';
import { locateSteps } from './localize.js';
import type { SemanticSeeds } from './localize/semantic.js';
import { locateCached } from './locate-cached.js';
import { rerankLocalization } from './rerank.js';
import { semanticSeeds } from './semantic-seeds.js';
import type { Localization } from './types.js';

/** The settings (under `task.`) that turn on a model pass of localization. */
export type ModelPass = 'embeddingsModel' | 'rerank';

/** A ranking is a short answer. */
const RERANK_TOKENS = 128;

export interface LocateForTaskOptions {
  index: WorkspaceIndex;
  task: string;
  limit: number;
  settings: Settings;
  /** Read and save the localization model in the on-disk cache (one-shot processes). */
  cacheModel?: boolean;
  signal: AbortSignal;
  /** A model pass that failed, with the setting that asked for it; the static ranking stands. */
  warn: (message: string, setting: ModelPass) => void;
}

/**
 * Localization as `ghostline task` runs it: the static ranking (locateTask), seeded also by the embedding
 * model's closest declarations when task.embeddingsModel is set, then reordered by the instruct model when
 * task.rerank is on. A model pass that fails is reported and skipped; cancelling stops the whole run.
 */
export async function locateForTask(options: LocateForTaskOptions): Promise<Localization> {
  const { index, task, limit, settings } = options;
  const semantic = settings.task.embeddingsModel ? await orWithout(options, 'embeddingsModel', () => embeddingSeeds(options)) : undefined;
  const locate = { index, task, limit, semantic };
  // The language server's index: its model is built in slices, the editor's requests answered between them.
  const located = options.cacheModel ? locateCached(locate, settings) : await runStepsInSlices(locateSteps(locate));
  if (!settings.task.rerank) return located;
  return (await orWithout(options, 'rerank', () => rerank(located, options))) ?? located;
}

function embeddingSeeds({ index, task, settings, signal, warn }: LocateForTaskOptions): Promise<SemanticSeeds> {
  const model = settings.task.embeddingsModel;
  const backend = createBackend({ ...actionBackendSettings(settings), name: model });
  return semanticSeeds({ index, task, backend, model, cacheDir: cacheDirectory(settings.context.cacheDir), signal, warn: (message) => warn(message, 'embeddingsModel') });
}

function rerank(localization: Localization, { index, settings, signal }: LocateForTaskOptions): Promise<Localization> {
  const ask = modelAsker(
    {
      backend: createActionBackend(settings),
      model: settings.actions.model,
      maxTokens: RERANK_TOKENS,
      temperature: 0,
      signal,
      maxReplyBytes: settings.actions.maxReplyBytes,
    },
    settings.actions.timeoutMs,
  );
  return rerankLocalization({ localization, declarationsOf: (path) => index.file(path)?.declarations, ask });
}

/** The pass's result, or undefined after saying why it failed; a cancelled run throws. */
async function orWithout<T>({ signal, warn }: LocateForTaskOptions, pass: ModelPass, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (signal.aborted) throw error;
    const what = pass === 'rerank' ? "the model's rerank" : 'the embedding model';
    warn(`localization went on without ${what}: ${(error as Error).message}`, pass);
    return undefined;
  }
}
