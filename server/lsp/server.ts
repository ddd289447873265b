import type { Connection, InitializeParams, InitializeResult, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { actionBackendKey, createActionBackend } from '../actions/action-backend.js';
import { ActionEngine } from '../actions/action-engine.js';
import { HoverExplainer } from '../actions/hover-explainer.js';
import { CompletionEngine } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import { ContextService } from '../context/context-service.js';
import { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import { backendKey, createBackend } from '../model/create-backend.js';
import { LanguageRegistry } from '../syntax/languages.js';
import { codeActionHandlers } from './code-actions.js';
import { completionHandler } from './completion-items.js';
import { Configuration } from './configuration.js';
import { featuresFrom, serverCapabilities, type Features } from './features.js';
import { followWorkspaceFolders, foldersAfter, startIndexing, watchedFilesHandler, workspaceFolders } from './indexing.js';
import { hoverHandler } from './hover.js';
import { inlineCompletionHandler } from './inline-completion.js';
import { createLspLogger } from './lsp-logger.js';
import { ProblemReporter } from './problem-reporter.js';
import { pullWithProgress } from './pull.js';
import { SecurityDiagnostics } from './security-diagnostics.js';

export interface ServerOptions {
  version: string;
}

/** Wires the connection to the engines: one readable list of handlers, nothing else. */
export function startServer(connection: Connection, options: ServerOptions): void {
  let features: Features = featuresFrom({});
  const logger = createLspLogger(connection, () => configuration.settings.log.level);
  const configuration = new Configuration(logger);
  const settings = (): Settings => configuration.settings;
  let backend: ModelBackend = createBackend(settings().model);
  const languages = new LanguageRegistry();
  const documents = new DocumentStore({ languages, logger, maxFileBytes: () => settings().completion.maxFileBytes });
  const context = new ContextService({ languages, documents, settings, logger });
  const engine = new CompletionEngine({ documents, settings, backend: () => backend, logger, context: context.provider });
  let folders: string[] = [];
  let initialized = false;
  // Actions and hover take context only from a finished index (a half-built one gives arbitrary snippets); until then, the current file alone.
  let indexed = false;
  const repository = () => (indexed ? context.provider : undefined);
  const index = () => startIndexing({ connection, features, service: context, folders, logger }).then(() => {
    indexed = context.started;
  });
  // Code actions and hover use an instruct model, possibly on another server.
  let actionsBackend: ModelBackend = createActionBackend(settings());
  const actions = new ActionEngine({ documents, settings, backend: () => actionsBackend, logger, repository });
  const explainer = new HoverExplainer({ documents, settings, backend: () => actionsBackend, logger, repository });
  const security = new SecurityDiagnostics({ connection, documents });
  const codeActions = codeActionHandlers({ engine: actions, documents, connection, features: () => features, security, logger });
  const problems = new ProblemReporter({
    connection,
    logger,
    messageActions: () => features.messageActions,
    pull: async (model) => {
      const { pull } = backend;
      if (!pull) return;
      await pullWithProgress({ connection, backend: { pull: pull.bind(backend) }, model, logger, progress: features.workDoneProgress });
      engine.reset();
    },
  });

  // Loads the model once per (server, model), so the first completion does not pay for it.
  let preloaded = '';
  const preload = () => {
    const key = backendKey(settings().model);
    if (preloaded === key) return;
    preloaded = key;
    const { name, url } = settings().model;
    backend.preload(AbortSignal.timeout(120_000)).then(
      () => logger.info(`model ${name} loaded on ${url}`),
      (error: unknown) => {
        preloaded = '';
        logger.info(`could not preload ${name} from ${url}: ${(error as Error).message}`);
      },
    );
  };

  configuration.onChange((next, previous) => {
    logger.info(`settings updated: model ${next.model.name} (${next.model.template}) at ${next.model.url} (${next.model.provider})`);
    if (backendKey(next.model) !== backendKey(previous.model)) {
      backend = createBackend(next.model);
      problems.reset();
      preload();
    }
    if (actionBackendKey(next) !== actionBackendKey(previous)) actionsBackend = createActionBackend(next);
    engine.reset();
    context.settingsChanged();
    if (initialized && next.context.enabled && !context.started) index().catch(() => undefined);
    explainer.reset();
  });

  const workspaceFoldersChanged = (event: WorkspaceFoldersChangeEvent) => {
    folders = foldersAfter(folders, event);
    // The first folder of a server that had none starts indexing (and file watching) as `initialized` would have.
    const following = context.started ? followWorkspaceFolders(context, event) : settings().context.enabled ? index() : undefined;
    following?.catch((error: unknown) => logger.warn(`could not follow the workspace folders: ${(error as Error).message}`));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    features = featuresFrom(params.capabilities);
    folders = workspaceFolders(params);
    configuration.apply(params.initializationOptions, 'initializationOptions');
    return { capabilities: serverCapabilities(features), serverInfo: { name: 'ghostline', version: options.version } };
  });
  connection.onInitialized(() => {
    initialized = true;
    logger.info(`ghostline ${options.version}: ${features.inlineCompletion ? 'inline completions' : 'completion items'}, model ${settings().model.name} at ${settings().model.url} (${settings().model.provider})`);
    configuration
      .start(connection, features)
      .finally(() => {
        preload();
        if (settings().context.enabled) return index();
        return undefined;
      })
      .catch((error: unknown) => logger.warn(`workspace indexing stopped: ${(error as Error).message}`));
    // Only now: subscribing before the initialize result is filled in would make the library
    // register the notification dynamically, although the capability already announces it.
    if (features.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(workspaceFoldersChanged);
  });
  connection.onDidChangeConfiguration((params) => configuration.changed(connection, features, params.settings));

  connection.onDidOpenTextDocument(({ textDocument: doc }) => {
    const entry = documents.open(doc.uri, doc.languageId, doc.version, doc.text);
    if (entry.skipped) logger.info(`${doc.uri}: no completions (${entry.skipped})`);
    security.refresh(doc.uri);
    context.indexDocument(doc.uri);
  });
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    documents.change(textDocument.uri, textDocument.version, contentChanges);
    security.refresh(textDocument.uri);
    const last = contentChanges[contentChanges.length - 1];
    context.documentChanged(textDocument.uri, last && 'range' in last ? last.range.start.line : 0);
  });
  connection.onDidSaveTextDocument(({ textDocument }) => context.indexDocument(textDocument.uri));
  connection.onDidCloseTextDocument(({ textDocument }) => {
    engine.forget(textDocument.uri);
    actions.forget(textDocument.uri);
    security.forget(textDocument.uri);
    documents.close(textDocument.uri);
    context.documentClosed(textDocument.uri).catch(() => undefined);
  });
  connection.onDidChangeWatchedFiles(watchedFilesHandler(context, logger));

  connection.languages.inlineCompletion.on(inlineCompletionHandler({ engine, settings, problems, logger }));
  connection.onCompletion(completionHandler({ engine, documents, settings, problems, logger }));
  connection.onCodeAction(codeActions.codeAction);
  connection.onCodeActionResolve(codeActions.resolve);
  connection.onExecuteCommand(codeActions.executeCommand);
  connection.onHover(hoverHandler({ explainer, features: () => features, logger }));

  connection.onShutdown(async () => {
    engine.dispose();
    await context.dispose();
  });
  connection.listen();
}
