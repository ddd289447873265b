import { resolve } from 'node:path';
import type { Settings } from '../config/schema.js';
import { MAX_ALTERNATIVES } from '../task/alternatives.js';
import { taskJson, taskText } from '../task/report.js';
import { runTask, type TaskOutcome } from '../task/run-task.js';
import type { TaskInput } from './task-options.js';
import { createStderrLogger } from '../util/logger.js';
import { inCliWords } from './arguments.js';
import { createEngineHost } from './engine-host.js';
import { isFolder } from './workspace-root.js';

/** Where the command writes; tests pass their own. */
export interface TaskIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborts the run (Ctrl-C in a terminal): child processes are killed, the model request closed. */
  signal?: AbortSignal;
}

const processIo: TaskIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
const MAX_TASK_CHARS = 2000;

/**
 * `ghostline task "TEXT" [--root DIR] [--apply] [--commit] [--json] [--test-cmd CMD] [--alternatives N]`: a task in
 * words to a verified patch. Exit code 0 verified, 1 a patch that is not verified (or could not be
 * applied), 2 nothing usable or bad input, with a one-line reason on stderr.
 */
export async function runTaskCommand(settings: Settings, input: TaskInput, io: TaskIo = processIo): Promise<number> {
  const values = input.flags;
  const task = input.words.join(' ').trim();
  if (!task) return fail(io, 'give the task in words: ghostline task "add a GET /echo route"');
  if (task.length > MAX_TASK_CHARS) return fail(io, `the task is longer than ${MAX_TASK_CHARS} characters`);
  const root = resolve(typeof values.root === 'string' ? values.root : process.cwd());
  if (!isFolder(root)) return fail(io, `--root ${root} is not a folder`);
  const timeout = typeof values['timeout-ms'] === 'string' ? Number(values['timeout-ms']) : undefined;
  if (timeout !== undefined && !(timeout >= 1000)) return fail(io, '--timeout-ms must be a number of milliseconds ≥ 1000');
  const alternatives = typeof values.alternatives === 'string' ? Number(values.alternatives) : 0;
  if (!Number.isInteger(alternatives) || alternatives < 0 || alternatives > MAX_ALTERNATIVES) return fail(io, `--alternatives takes a number from 0 to ${MAX_ALTERNATIVES}`);
  const embedModel = values['embed-model'];
  if (embedModel !== undefined && !embedModel.trim()) return fail(io, '--embed-model takes the name of an embedding model, e.g. nomic-embed-text');
  const passes = { rerank: values.rerank === true || settings.task.rerank, embeddingsModel: embedModel?.trim() ?? settings.task.embeddingsModel };
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const signal = io.signal ? AbortSignal.any([io.signal, controller.signal]) : controller.signal;
  const commit = values.commit === true;
  const apply = values.apply === true || commit;
  let outcome: TaskOutcome;
  // The same index the language server and --locate-only use, from the on-disk cache when it can.
  const host = createEngineHost({ ...settings, context: { ...settings.context, enabled: true } }, createStderrLogger('warn'));
  try {
    await host.index(root);
    const index = host.indexFor(root);
    if (!index) return fail(io, `could not index ${root}`);
    outcome = await runTask({
      root,
      index,
      cacheModel: true,
      task,
      settings: { ...settings, task: passes },
      warn: (message, pass) => io.stderr(`ghostline: ${message} (${pass === 'rerank' ? '--rerank' : '--embed-model'})\n`),
      languages: host.languages,
      signal,
      apply,
      commit,
      allowUnverified: values['allow-unverified'] === true,
      alternatives,
      testCommand: typeof values['test-cmd'] === 'string' ? values['test-cmd'] : undefined,
      processTimeoutMs: timeout,
      onProgress: values.json ? undefined : (stage, attempt, message) => io.stderr(`ghostline: ${stage}${attempt ? ` (retry ${attempt})` : ''}${message ? `: ${message}` : ''}…\n`),
    });
  } catch (error) {
    return fail(io, (error as Error).message);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await host.dispose();
  }
  io.stdout(values.json ? `${JSON.stringify(taskJson(outcome), null, 2)}\n` : taskText(outcome, { apply, commit }));
  if (!outcome.result.ok) {
    io.stderr(`ghostline: ${inCliWords(outcome.result.reason)}\n`);
    return 2;
  }
  if (outcome.applied && !outcome.applied.ok) return 1;
  return outcome.result.candidate.verification.verified ? 0 : 1;
}

function fail(io: TaskIo, reason: string): number {
  io.stderr(`ghostline: ${inCliWords(reason)}\n`);
  return 2;
}
