import {
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type ProgressToken,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { z } from 'zod';
import type { ActionEngine } from '../actions/action-engine.js';
import { ActionError, type ActionData, type ActionOffer, type ActionErrorKind, type ActionOutcome, type DiagnosticData } from '../actions/types.js';
import type { DocumentStore } from '../documents/document-store.js';
import { signalFromToken } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import { COMMANDS, type Features } from './features.js';
import { beginProgress } from './progress.js';
import type { SecurityDiagnostics } from './security-diagnostics.js';
import { toWorkspaceEdit } from './workspace-edit.js';

export interface CodeActionDeps {
  engine: ActionEngine;
  documents: DocumentStore;
  connection: Connection;
  features: () => Features;
  security: SecurityDiagnostics;
  logger: Logger;
}

/** Arguments of ghostline.refactor, from a keybinding or a client that can ask for an instruction. */
const refactorArguments = z.tuple([
  z
    .object({
      uri: z.string().min(1),
      range: z.object({
        start: z.object({ line: z.number().int().min(0), character: z.number().int().min(0) }),
        end: z.object({ line: z.number().int().min(0), character: z.number().int().min(0) }),
      }),
      instruction: z.string().max(2000).optional(),
    })
    .strict(),
]);

/** The offers at a range, as code actions (with data to resolve, or a command) or as bare commands for clients without literals. */
async function codeActionsFor(deps: CodeActionDeps, params: CodeActionParams, token: CancellationToken): Promise<Array<CodeAction | Command>> {
  const signal = signalFromToken(token);
  const request = { uri: params.textDocument.uri, range: params.range, diagnostics: params.context.diagnostics.filter(hasRange).map(toDiagnosticData), only: params.context.only };
  let offers: ActionOffer[];
  try {
    offers = await deps.engine.offer(request, signal);
  } catch (error) {
    // Cancelled while the syntax worker read the tree: the editor has moved on.
    if (signal.aborted) return [];
    throw error;
  }
  const features = deps.features();
  return offers.map((offer): CodeAction | Command => {
    const command: Command = { title: offer.title, command: COMMANDS.applyAction, arguments: [offer.data] };
    if (!features.codeActionLiterals) return command;
    const action: CodeAction = { title: offer.title, kind: offer.kind, isPreferred: false };
    const diagnostic = offer.diagnostic && params.context.diagnostics.find((d) => sameDiagnostic(d, offer.diagnostic!));
    if (diagnostic) action.diagnostics = [diagnostic];
    if (features.codeActionResolveEdit) action.data = offer.data;
    else action.command = command;
    return action;
  });
}

/** Every failure of an action as a clear error: logged, shown to the user once, answered with a fitting code. */
function responseError({ connection, logger }: CodeActionDeps, error: unknown, title: string): ResponseError<{ shown: boolean } | undefined> {
  const actionError = error instanceof ActionError ? error : new ActionError('model', `Ghostline: ${(error as Error).message}`);
  if (!(error instanceof ActionError)) logger.error(`${title}: ${(error as Error).stack ?? String(error)}`);
  if (actionError.kind === 'cancelled') return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  logger.warn(`${title}: ${actionError.message}`);
  // The user asked for this action: tell them why nothing happened, also in editors that only log failed requests.
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: actionError.message });
  // `shown` tells clients that notify failed requests themselves that the user has seen this one.
  return new ResponseError(errorCode(actionError.kind), actionError.message, { shown: true });
}

/**
 * textDocument/codeAction answers at once with titles, kinds and data; the model runs in
 * codeAction/resolve (clients that resolve `edit`) or in workspace/executeCommand, which applies
 * the edit with workspace/applyEdit (clients that do not).
 */
export function codeActionHandlers(deps: CodeActionDeps) {
  const { engine, connection, logger } = deps;

  const codeAction = (params: CodeActionParams, token: CancellationToken): Promise<Array<CodeAction | Command>> => codeActionsFor(deps, params, token);

  const compute = (title: string, run: ActionRun) => computeAction(deps, title, run);

  const toResponseError = (error: unknown, title: string): ResponseError<{ shown: boolean } | undefined> => responseError(deps, error, title);

  const resolve = async (action: CodeAction, token: CancellationToken): Promise<CodeAction> => {
    const { outcome, edit } = await compute(action.title, { data: action.data, token });
    deps.security.expect(outcome.security);
    return { ...action, title: withFindings(action.title, outcome), edit };
  };

  const executeCommand = async (params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> => {
    let request: ReturnType<typeof commandRequest>;
    try {
      request = commandRequest(params, engine);
    } catch (error) {
      throw error instanceof ResponseError ? error : toResponseError(error, params.command);
    }
    const { data, outcome, edit } = await compute(request.title, { ...request, token, workDoneToken: params.workDoneToken });
    const label = withFindings(request.title, outcome);
    const result = await connection.workspace.applyEdit({ label, edit });
    if (!result.applied) {
      const reason = result.failureReason ?? 'the editor did not say why';
      logger.warn(`${label}: not applied (${reason})`);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Ghostline: the editor did not apply "${label}": ${reason}.` });
      return { applied: false, failureReason: reason };
    }
    deps.security.expect(outcome.security);
    logger.info(`${label}: applied to ${data.uri}`);
    return { applied: true };
  };

  return { codeAction, resolve, executeCommand };
}

interface ActionRun {
  data: unknown;
  instruction?: string;
  token: CancellationToken;
  workDoneToken?: ProgressToken;
}

/** Runs an action with a progress bar the user can cancel; every failure becomes a clear error. */
async function computeAction(deps: CodeActionDeps, title: string, run: ActionRun): Promise<{ data: ActionData; outcome: ActionOutcome; edit: WorkspaceEdit }> {
  const { engine, connection, logger } = deps;
  const features = deps.features();
  const progress = await beginProgress({ connection, serverInitiated: features.workDoneProgress, title, workDoneToken: run.workDoneToken, logger });
  try {
    const { data, outcome } = await engine.run({
      data: run.data,
      instruction: run.instruction,
      signal: AbortSignal.any([signalFromToken(run.token), progress.signal]),
      capabilities: { createFiles: features.createFiles },
      onProgress: (message) => progress.report(message),
    });
    // Without versioned edits the editor cannot reject an outdated edit: refuse it here.
    const current = deps.documents.get(data.uri)?.document.version;
    if (!features.documentChanges && current !== data.version) {
      throw new ActionError('stale', 'The document changed while Ghostline was working; ask for the action again.');
    }
    return { data, outcome, edit: toWorkspaceEdit(outcome.changes, features.documentChanges) };
  } catch (error) {
    throw responseError(deps, error, title);
  } finally {
    progress.done();
  }
}

/** What a command asks for, validated: forged arguments get a clear error, never a crash. */
function commandRequest(params: ExecuteCommandParams, engine: ActionEngine): { title: string; data: unknown; instruction?: string } {
  const args = params.arguments ?? [];
  if (params.command === COMMANDS.applyAction) {
    const data = args[0] as Partial<ActionData> | undefined;
    const title = typeof data?.title === 'string' ? data.title : `Ghostline: ${typeof data?.action === 'string' ? data.action : 'action'}`;
    return { title, data };
  }
  if (params.command === COMMANDS.refactor) {
    const parsed = refactorArguments.safeParse(args);
    if (!parsed.success) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.refactor} takes [{ uri, range, instruction? }]: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const [{ uri, range, instruction }] = parsed.data;
    return { title: 'Ghostline: Refactor', data: engine.currentData('refactor', uri, range), instruction };
  }
  throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
}

function withFindings(title: string, outcome: ActionOutcome): string {
  const findings = outcome.security?.findings ?? [];
  if (findings.length === 0) return title;
  return `${title} — ⚠ ${[...new Set(findings.map((finding) => finding.message))].join('; ')}`;
}

function errorCode(kind: ActionErrorKind): number {
  switch (kind) {
    case 'invalid-data':
      return ErrorCodes.InvalidParams;
    case 'stale':
    case 'closed':
      return LSPErrorCodes.ContentModified;
    default:
      return LSPErrorCodes.RequestFailed;
  }
}

function toDiagnosticData(diagnostic: Diagnostic): DiagnosticData {
  return {
    message: messageOf(diagnostic),
    range: diagnostic.range,
    ...(typeof diagnostic.code === 'string' || typeof diagnostic.code === 'number' ? { code: diagnostic.code } : {}),
    ...(diagnostic.source ? { source: diagnostic.source } : {}),
    ...(diagnostic.severity ? { severity: diagnostic.severity } : {}),
  };
}

/** A diagnostic from the client that can be placed; others cannot be fixed and are left out. */
function hasRange(diagnostic: Diagnostic): boolean {
  const { range } = diagnostic as { range?: { start?: { line?: unknown }; end?: { line?: unknown } } };
  return typeof range?.start?.line === 'number' && typeof range.end?.line === 'number';
}

function sameDiagnostic(diagnostic: Diagnostic, data: DiagnosticData): boolean {
  return messageOf(diagnostic) === data.message && JSON.stringify(diagnostic.range) === JSON.stringify(data.range);
}

/** LSP 3.18 lets a diagnostic's message be markup; the prompt wants its text. */
function messageOf(diagnostic: Diagnostic): string {
  const message: unknown = diagnostic.message;
  // Clients send what they stored: Neovim 0.7's user_data.lsp, for one, carries no message at all.
  const text = typeof message === 'string' ? message : ((message as { value?: unknown } | undefined)?.value ?? '');
  return String(text).slice(0, 4000) || '(no message)';
}
