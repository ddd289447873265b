import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Range } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { runChat } from './chat-runner.js';
import { memoizedEnvironment, type DocSnapshot, type EditCapabilities, type RunContext } from './context.js';
import { filePath, offerDrafts, type OffThreadOffers } from './offers.js';
import { actionDefinition } from './registry.js';
import { repositoryLookup, type RepositorySource } from './repository.js';
import { Snapshots } from './snapshots.js';
import { expandToTokens, outlineInSlices } from '../syntax/outline.js';
import { parseInSlices } from '../syntax/sliced-parse.js';
import { offsetOf } from '../core/position.js';
import { ActionError, actionDataSchema, type ActionData, type ActionOffer, type ActionOutcome, type DiagnosticData } from './types.js';

export interface ActionEngineDeps {
  documents: DocumentStore;
  settings: () => Settings;
  /** The backend serving the action model (actions.model on actions.url). */
  backend: () => ModelBackend;
  logger: Logger;
  /** The workspace index's context provider once it is built; absent or undefined: the current file alone. */
  repository?: () => RepositorySource | undefined;
  /** Reads the tree for offers off the main thread (the syntax worker); absent, or answering undefined: here. */
  offThread?: OffThreadOffers;
}

export interface OfferRequest {
  uri: string;
  range: Range;
  diagnostics: DiagnosticData[];
  /** CodeActionContext.only: kinds the client wants (prefix match). */
  only?: string[];
}

export interface RunRequest {
  /** The action's data as the client sent it back: validated here. */
  data: unknown;
  signal: AbortSignal;
  capabilities: EditCapabilities;
  onProgress?: (message: string) => void;
  /** Refactor: an instruction passed as a command argument. */
  instruction?: string;
}

/**
 * Offers code actions without any model call, and computes an offered action's edit when the
 * client resolves or executes it: against the document version it was offered for.
 */
export class ActionEngine {
  private readonly snapshots = new Snapshots();

  constructor(private readonly deps: ActionEngineDeps) {}

  /**
   * The actions that apply at a range: titles, kinds and data only. The tree is read on the syntax worker when
   * there is one (its first read after typing is a parse, up to 100 ms on a large file); an answer for a version
   * the document has left is empty, as the editor asks again at the new one.
   */
  async offer(request: OfferRequest, signal: AbortSignal = new AbortController().signal): Promise<ActionOffer[]> {
    if (!this.deps.settings().actions.enabled) return [];
    const entry = this.deps.documents.get(request.uri);
    if (!entry?.language || entry.skipped) return [];
    const { document, language } = entry;
    const version = document.version;
    const question = { start: document.offsetAt(request.range.start), end: document.offsetAt(request.range.end), diagnostics: request.diagnostics };
    const answered = await this.deps.offThread?.offers({ uri: request.uri, version, question, signal });
    if (answered === 'stale' || document !== this.deps.documents.get(request.uri)?.document || document.version !== version) return [];
    const text = document.getText();
    const tree = answered ? undefined : entry.tree;
    if (!answered && !tree) return [];
    const found = answered ?? offerDrafts({ ...question, text, tree: tree!, language, uri: request.uri, version });
    this.snapshots.remember(request.uri, version, text);
    // The document's line table turns offsets into positions without scanning the text.
    const range = { start: document.positionAt(found.start), end: document.positionAt(found.end) };
    const offers = found.drafts.map((draft): ActionOffer => ({
      ...draft,
      data: { ghostline: 1, action: draft.action, uri: request.uri, version, range, title: draft.title, ...(draft.diagnostic ? { diagnostic: draft.diagnostic } : {}) },
    }));
    const only = request.only;
    return only?.length ? offers.filter((offer) => only.some((kind) => offer.kind === kind || offer.kind.startsWith(`${kind}.`))) : offers;
  }

  /** Computes the edit of an offered action. Throws ActionError with a message for the user. */
  async run(request: RunRequest): Promise<{ data: ActionData; outcome: ActionOutcome }> {
    const data = parseData(request.data);
    if (request.instruction !== undefined) data.instruction = request.instruction;
    const doc = await this.snapshot(data, request.signal);
    const lines = doc.text.split('\n').length;
    if (data.range.start.line >= lines || data.range.end.line >= lines) {
      throw new ActionError(
        'invalid-data',
        `Ghostline cannot run this code action: its range (line ${data.range.end.line + 1}) lies outside ${basename(doc.uri)} (${lines} lines).`,
      );
    }
    let start = offsetOf(doc.text, data.range.start);
    let end = offsetOf(doc.text, data.range.end);
    if (start > end) throw new ActionError('invalid-data', 'Ghostline cannot run this code action: its range ends before it starts.');
    // Data crafted (or kept) with a selection that cuts a token in half gets the whole token.
    if (end > start) ({ start, end } = expandToTokens(doc.tree, start, end));

    const settings = this.deps.settings();
    const budget = { ms: settings.actions.timeoutMs, startedAt: performance.now() };
    const timeout = AbortSignal.timeout(settings.actions.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const progress = request.onProgress ?? (() => undefined);
    const context: RunContext = {
      data,
      doc,
      start,
      end,
      outline: await outlineInSlices(doc.language, doc.tree, signal),
      settings,
      capabilities: request.capabilities,
      progress,
      environment: memoizedEnvironment(doc.path, doc.language),
      repository: repositoryLookup({ source: this.deps.repository?.(), doc, budgetTokens: settings.context.actionBudgetTokens, signal, logger: this.deps.logger }),
      openDocument: (uri) => {
        const entry = this.deps.documents.get(uri);
        // Its tree only when it describes the text: a stale one is not parsed here, all at once (see loadTarget).
        return entry ? { text: entry.document.getText(), version: entry.document.version, tree: entry.parsedTree } : undefined;
      },
      chat: (spec, accept) =>
        runChat(
          {
            backend: this.deps.backend(),
            model: settings.actions.model,
            maxTokens: settings.actions.maxTokens,
            temperature: settings.actions.temperature,
            signal,
            onProgress: progress,
            maxReplyBytes: settings.actions.maxReplyBytes,
            budget,
          },
          spec,
          accept,
        ),
    };
    progress(`asking ${settings.actions.model}`);
    const outcome = await actionDefinition(data.action).run(context);
    if (signal.aborted) throw new ActionError('cancelled', 'cancelled');
    return { data, outcome };
  }

  /** Data for running an action on an open document as it is now (commands invoked directly, not offered). */
  currentData(action: ActionData['action'], uri: string, range: Range): ActionData {
    const entry = this.deps.documents.get(uri);
    if (!entry) throw new ActionError('closed', `${basename(uri)} is not open; Ghostline only edits open documents.`);
    return { ghostline: 1, action, uri, version: entry.document.version, range };
  }

  /** Called when a document closes: its old versions are of no use any more. */
  forget(uri: string): void {
    this.snapshots.forget(uri);
  }

  /**
   * The document at the action's version: current, or remembered from when the action was offered. Its tree is the
   * document's when that is already parsed, else parsed in slices (parseInSlices): a model call follows, so a few
   * turns of the event loop cost the action nothing and keep the editor's keystrokes flowing.
   */
  private async snapshot(data: ActionData, signal: AbortSignal): Promise<DocSnapshot> {
    const entry = this.deps.documents.get(data.uri);
    const name = basename(data.uri);
    if (!entry) throw new ActionError('closed', `${name} is not open any more; Ghostline only edits open documents. Open it and ask for the action again.`);
    const { language } = entry;
    if (!language || entry.skipped || !entry.syntax) throw new ActionError('not-applicable', `Ghostline does not parse ${name} (${entry.skipped ?? 'unsupported language'}).`);
    const base = { uri: data.uri, version: data.version, language, path: filePath(data.uri) };
    const current = entry.document.version === data.version;
    const text = current ? entry.document.getText() : this.snapshots.get(data.uri, data.version);
    if (text === undefined) {
      throw new ActionError('stale', `${name} changed since this action was offered (version ${data.version}, now ${entry.document.version}); ask for code actions again.`);
    }
    const tree = (current && entry.parsedTree) || (await parseInSlices(language, text, signal));
    if (!tree) throw new ActionError('cancelled', 'cancelled');
    return { ...base, text, tree };
  }
}

/** Validates data that came back from the client; forged or stale-format data gets a clear error. */
export function parseData(raw: unknown): ActionData {
  const parsed = actionDataSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'data';
  throw new ActionError('invalid-data', `Ghostline cannot run this code action: its data is not valid (${where}: ${issue?.message ?? 'invalid'}).`);
}
