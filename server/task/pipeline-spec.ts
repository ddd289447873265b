import { createActionBackend } from '../actions/action-backend.js';
import type { Settings } from '../config/schema.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import { modelAsker } from './edit-stage.js';
import { runTaskPipeline, type PipelineRequest, type PipelineResult } from './pipeline.js';
import type { Localization } from './types.js';

/** An edit answer holds whole declarations: more room than a code action's. */
const MIN_EDIT_TOKENS = 2048;

/**
 * What one pipeline run needs that a structured clone carries to another thread: no model client, no
 * grammars, no callbacks (each thread builds its own from this).
 */
export interface PipelineSpec {
  root: string;
  localization: Localization;
  environment: string[];
  settings: Settings;
  testCommand?: string;
  /** Time limit of each build or test process. */
  processTimeoutMs: number;
}

/** What the caller hears while a run goes on, and how it stops one. */
export interface PipelineHooks {
  signal: AbortSignal;
  onProgress?: PipelineRequest['onProgress'];
  onProcess?: PipelineRequest['onProcess'];
}

/** Runs the pipeline of a spec: on the calling thread (`runPipelineHere`), or in a thread of its own (the language server's task worker). */
export type PipelineRunner = (spec: PipelineSpec, hooks: PipelineHooks) => Promise<PipelineResult>;

/** The pipeline's request for a spec: the instruct model's client from its settings, with this thread's grammars. */
export function pipelineRequest(spec: PipelineSpec, languages: LanguageRegistry, hooks: PipelineHooks): PipelineRequest {
  const { settings } = spec;
  const ask = modelAsker(
    {
      backend: createActionBackend(settings),
      model: settings.actions.model,
      maxTokens: Math.max(settings.actions.maxTokens, MIN_EDIT_TOKENS),
      temperature: settings.actions.temperature,
      signal: hooks.signal,
      maxReplyBytes: settings.actions.maxReplyBytes,
    },
    settings.actions.timeoutMs,
  );
  return {
    root: spec.root,
    localization: spec.localization,
    environment: spec.environment,
    languages,
    ask,
    signal: hooks.signal,
    testCommand: spec.testCommand,
    processTimeoutMs: spec.processTimeoutMs,
    contextLines: settings.actions.contextLines,
    onProgress: hooks.onProgress,
    onProcess: hooks.onProcess,
  };
}

/** The pipeline on the calling thread: the CLI's one-shot process, and the language server when no task worker runs. */
export function runPipelineHere(languages: LanguageRegistry): PipelineRunner {
  return (spec, hooks) => runTaskPipeline(pipelineRequest(spec, languages, hooks));
}
