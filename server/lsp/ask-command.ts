import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { askQuestion } from '../ask/ask-engine.js';
import type { ContextSnippet } from '../ask/ask-context.js';
import type { Citation } from '../ask/citations.js';
import { ACTION_SETTINGS, problemFromError } from '../completion/problems.js';
import type { Settings } from '../config/schema.js';
import type { ContextService } from '../context/context-service.js';
import { redactSecrets } from '../context/index/secrets.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { DocumentStore } from '../documents/document-store.js';
import { ModelError, type ModelBackend } from '../model/backend.js';
import { actionBackendSettings } from '../actions/action-backend.js';
import { isAbortError, signalFromToken, sleep } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import { beginProgress } from './progress.js';

const POSITION = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const ASK_ARGUMENTS = z.object({
  question: z.string().trim().min(1).max(10_000),
  uri: z.string().max(4096).optional(),
  range: z.object({ start: POSITION, end: POSITION }).optional(),
});

/** What `ghostline.ask` answers: the markdown, and each real citation with a URI the editor can open. */
export interface AskCommandResult {
  markdown: string;
  citations: Array<Citation & { uri: string }>;
}

export interface AskCommandDeps {
  connection: Connection;
  context: ContextService;
  documents: DocumentStore;
  settings: () => Settings;
  backend: () => ModelBackend;
  /** The client shows server-initiated progress. */
  workDoneProgress: () => boolean;
  logger: Logger;
}

const CONTEXT_TOKENS = 3000;
const INDEX_WAIT_MS = 10_000;

/**
 * `workspace/executeCommand` `ghostline.ask` `[{question, uri?, range?}]`: answers from the
 * workspace index with the actions' model. Each checked line of the answer goes out as a
 * `$/progress` report (on the request's workDoneToken, else a server-created one) as it streams;
 * cancelling the request or the progress closes the model request.
 */
export function askCommandHandler(deps: AskCommandDeps) {
  return async (params: ExecuteCommandParams, token: CancellationToken): Promise<AskCommandResult> => {
    const parsed = ASK_ARGUMENTS.safeParse(params.arguments?.[0]);
    if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `ghostline.ask takes [{ question, uri?, range? }]: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { question, uri, range } = parsed.data;
    const settings = deps.settings();
    const index = await indexWhenBuilt(deps.context, uri, signalFromToken(token));
    if (!index?.ready) throw new ResponseError(ErrorCodes.InternalError, 'Ghostline has no index of this workspace (context.enabled is off, or no folder is open).');
    const progress = await beginProgress({
      connection: deps.connection,
      serverInitiated: deps.workDoneProgress(),
      title: 'Ghostline: ask',
      workDoneToken: params.workDoneToken,
      logger: deps.logger,
    });
    const signal = AbortSignal.any([signalFromToken(token), progress.signal, AbortSignal.timeout(settings.actions.timeoutMs)]);
    try {
      const result = await askQuestion({
        index,
        backend: deps.backend(),
        question,
        selection: uri && range ? selectionSnippet(deps.documents, index, uri, range) : undefined,
        contextTokens: CONTEXT_TOKENS,
        historyTokens: 0,
        maxTokens: settings.actions.maxTokens,
        temperature: settings.actions.temperature,
        signal,
        onText: (text) => progress.report(text),
      });
      const citations = result.citations.map((c) => ({ ...c, uri: pathToFileURL(join(index.root, c.path)).toString() }));
      return { markdown: result.answer, citations };
    } catch (error) {
      throw toResponseError(error, settings, signal);
    } finally {
      progress.done();
    }
  };
}

/** Indexing starts once the client has sent its settings: a question asked right at start waits for it, then for the build. */
async function indexWhenBuilt(context: ContextService, uri: string | undefined, signal: AbortSignal): Promise<WorkspaceIndex | undefined> {
  for (let waited = 0; !context.started && waited < INDEX_WAIT_MS && !signal.aborted; waited += 100) await sleep(100, signal).catch(() => undefined);
  await context.ready.catch(() => undefined);
  return context.indexFor(uri);
}

/** The editor's selection as the first piece of context, redacted; none from a secret or excluded file. */
function selectionSnippet(documents: DocumentStore, index: WorkspaceIndex, uri: string, range: z.infer<typeof ASK_ARGUMENTS>['range'] & object): ContextSnippet | undefined {
  const path = index.relativePath(uri);
  const entry = documents.get(uri);
  if (path === undefined || !entry || index.exclusion(path) !== undefined) return undefined;
  const code = redactSecrets(entry.document.getText(range));
  if (code.trim() === '') return undefined;
  return { path, line: range.start.line + 1, endLine: range.end.line + 1, name: 'the selection', code };
}

function toResponseError(error: unknown, settings: Settings, signal: AbortSignal): ResponseError<void> {
  if (signal.aborted || isAbortError(error) || (error instanceof ModelError && error.kind === 'aborted')) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  if (error instanceof ModelError) {
    const model = actionBackendSettings(settings);
    const problem = problemFromError(error, model.url, model.name, model.provider, ACTION_SETTINGS);
    return new ResponseError(LSPErrorCodes.RequestFailed, problem?.message ?? error.message);
  }
  return new ResponseError(LSPErrorCodes.RequestFailed, `Ghostline could not answer: ${(error as Error).message}`);
}
