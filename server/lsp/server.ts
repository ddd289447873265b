import type { Connection } from 'vscode-languageserver/node';
import { buildServices } from '../app/services.js';
import type { Settings } from '../config/schema.js';
import { codeActionHandlers } from './code-actions.js';
import { completionHandler } from './completion-items.js';
import { Configuration } from './configuration.js';
import { watchedFilesHandler } from './indexing.js';
import { hoverHandler } from './hover.js';
import { inlineCompletionHandler } from './inline-completion.js';
import { Lifecycle } from './lifecycle.js';
import { createLspLogger } from './lsp-logger.js';
import { ProblemReporter } from './problem-reporter.js';
import { pullWithProgress } from './pull.js';
import { SecurityDiagnostics } from './security-diagnostics.js';

export interface ServerOptions {
  version: string;
}

/** Wires the connection to the engines: the services from the composition root, the lifecycle, then one readable list of handlers. */
export function startServer(connection: Connection, options: ServerOptions): void {
  const logger = createLspLogger(connection, () => configuration.settings.log.level);
  const configuration = new Configuration(logger);
  const settings = (): Settings => configuration.settings;
  const services = buildServices({ settings, logger, repository: () => (lifecycle.indexed ? services.context.provider : undefined) });
  const { documents, context, engine, actions, explainer } = services;
  const lifecycle = new Lifecycle({ connection, services, configuration, logger, version: options.version });
  const features = () => lifecycle.features;
  const security = new SecurityDiagnostics({ connection, documents });
  const codeActions = codeActionHandlers({ engine: actions, documents, connection, features, security, logger });
  const problems = new ProblemReporter({
    connection,
    logger,
    messageActions: () => features().messageActions,
    pull: async (model) => {
      const backend = services.backend();
      if (!backend.pull) return;
      await pullWithProgress({ connection, backend: { pull: backend.pull.bind(backend) }, model, logger, progress: features().workDoneProgress });
      engine.reset();
    },
  });
  lifecycle.problems = problems;
  configuration.onChange(lifecycle.settingsChanged);

  connection.onInitialize(lifecycle.initialize);
  connection.onInitialized(lifecycle.initialized);
  connection.onDidChangeConfiguration((params) => configuration.changed(connection, features(), params.settings));

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
  connection.onHover(hoverHandler({ explainer, features, logger }));

  connection.onShutdown(() => services.dispose());
  connection.listen();
}
