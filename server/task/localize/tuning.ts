/**
 * The knobs of localization, in one place so the benchmark can run ablations (propagation off,
 * no name matches) over the same index. Defaults were chosen on the stable-release tasks of the
 * rxjs localization set; the pre-release tasks were held out. The caller boost, the length prior
 * and the file share were chosen on half A of the tasks (split by id hash) and checked on half B.
 */
export interface Tuning {
  /** Probability of following an edge rather than jumping back to a seed; 0 turns propagation off. */
  damping: number;
  /** How many lexical hits seed the walk: more only spreads the start over noise. */
  maxLexicalSeeds: number;
  /** BM25 scores are raised to this power after scaling to 0…1, so the best hits dominate the start. */
  sharpen: number;
  /** A declaration the task spells out weighs this much beside the best BM25 hit's 1. */
  nameBoost: number;
  /** A file the task spells out weighs this much. */
  pathBoost: number;
  /**
   * Ranks are divided by (1 + in-degree) to this power: a hub every file imports collects rank
   * from any start and would top every vague task otherwise.
   */
  hubPenalty: number;
  /** How many files the whole-file BM25 seeds (20 until codeless declarations weighed less; 40 since, on both halves). */
  maxFileSeeds: number;
  /** The best whole-file BM25 hit weighs this much beside the best declaration hit's 1. */
  fileLexicalWeight: number;
  /** A file's score adds this share of its next best declarations' scores to its best one's. */
  nextDeclarationsShare: number;
  /** A declaration's score adds this share of its file's score, so declarations follow their files. */
  fileShare: number;
  /** Words about the change rather than the code ("remove", "simplify", "typings") count this much of a word. */
  changeWordWeight: number;
  /** When a task removes or replaces a use of something it names, each caller of that thing weighs this much (over √callers). */
  callerBoost: number;
  /** A code word the task spells longer or shorter ("configuration" for `config`) counts this much of the task's word; 0 turns it off. */
  abbreviationWeight: number;
  /** File scores are multiplied by (length / average length) to this power: larger files change more often. */
  fileSizePrior: number;
  /** The same for declarations. */
  declarationSizePrior: number;
  /**
   * Declarations that hold no code (classes, interfaces, type aliases, enums, variables that call
   * nothing) weigh this much beside functions and methods, as declarations and in their file's score.
   */
  codelessWeight: number;
  /** The files of a folder a task's scope names weigh this share of a named file's `pathBoost`, over √(files). */
  scopeFolderBoost: number;
  /**
   * The declaration an embedding model finds closest to the task weighs this much beside the best BM25 hit's 1
   * (only with task.embeddingsModel set; not tuned: no embedding model runs where the benchmark does).
   */
  semanticWeight: number;
}

export const DEFAULT_TUNING: Tuning = {
  damping: 0.5,
  maxLexicalSeeds: 60,
  sharpen: 2,
  nameBoost: 1.5,
  pathBoost: 1.5,
  hubPenalty: 0,
  maxFileSeeds: 40,
  fileLexicalWeight: 2,
  nextDeclarationsShare: 0.25,
  fileShare: 0.1,
  changeWordWeight: 0.5,
  callerBoost: 1.5,
  abbreviationWeight: 0.5,
  fileSizePrior: 0,
  declarationSizePrior: 0.25,
  codelessWeight: 0.6,
  scopeFolderBoost: 1,
  semanticWeight: 1,
};
