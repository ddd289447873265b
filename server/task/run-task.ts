import { join } from 'node:path';
import { describeEnvironment, detectEnvironment } from '../syntax/project-environment.js';
import type { Settings } from '../config/schema.js';
import { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import { applyToWorkingTree, type ApplyOutcome } from './git-apply.js';
import { locateForTask, type LocateForTaskOptions } from './locate-for-task.js';
import { findAlternatives } from './alternatives.js';
import type { Candidate, PipelineRequest, PipelineResult } from './pipeline.js';
import { pipelineRequest, runPipelineHere, type PipelineHooks, type PipelineRunner, type PipelineSpec } from './pipeline-spec.js';
import { commitMessage, confidenceOf, type Confidence } from './present.js';
import { NO_MATCH_REASON, type Localization } from './types.js';

export interface TaskOptions {
  root: string;
  /** The index of `root` to localize with: the language server's live one, or the CLI's (built from the index cache). */
  index: WorkspaceIndex;
  /** Read and save the localization model in the on-disk cache: for one-shot processes, which would build it again each run. */
  cacheModel?: boolean;
  task: string;
  settings: Settings;
  languages: LanguageRegistry;
  signal: AbortSignal;
  apply: boolean;
  commit: boolean;
  /** Apply (and commit) a patch verification did not prove; off by default. */
  allowUnverified?: boolean;
  testCommand?: string;
  /** How many other verified candidates to look for once one is verified (at most 3). */
  alternatives?: number;
  /** Root-relative files the user named (the editor's `uris`): shown to the model first. */
  focus?: readonly string[];
  /** Time limit of each build or test process. */
  processTimeoutMs?: number;
  onProgress?: PipelineRequest['onProgress'];
  onProcess?: PipelineRequest['onProcess'];
  /** A model pass of localization that failed (task.rerank, task.embeddingsModel): the run goes on without it. */
  warn?: LocateForTaskOptions['warn'];
  /** Where edit → test → verify runs: default this thread (the language server gives its task worker). */
  runPipeline?: PipelineRunner;
}

/** Everything a run produced; the CLI prints it, the editor command turns it into an edit. */
export interface TaskOutcome {
  localization: Localization;
  result: PipelineResult | { ok: false; reason: string; candidate?: undefined };
  confidence: Confidence;
  commitMessage?: string;
  applied?: ApplyOutcome;
  /** Other verified candidates (`--alternatives`), never applied. */
  alternatives: Array<{ candidate: Candidate; confidence: Confidence; commitMessage: string }>;
}

const DEFAULT_PROCESS_TIMEOUT_MS = 180_000;
const LOCATE_LIMIT = 20;

/**
 * A fresh index of `root`, for a front end that has none of its own (a language server whose
 * repository context is turned off). Reads every file: seconds on a large repository.
 */
export async function indexForTask(root: string, settings: Settings, languages: LanguageRegistry, signal: AbortSignal): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, languages, () => ({
    maxFileBytes: settings.context.maxFileBytes,
    maxFiles: settings.context.maxFiles,
    exclude: settings.context.exclude,
  }));
  await index.build({ signal });
  return index;
}

/** Localizes the task on the project's index, runs the pipeline and, when asked, applies and commits. */
export async function runTask(options: TaskOptions): Promise<TaskOutcome> {
  const { root, settings, languages, index } = options;
  const located = await locateForTask({
    index,
    task: options.task,
    limit: LOCATE_LIMIT,
    settings,
    cacheModel: options.cacheModel,
    signal: options.signal,
    warn: options.warn ?? (() => undefined),
  });
  const localization = focusOn(located, options.focus ?? []);
  const top = localization.files[0];
  if (!top) return { localization, result: { ok: false, reason: NO_MATCH_REASON }, confidence: 'low', alternatives: [] };
  const language = languages.byPath(top.path);
  const environment = language ? describeEnvironment(await detectEnvironment(join(root, top.path), language.module.name)) : [];
  const spec: PipelineSpec = {
    root,
    localization,
    environment,
    settings,
    testCommand: options.testCommand,
    processTimeoutMs: options.processTimeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS,
  };
  const hooks: PipelineHooks = { signal: options.signal, onProgress: options.onProgress, onProcess: options.onProcess };
  const result = await (options.runPipeline ?? runPipelineHere(languages))(spec, hooks);
  if (!result.ok || !result.candidate) return { localization, result, confidence: 'low', alternatives: [] };
  const message = messageFor(options.task, result.candidate);
  const alternatives =
    options.alternatives && result.candidate.verification.verified ? await findAlternatives(pipelineRequest(spec, languages, hooks), result.candidate, options.alternatives) : [];
  const outcome: TaskOutcome = {
    localization,
    result,
    confidence: confidenceOf(result.candidate.verification, result.candidate.test),
    commitMessage: message,
    alternatives: alternatives.map((candidate) => ({
      candidate,
      confidence: confidenceOf(candidate.verification, candidate.test),
      commitMessage: messageFor(options.task, candidate),
    })),
  };
  if ((options.apply || options.commit) && !result.candidate.verification.verified && !options.allowUnverified) {
    outcome.applied = { ok: false, reason: 'the patch is not verified, so nothing was written (add --allow-unverified to write it anyway)' };
  } else if (options.apply || options.commit) {
    outcome.applied = await applyToWorkingTree({ root, files: result.candidate.files, commitMessage: options.commit ? message : undefined });
  }
  return outcome;
}

/** The files the user named go first, whatever their score. */
function focusOn(localization: Localization, focus: readonly string[]): Localization {
  if (focus.length === 0) return localization;
  const named = focus.map((path) => localization.files.find((file) => file.path === path) ?? { path, score: 0, why: 'named in the request' });
  return { ...localization, files: [...named, ...localization.files.filter((file) => !focus.includes(file.path))] };
}

function messageFor(task: string, candidate: Candidate): string {
  return commitMessage({ task, files: candidate.files, test: candidate.test, explanation: candidate.explanation, verification: candidate.verification });
}
