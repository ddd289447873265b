import { Worker } from 'node:worker_threads';
import { compiledEntryBeside } from '../compiled-entry.js';
import { ActionError } from '../../actions/types.js';
import type { LanguageRegistry } from '../../syntax/languages.js';
import type { PipelineResult } from '../../task/pipeline.js';
import { runPipelineHere, type PipelineHooks, type PipelineRunner } from '../../task/pipeline-spec.js';
import { settlesWithin } from '../../util/abort.js';
import type { Logger } from '../../util/logger.js';
import type { FromTaskWorker, TaskWorkerData, ToTaskWorker } from './protocol.js';

/** How long shutdown waits for running tasks to stop once cancelled (a parse in progress ends first). */
const STOP_WAIT_MS = 5_000;

/** The compiled entry beside this module; undefined under vitest, which runs the sources (tasks then run on the calling thread). */
export function defaultTaskWorkerEntry(): string | undefined {
  return compiledEntryBeside(import.meta.url);
}

/**
 * The language server's task runs, each in a worker thread of its own: the edit, test and verify stages
 * parse every text they read whole (a verdict must not depend on where a sliced parse paused), and apply,
 * diff and scan the model's reply, so on the thread that answers the editor they would hold it for as
 * long as the files are large. Cancelling a run is a message; the worker stops its model request and
 * kills its processes, posts what it has, and ends its own thread (never terminated from here: ending a
 * thread inside a call into tree-sitter aborts the process).
 */
export class TaskThreads {
  /** Threads started and not yet ended. */
  private readonly running = new Set<Worker>();
  private stopping = false;
  private warned = false;

  constructor(
    private readonly languages: LanguageRegistry,
    private readonly logger: Logger,
    private readonly entry: string | undefined = defaultTaskWorkerEntry(),
  ) {}

  /** Where tasks run, for the server's start-up line. */
  get where(): string {
    return this.entry ? 'a worker thread per task' : 'the main thread (no compiled worker entry)';
  }

  /** True while a task's thread has not ended: the process's exit would join it (see the shutdown guard). */
  get held(): boolean {
    return this.running.size > 0;
  }

  /** Runs one task's pipeline in a new thread (on this one when there is no entry or the thread cannot start). */
  readonly run: PipelineRunner = (spec, hooks) => {
    if (this.stopping) return Promise.reject(new Error('the server is shutting down'));
    if (!this.entry) return runPipelineHere(this.languages)(spec, hooks);
    let worker: Worker;
    try {
      worker = new Worker(this.entry, { workerData: { spec } satisfies TaskWorkerData });
    } catch (error) {
      if (!this.warned) this.logger.warn(`task worker: could not start (${(error as Error).message}); tasks run on the main thread`);
      this.warned = true;
      return runPipelineHere(this.languages)(spec, hooks);
    }
    this.running.add(worker);
    return this.answer(worker, hooks);
  };

  /** Cancels every running task and waits (a while) for their threads to end. */
  async dispose(): Promise<void> {
    this.stopping = true;
    const threads = [...this.running];
    if (threads.length === 0) return;
    const ended = Promise.all(threads.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    for (const worker of threads) worker.postMessage({ type: 'cancel' } satisfies ToTaskWorker);
    if (await settlesWithin(ended, STOP_WAIT_MS)) return;
    this.logger.warn(`task worker: ${this.running.size} task thread(s) still running ${STOP_WAIT_MS} ms after they were cancelled; not waiting for them`);
  }

  /** The run's result as the worker posts it; its progress and processes passed on as they come. */
  private answer(worker: Worker, hooks: PipelineHooks): Promise<PipelineResult> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        done();
      };
      const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToTaskWorker);
      if (hooks.signal.aborted) cancel();
      else hooks.signal.addEventListener('abort', cancel, { once: true });
      worker.on('message', (message: FromTaskWorker) => {
        if (message.type === 'progress') hooks.onProgress?.(message.stage, message.attempt, message.message);
        else if (message.type === 'process') hooks.onProcess?.(message.result);
        else if (message.type === 'result') settle(() => resolve(message.result));
        else settle(() => reject(message.kind ? new ActionError(message.kind, message.message) : new Error(message.message)));
      });
      worker.on('error', (error) => settle(() => reject(new Error(`the task's thread failed: ${error.message}`))));
      worker.on('exit', (code) => {
        this.running.delete(worker);
        hooks.signal.removeEventListener('abort', cancel);
        settle(() => reject(new Error(`the task's thread ended (exit code ${code}) before it answered`)));
      });
    });
  }
}
