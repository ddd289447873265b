import type { Localization } from '../../server/task/types.js';
import type { LocalizationTask } from './dataset.js';

/** What one method scored on one task. */
export interface TaskScore {
  /** Every truth file in the top k files. */
  fileAcc: Record<1 | 3 | 5, boolean>;
  /** Share of truth files in the top k files. */
  fileRecall: Record<5 | 10, number>;
  /** Share of truth declarations (file and name) in the top k declarations. */
  declarationRecall: Record<5 | 10 | 20, number>;
  /** 1 / rank of the first truth file (0 when none is listed). */
  fileRR: number;
  /** 1 / rank of the first truth declaration. */
  declarationRR: number;
}

/** Scores a localization against a task's ground truth. */
export function scoreTask(task: LocalizationTask, result: Localization): TaskScore {
  const truthFiles = new Set(task.files);
  const files = result.files.map((file) => file.path);
  const truthDeclarations = new Set(task.declarations.map((d) => `${d.file}\0${d.name}`));
  const declarations = result.declarations.map((d) => `${d.path}\0${d.name}`);
  const filesIn = (k: number) => files.slice(0, k).filter((path) => truthFiles.has(path)).length;
  const declarationsIn = (k: number) => new Set(declarations.slice(0, k).filter((key) => truthDeclarations.has(key))).size;
  const firstFile = files.findIndex((path) => truthFiles.has(path));
  const firstDeclaration = declarations.findIndex((key) => truthDeclarations.has(key));
  const share = (found: number, of: number) => (of === 0 ? 0 : found / of);
  return {
    fileAcc: { 1: filesIn(1) === truthFiles.size, 3: filesIn(3) === truthFiles.size, 5: filesIn(5) === truthFiles.size },
    fileRecall: { 5: share(filesIn(5), truthFiles.size), 10: share(filesIn(10), truthFiles.size) },
    declarationRecall: {
      5: share(declarationsIn(5), truthDeclarations.size),
      10: share(declarationsIn(10), truthDeclarations.size),
      20: share(declarationsIn(20), truthDeclarations.size),
    },
    fileRR: firstFile < 0 ? 0 : 1 / (firstFile + 1),
    declarationRR: firstDeclaration < 0 ? 0 : 1 / (firstDeclaration + 1),
  };
}

/** Averages over a set of tasks, in percent (MRR as a fraction), two decimals. */
export interface Summary {
  tasks: number;
  fileAcc1: number;
  fileAcc3: number;
  fileAcc5: number;
  fileRecall5: number;
  fileRecall10: number;
  declarationRecall5: number;
  declarationRecall10: number;
  declarationRecall20: number;
  fileMRR: number;
  declarationMRR: number;
}

/** The mean of each metric over `scores`. */
export function summarize(scores: readonly TaskScore[]): Summary {
  const mean = (pick: (score: TaskScore) => number | boolean) => (scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + Number(pick(s)), 0) / scores.length);
  const percent = (value: number) => Math.round(value * 10000) / 100;
  const fraction = (value: number) => Math.round(value * 1000) / 1000;
  return {
    tasks: scores.length,
    fileAcc1: percent(mean((s) => s.fileAcc[1])),
    fileAcc3: percent(mean((s) => s.fileAcc[3])),
    fileAcc5: percent(mean((s) => s.fileAcc[5])),
    fileRecall5: percent(mean((s) => s.fileRecall[5])),
    fileRecall10: percent(mean((s) => s.fileRecall[10])),
    declarationRecall5: percent(mean((s) => s.declarationRecall[5])),
    declarationRecall10: percent(mean((s) => s.declarationRecall[10])),
    declarationRecall20: percent(mean((s) => s.declarationRecall[20])),
    fileMRR: fraction(mean((s) => s.fileRR)),
    declarationMRR: fraction(mean((s) => s.declarationRR)),
  };
}
