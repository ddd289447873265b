import { createHash } from 'node:crypto';
import { loadIndexCache, saveIndexCache } from '../../server/context/index/persist.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { Settings } from '../../server/config/schema.js';
import { locateByBm25, locateTask } from '../../server/task/localize.js';
import { locateForTask } from '../../server/task/locate-for-task.js';
import type { Localization } from '../../server/task/types.js';
import { readTasks, rxjsPackageRoot, type LocalizationTask } from './dataset.js';
import { scoreTask, summarize, type Summary, type TaskScore } from './metrics.js';

/**
 * Ghostline's localizer; the same without propagation over the graph (an ablation); BM25 alone over the index's chunks;
 * and `model-passes`, localization as `ghostline task` runs it with the optional model passes its settings turn on
 * (task.embeddingsModel, task.rerank), which needs a model server and so is never among the defaults.
 */
export type Method = 'ghostline' | 'no-graph' | 'bm25' | 'model-passes';
/** The methods run when none are named: the ones that need no model. */
export const METHODS: readonly Method[] = ['ghostline', 'no-graph', 'bm25'];
export const ALL_METHODS: readonly Method[] = [...METHODS, 'model-passes'];

/** The splits figures are reported by: tuning (stable releases) and held out (pre-releases), and by leakage. */
export const SPLITS = {
  all: () => true,
  'held-out: pre-release': (task: LocalizationTask) => task.base_is_prerelease,
  'tuned on: stable': (task: LocalizationTask) => !task.base_is_prerelease,
  'task names the truth': (task: LocalizationTask) => task.leak.task_names_declaration || task.leak.task_names_file,
  'task names nothing': (task: LocalizationTask) => !task.leak.task_names_declaration && !task.leak.task_names_file,
  'several files changed': (task: LocalizationTask) => task.files.length > 1,
  'half A (developed on)': (task: LocalizationTask) => half(task) === 'A',
  'half B (checked)': (task: LocalizationTask) => half(task) === 'B',
} as const satisfies Record<string, (task: LocalizationTask) => boolean>;
export type Split = keyof typeof SPLITS;

/**
 * A fixed split of the tasks into two halves by a hash of their id (not by version or date), so a
 * change tuned while looking at half A's misses must also gain on half B to count as a gain.
 */
function half(task: LocalizationTask): 'A' | 'B' {
  return (createHash('sha1').update(task.id).digest()[0]! & 1) === 1 ? 'B' : 'A';
}

export interface LocateQuality {
  versions: number;
  summaries: Record<Split, Record<Method, Summary>>;
  /** Per-task results, for looking into misses. */
  perTask: Array<{ id: string; task: string; base: string; scores: Record<Method, TaskScore>; top: string[]; topDeclarations: string[] }>;
  /** Truth files the index of their base version does not hold (should be 0: the dataset checked they exist). */
  truthFilesNotIndexed: number;
  /** Milliseconds per locateTask call on a built index (the first call of a version builds the graph). */
  queryMs: number[];
}

const LIMITS = () => ({ maxFileBytes: 1_000_000, maxFiles: 25_000 });

export interface EvaluateOptions {
  /** Which tasks to run (all by default). */
  only?: (task: LocalizationTask) => boolean;
  /** Which methods to run (all by default); the others score as empty results. */
  methods?: readonly Method[];
  /** A folder for the index's on-disk cache, so repeated runs parse each version once. */
  indexCache?: string;
  /** The settings `model-passes` runs with: the model server, the action model, task.rerank and task.embeddingsModel. */
  passes?: Settings;
}

/** Runs the methods over every task, indexing each base version once. */
export async function evaluate(log: (line: string) => void, { only, methods = METHODS, indexCache, passes }: EvaluateOptions = {}): Promise<LocateQuality> {
  const tasks = readTasks().filter(only ?? (() => true));
  const languages = new LanguageRegistry();
  const byBase = new Map<string, LocalizationTask[]>();
  for (const task of tasks) byBase.set(task.base, [...(byBase.get(task.base) ?? []), task]);
  const perTask: LocateQuality['perTask'] = [];
  const queryMs: number[] = [];
  let truthFilesNotIndexed = 0;
  for (const [base, group] of byBase) {
    const root = rxjsPackageRoot(base, log);
    const index = new WorkspaceIndex(root, languages, LIMITS);
    await index.build({ cached: indexCache ? await loadIndexCache(indexCache, root) : undefined });
    if (indexCache) await saveIndexCache(indexCache, root, index.records());
    for (const task of group) {
      truthFilesNotIndexed += task.files.filter((file) => !index.hasFile(file)).length;
      const started = performance.now();
      const ghostline = locateTask({ index, task: task.task, limit: 20, fileLimit: 10 });
      queryMs.push(performance.now() - started);
      const none: Localization = { task: task.task, files: [], declarations: [] };
      const results: Record<Method, Localization> = {
        ghostline,
        'no-graph': methods.includes('no-graph') ? locateTask({ index, task: task.task, limit: 20, fileLimit: 10, tuning: { damping: 0 } }) : none,
        // Fifty chunks, so the baseline's file list (files of its best chunks) is as long as the others'.
        bm25: methods.includes('bm25') ? locateByBm25({ index, task: task.task, limit: 50 }) : none,
        'model-passes': methods.includes('model-passes') && passes ? await withModelPasses(index, task.task, passes, log) : none,
      };
      perTask.push({
        id: task.id,
        task: task.task,
        base,
        scores: Object.fromEntries(ALL_METHODS.map((method) => [method, scoreTask(task, results[method])])) as Record<Method, TaskScore>,
        top: ghostline.files.slice(0, 5).map((file) => file.path),
        topDeclarations: ghostline.declarations.slice(0, 10).map((d) => `${d.path}#${d.name}`),
      });
    }
  }
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  const summaries = Object.fromEntries(
    Object.entries(SPLITS).map(([split, keep]) => {
      const chosen = perTask.filter((entry) => keep(taskById.get(entry.id)!));
      return [split, Object.fromEntries(ALL_METHODS.map((method) => [method, summarize(chosen.map((e) => e.scores[method]))]))];
    }),
  ) as LocateQuality['summaries'];
  return { versions: byBase.size, summaries, perTask, truthFilesNotIndexed, queryMs };
}

/** Localization with the model passes, as `ghostline task` runs it; a pass that fails is logged and the run goes on without it. */
function withModelPasses(index: WorkspaceIndex, task: string, settings: Settings, log: (line: string) => void): Promise<Localization> {
  const warn = (message: string, setting: string) => log(`model-passes (task.${setting}): ${message}`);
  return locateForTask({ index, task, limit: 20, settings, signal: new AbortController().signal, warn });
}
