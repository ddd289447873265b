import type { ActionErrorKind } from '../../actions/types.js';
import type { PipelineResult, TaskStage } from '../../task/pipeline.js';
import type { PipelineSpec } from '../../task/pipeline-spec.js';
import type { ProcessResult } from '../../task/process-runner.js';

/** What a task worker starts with: the one run it does, then its thread ends. */
export interface TaskWorkerData {
  spec: PipelineSpec;
}

/** The only message to a running task worker: stop the run (the model request and every process it started). */
export type ToTaskWorker = { type: 'cancel' };

/** What a task worker tells the main thread: its progress, each process it ran, then one result or one failure. */
export type FromTaskWorker =
  | { type: 'progress'; stage: TaskStage; attempt: number; message?: string }
  | { type: 'process'; result: ProcessResult }
  | { type: 'result'; result: PipelineResult }
  /** The run threw: an ActionError keeps its kind across the thread. */
  | { type: 'failed'; message: string; kind?: ActionErrorKind };
