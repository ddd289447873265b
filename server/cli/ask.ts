import { realpath } from 'node:fs/promises';
import { actionBackendSettings, createActionBackend } from '../actions/action-backend.js';
import { askQuestion, type AskResult } from '../ask/ask-engine.js';
import { appendTurn, loadTurns, sessionFile, sessionNameProblem } from '../ask/session.js';
import { ACTION_SETTINGS, problemFromError } from '../completion/problems.js';
import type { Settings } from '../config/schema.js';
import { cacheDirectory } from '../context/index/persist.js';
import { confineToRoot } from '../query/confine.js';
import { sourceExtensions } from '../syntax/modules.js';
import { ModelError } from '../model/backend.js';
import { isAbortError } from '../util/abort.js';
import { createStderrLogger } from '../util/logger.js';
import { inCliWords } from './arguments.js';
import { createEngineHost } from './engine-host.js';
import { isFolder } from './workspace-root.js';

export interface AskOptions {
  question: string;
  root: string;
  json: boolean;
  session?: string;
}

/** Budgets for what the model is shown; the instruct models Ghostline defaults to take 8k+ tokens. */
const CONTEXT_TOKENS = 3000;
const HISTORY_TOKENS = 1500;

/**
 * `ghostline ask "QUESTION"`: answers from the workspace's code with the actions' instruct model,
 * streaming markdown to stdout (or printing JSON at the end with --json). Exit 1 with the same
 * messages as `complete` when the model server or model is missing, 2 for bad arguments.
 */
export async function runAsk(settings: Settings, options: AskOptions): Promise<number> {
  const problem = options.question.trim() === '' ? 'ask: the question is empty' : options.session === undefined ? undefined : sessionNameProblem(options.session);
  const root = await realpath(options.root).catch(() => undefined);
  if (problem || root === undefined || !isFolder(root)) {
    process.stderr.write(`ghostline: ${problem ?? `--root ${options.root} is not a folder`}\n`);
    return 2;
  }
  const host = createEngineHost({ ...settings, context: { ...settings.context, enabled: true } }, createStderrLogger('warn'));
  const controller = new AbortController();
  const interrupt = () => controller.abort(new DOMException('interrupted', 'AbortError'));
  process.once('SIGINT', interrupt);
  try {
    await host.index(root);
    const index = host.context.indexFor(root);
    if (index) await confineToRoot(index);
    if (!index || index.fileCount === 0) {
      process.stderr.write(`ghostline: no index: found no source files to index (${sourceExtensions().join(', ')}) under ${root}\n`);
      return 1;
    }
    const file = options.session === undefined ? undefined : sessionFile(cacheDirectory(settings.context.cacheDir), root, options.session);
    const history = file ? await loadTurns(file) : [];
    let result: AskResult;
    try {
      result = await askQuestion({
        index,
        backend: createActionBackend(settings),
        question: options.question,
        history,
        contextTokens: CONTEXT_TOKENS,
        historyTokens: HISTORY_TOKENS,
        maxTokens: settings.actions.maxTokens,
        temperature: settings.actions.temperature,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(settings.actions.timeoutMs)]),
        onText: options.json ? undefined : (text) => process.stdout.write(text),
      });
    } catch (error) {
      return reportFailure(error, settings);
    }
    if (file) await appendTurn(file, history, { question: options.question, answer: result.answer });
    printResult(result, options.json);
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    await host.dispose();
  }
}

function printResult(result: AskResult, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ answer: result.answer, citations: result.citations, context: result.context }, null, 2) + '\n');
  } else {
    if (!result.answer.endsWith('\n')) process.stdout.write('\n');
    if (result.citations.length > 0) {
      process.stdout.write(`\nCited:\n${result.citations.map((c) => `  ${c.path}:${c.line}${c.name ? `  ${c.name}` : ''}`).join('\n')}\n`);
    }
  }
  if (result.invented.length > 0)
    process.stderr.write(`ghostline: marked ${result.invented.length} citation(s) that name no line of the workspace: ${result.invented.join(', ')}\n`);
}

/** The model server's failures, told as `complete` tells them (with the pull command when the model is missing). */
function reportFailure(error: unknown, settings: Settings): number {
  const model = actionBackendSettings(settings);
  if (error instanceof ModelError) {
    const problem = problemFromError(error, model.url, model.name, model.provider, ACTION_SETTINGS);
    if (error.kind === 'timeout' || (error.kind === 'aborted' && !problem)) {
      process.stderr.write(`ghostline: stopped before the answer was complete (${error.kind === 'timeout' ? 'actions.timeoutMs' : 'interrupted'})\n`);
      return 130;
    }
    process.stderr.write(`ghostline: ${inCliWords(problem?.message ?? error.message)}\n`);
    return 1;
  }
  if (isAbortError(error)) {
    process.stderr.write('ghostline: stopped before the answer was complete\n');
    return 130;
  }
  throw error;
}
