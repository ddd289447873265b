import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type CancellationToken,
  type Connection,
  type ExecuteCommandParams,
} from 'vscode-languageserver/node';
import { z } from 'zod';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import { verificationSummary } from '../task/present.js';
import { indexForTask, runTask, type TaskOutcome } from '../task/run-task.js';
import type { PipelineRunner } from '../task/pipeline-spec.js';
import type { ContextService } from '../context/context-service.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { signalFromToken } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import { COMMANDS, type Features } from './features.js';
import { beginProgress } from './progress.js';
import { taskWorkspaceEdit } from './task-edit.js';

/** Arguments of ghostline.task; `preview` returns the edit instead of applying it (clients that confirm on their own side). */
const taskArguments = z.tuple([
  z
    .object({
      instruction: z.string().trim().min(1).max(2000),
      uris: z.array(z.string().min(1).max(4096)).max(20).optional(),
      preview: z.boolean().optional(),
    })
    .strip(),
]);

export interface TaskCommandDeps {
  connection: Connection;
  documents: DocumentStore;
  languages: LanguageRegistry;
  features: () => Features;
  settings: () => Settings;
  folders: () => readonly string[];
  /** The server's workspace indexes: a task localizes with the folder's, once built. */
  context: Pick<ContextService, 'ready' | 'indexContaining'>;
  /** Where edit → test → verify runs: the server's task worker (default: this thread). */
  runPipeline?: PipelineRunner;
  logger: Logger;
}

/**
 * workspace/executeCommand ghostline.task: runs the task pipeline under a cancellable progress
 * (localizing → editing → testing → verifying, with retry counts), then sends one
 * workspace/applyEdit whose annotation names the task and its verification result.
 */
export function taskCommandHandler(deps: TaskCommandDeps): (params: ExecuteCommandParams, token: CancellationToken) => Promise<unknown> {
  return async (params, token) => {
    const parsed = taskArguments.safeParse(params.arguments ?? []);
    if (!parsed.success)
      throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.task} takes [{ instruction, uris?, preview? }]: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const [{ instruction, uris = [], preview = false }] = parsed.data;
    const paths = uris.flatMap((uri) => (uri.startsWith('file:') ? [fileURLToPath(uri)] : []));
    const root = rootFor(deps.folders(), paths);
    if (!root) throw new ResponseError(ErrorCodes.InvalidParams, 'ghostline.task needs a workspace folder (or uris inside one)');
    const { outcome, signal } = await runUnderProgress(deps, { params, token, root, instruction, paths });
    // Cancelled by the client, or by shutdown (which cancels running tasks): nothing to tell the user.
    if (signal.aborted || (!outcome.result.ok && outcome.result.reason === 'cancelled')) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (!outcome.result.ok) throw fail(deps, `Ghostline task: ${outcome.result.reason}`);
    const { candidate } = outcome.result;
    const summary = verificationSummary(candidate.verification);
    const features = deps.features();
    const built = taskWorkspaceEdit({
      root,
      files: candidate.files,
      open: openText(deps.documents),
      label: `Ghostline task: ${instruction}`,
      description: `${summary}; confidence ${outcome.confidence}`,
      documentChanges: features.documentChanges && !preview,
      changeAnnotations: features.changeAnnotations && !preview,
    });
    if (!built.ok) throw fail(deps, `Ghostline task: ${built.reason}`);
    const result = {
      verified: candidate.verification.verified,
      confidence: outcome.confidence,
      verification: summary,
      patch: candidate.patch,
      commit_message: outcome.commitMessage ?? '',
    };
    if (preview) return { ...result, applied: false, edit: built.edit };
    const label = `Ghostline task: ${instruction} (${candidate.verification.verified ? 'verified' : 'NOT verified'})`;
    const applied = await deps.connection.workspace.applyEdit({ label, edit: built.edit });
    if (!applied.applied) deps.logger.warn(`${label}: not applied (${applied.failureReason ?? 'the editor did not say why'})`);
    return { ...result, applied: applied.applied, ...(applied.failureReason ? { failureReason: applied.failureReason } : {}) };
  };
}

/** The task pipeline under a cancellable progress bar; a failure or a cancel becomes the request's error. */
async function runUnderProgress(
  deps: TaskCommandDeps,
  input: { params: ExecuteCommandParams; token: CancellationToken; root: string; instruction: string; paths: string[] },
): Promise<{ outcome: TaskOutcome; signal: AbortSignal }> {
  const { params, token, root, instruction, paths } = input;
  const progress = await beginProgress({
    connection: deps.connection,
    serverInitiated: deps.features().workDoneProgress,
    title: 'Ghostline: task',
    workDoneToken: params.workDoneToken,
    logger: deps.logger,
  });
  const signal = AbortSignal.any([signalFromToken(token), progress.signal]);
  progress.report('localizing');
  let outcome: TaskOutcome;
  try {
    outcome = await runTask({
      root,
      index: await taskIndex(deps, root, signal),
      task: instruction,
      settings: deps.settings(),
      languages: deps.languages,
      signal,
      apply: false,
      commit: false,
      focus: paths.map((path) => relative(root, path).split(sep).join('/')),
      runPipeline: deps.runPipeline,
      warn: (message, setting) => deps.logger.warn(`Ghostline task (ghostline.task.${setting}): ${message}`),
      onProgress: (stage, attempt, message) => progress.report(`${stage}${attempt ? ` (retry ${attempt} of 2)` : ''}${message ? `: ${message}` : ''}`),
    });
  } catch (error) {
    if (signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    throw fail(deps, `Ghostline task: ${(error as Error).message}`);
  } finally {
    progress.done();
  }
  return { outcome, signal };
}

/** The server's own index of the folder (waiting for its build); a fresh one only when the server keeps none for it. */
async function taskIndex(deps: TaskCommandDeps, root: string, signal: AbortSignal): Promise<WorkspaceIndex> {
  await deps.context.ready;
  const live = deps.context.indexContaining(root);
  if (live?.root === root) {
    deps.logger.info(`task: localizing with the workspace index of ${root} (${live.fileCount} files)`);
    return live;
  }
  deps.logger.info(`task: no workspace index of ${root} (repository context is off): indexing it for this task`);
  return indexForTask(root, deps.settings(), deps.languages, signal);
}

/** An open document's text and version, so the edit is made against what the editor holds. */
function openText(documents: DocumentStore): (uri: string) => { text: string; version: number } | undefined {
  return (uri) => {
    const entry = documents.get(uri);
    return entry ? { text: entry.document.getText(), version: entry.document.version } : undefined;
  };
}

/** The workspace folder holding the first named file, else the first folder. */
function rootFor(folders: readonly string[], paths: readonly string[]): string | undefined {
  const first = paths[0];
  const holding = first ? [...folders].sort((a, b) => b.length - a.length).find((folder) => first === folder || first.startsWith(folder + sep)) : undefined;
  return holding ?? folders[0];
}

/** Tells the user why nothing happened (also editors that only log failed requests) and fails the request. */
function fail(deps: TaskCommandDeps, message: string): ResponseError<void> {
  deps.logger.warn(message);
  void deps.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}
