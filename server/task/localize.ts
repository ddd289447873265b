import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { raiseBarrels } from './localize/companions.js';
import { localizationModel, type LocalizationModel } from './localize/model.js';
import { personalizedPageRank } from './localize/propagate.js';
import { rankDeclarations, rankFiles, scoreNodes } from './localize/results.js';
import { taskSeeds } from './localize/seeds.js';
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
}

/**
 * Ranks the declarations and files a task most likely changes, without a model. The task's words
 * (identifiers split, lightly stemmed, filler dropped) score every declaration by BM25 over its
 * name, signature, doc comment, callees and file name; names and file names the task spells out
 * count extra. Those scores seed a personalized PageRank over the call graph, classes, imports,
 * tests and folders, so what the matches call, contain or test ranks too. A pure function of the
 * index: the same index and task give the same answer.
 */
export function locateTask({ index, task, limit = 20, fileLimit = limit, tuning: overrides }: LocateOptions): Localization {
  return locateWithModel({ model: localizationModel(index), task, limit, fileLimit, tuning: overrides });
}

/** locateTask over a model already built (the benchmark builds variants of it to tune field weights). */
export function locateWithModel({
  model,
  task,
  limit,
  fileLimit,
  tuning: overrides,
}: {
  model: LocalizationModel;
  task: string;
  limit: number;
  fileLimit: number;
  tuning?: Partial<Tuning>;
}): Localization {
  const tuning = { ...DEFAULT_TUNING, ...overrides };
  const seeds = taskSeeds(model, task, tuning);
  if (seeds.weights.size === 0) return { task, files: [], declarations: [] };
  const rank = personalizedPageRank(model.graph, seeds.weights, { damping: tuning.damping });
  const scored = scoreNodes(model, rank, tuning);
  const barrels = raiseBarrels(model.graph, scored.files, task);
  const files = rankFiles(model, scored, rank, seeds, fileLimit);
  for (const file of files) {
    const passedOn = barrels.get(file.path);
    if (passedOn) file.why = `it re-exports ${passedOn}, and the task is about exports`;
  }
  return {
    task,
    files,
    declarations: rankDeclarations(model, scored, rank, seeds, limit),
  };
}
