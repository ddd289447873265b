import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { raiseBarrels } from './localize/companions.js';
import { localizationModel, localizationModelSteps, type LocalizationModel } from './localize/model.js';
import { pageRankSteps } from './localize/propagate.js';
import { runSteps, type Steps } from '../util/steps.js';
import { rankDeclarationSteps, rankFileSteps, scoreNodeSteps } from './localize/results.js';
import { taskSeedSteps } from './localize/seeds.js';
import type { SemanticSeeds } from './localize/semantic.js';
import { DEFAULT_TUNING, type Tuning } from './localize/tuning.js';
import type { Localization } from './types.js';

export { locateByBm25 } from './localize/baseline.js';

export interface LocateOptions {
  index: WorkspaceIndex;
  task: string;
  /** How many declarations to return, best first. */
  limit?: number;
  /** How many files to return, best first (default: `limit`). */
  fileLimit?: number;
  /** Overrides of the ranking's knobs, for the benchmark's ablations. */
  tuning?: Partial<Tuning>;
  /** The index's model, when the caller built it already (in slices: see localizationModelSteps). */
  model?: LocalizationModel;
  /** Declarations an embedding model found close to the task (task/semantic-seeds.ts): more seeds of the walk. */
  semantic?: SemanticSeeds;
}

/**
 * Ranks the declarations and files a task most likely changes, without a model. The task's words
 * (identifiers split, lightly stemmed, filler dropped) score every declaration by BM25 over its
 * name, signature, doc comment, callees and file name; names and file names the task spells out
 * count extra. Those scores seed a personalized PageRank over the call graph, classes, imports,
 * tests and folders, so what the matches call, contain or test ranks too. A pure function of the
 * index: the same index and task give the same answer.
 */
export function locateTask({ index, task, limit = 20, fileLimit = limit, tuning: overrides, model, semantic }: LocateOptions): Localization {
  return locateWithModel({ model: model ?? localizationModel(index), task, limit, fileLimit, tuning: overrides, semantic });
}

/**
 * locateTask in steps, for the language server to run in slices: the model's build (localizationModelSteps), then
 * the query, a step per sweep of the walk (0.2-0.4 s in all on the Go standard library).
 */
export function* locateSteps({ index, task, limit = 20, fileLimit = limit, tuning, model, semantic }: LocateOptions): Steps<Localization> {
  return yield* locateWithModelSteps({ model: model ?? (yield* localizationModelSteps(index)), task, limit, fileLimit, tuning, semantic });
}

interface ModelQuery {
  model: LocalizationModel;
  task: string;
  limit: number;
  fileLimit: number;
  tuning?: Partial<Tuning>;
  semantic?: SemanticSeeds;
}

/** locateTask over a model already built (the benchmark builds variants of it to tune field weights). */
export function locateWithModel(query: ModelQuery): Localization {
  return runSteps(locateWithModelSteps(query));
}

function* locateWithModelSteps({ model, task, limit, fileLimit, tuning: overrides, semantic }: ModelQuery): Steps<Localization> {
  const tuning = { ...DEFAULT_TUNING, ...overrides };
  const seeds = yield* taskSeedSteps(model, task, tuning, semantic);
  if (seeds.weights.size === 0) return { task, files: [], declarations: [] };
  yield;
  const rank = yield* pageRankSteps(model.graph, seeds.weights, { damping: tuning.damping });
  const scored = yield* scoreNodeSteps(model, rank, tuning);
  const barrels = raiseBarrels(model.graph, scored.files, task);
  yield;
  const files = yield* rankFileSteps(model, scored, rank, seeds, fileLimit);
  for (const file of files) {
    const passedOn = barrels.get(file.path);
    if (passedOn) file.why = `it re-exports ${passedOn}, and the task is about exports`;
  }
  return {
    task,
    files,
    declarations: yield* rankDeclarationSteps(model, scored, rank, seeds, limit),
  };
}
