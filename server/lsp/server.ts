import type { CancellationToken, Connection, ExecuteCommandParams } from 'vscode-languageserver/node';
import { buildServices, type Services } from '../app/services.js';
import type { Settings } from '../config/schema.js';
import { recordAccepted } from './acceptance.js';
import { askCommandHandler } from './ask-command.js';
import { codeActionHandlers } from './code-actions.js';
import { completionHandler } from './completion-items.js';
import { Configuration } from './configuration.js';
import { documentSyncHandlers } from './document-sync.js';
import type { Logger } from '../util/logger.js';
import { HelperThreads } from '../util/thread-priority.js';
import { capYoungGeneration } from '../util/young-generation.js';
import { oneIdleCollection } from '../util/memory-reducer.js';
import { COMMANDS, type Features } from './features.js';
import { hoverHandler } from './hover.js';
import { watchedFilesHandler } from './indexing.js';
import { inlineCompletionHandler } from './inline-completion.js';
import { Lifecycle } from './lifecycle.js';
import { createLspLogger } from './lsp-logger.js';
import { ProblemReporter } from './problem-reporter.js';
import { pullWithProgress } from './pull.js';
import { SecurityDiagnostics } from './security-diagnostics.js';
import { ShutdownGuard } from './shutdown-guard.js';
import { taskCommandHandler } from './task-command.js';

export interface ServerOptions {
  version: string;
  /** A syntax worker entry other than the compiled one beside the server (tests run from sources). */
  syntaxWorker?: string;
  /** A task worker entry other than the compiled one beside the server (tests run from sources); false: tasks run on the main thread. */
  taskWorker?: string | false;
  /** An index worker entry other than the compiled one beside the server (tests run from sources); false: the index parses on the main thread. */
  indexWorker?: string | false;
  /** false: no completion warm-up when a language's first document opens (tests that count every parse). */
  completionWarmUp?: boolean;
}

/** Wires the connection to the engines: the services from the composition root, the lifecycle, then one readable list of handlers. */
export function startServer(connection: Connection, options: ServerOptions): void {
  const logger = createLspLogger(connection, () => configuration.settings.log.level);
  // A long session's memory: V8's young generation held at 8 MB instead of growing to 32 MB.
  capYoungGeneration({ logger });
  // And V8's collections when the thread looks idle, as it does between keystrokes, one instead of three.
  oneIdleCollection(logger);
  const configuration = new Configuration(logger);
  const settings = (): Settings => configuration.settings;
  // Actions and hover take context only from a finished index (a half-built one gives arbitrary snippets).
  const indexed = () => (lifecycle.indexed ? services.context.provider : undefined);
  // The background threads (V8's, libuv's) yield the cores to this one, the syntax worker's does not: the lifecycle lowers them.
  const helpers = new HelperThreads(logger);
  const services = helpers.sparing(() =>
    buildServices({
      settings,
      logger,
      repository: indexed,
      syntaxWorker: options.syntaxWorker ?? true,
      taskWorker: options.taskWorker ?? true,
      indexWorker: options.indexWorker ?? true,
      completionWarmUp: options.completionWarmUp,
    }),
  );
  const { documents, context, engine, actions, explainer, stats } = services;
  const lifecycle = new Lifecycle({ connection, services, configuration, logger, version: options.version, helpers });
  // After `shutdown` every request is answered InvalidRequest, as LSP requires.
  const guard = new ShutdownGuard(logger);
  const features = () => lifecycle.features;
  const security = new SecurityDiagnostics({ connection, documents });
  const codeActions = codeActionHandlers({ engine: actions, documents, connection, features, security, logger });
  const problems = problemReporter(connection, logger, services, features);
  lifecycle.problems = problems;
  configuration.onChange(lifecycle.settingsChanged);
  const commands = commandHandlers({ connection, services, settings, features, folders: () => lifecycle.workspaceFolders, logger });

  connection.onInitialize(guard.guard(lifecycle.initialize));
  connection.onInitialized(lifecycle.initialized);
  connection.onDidChangeConfiguration((params) => configuration.changed(connection, features(), params.settings));

  const sync = documentSyncHandlers({ services, security, logger });
  connection.onDidOpenTextDocument(sync.didOpen);
  connection.onDidChangeTextDocument(sync.didChange);
  connection.onDidSaveTextDocument(sync.didSave);
  connection.onDidCloseTextDocument(sync.didClose);
  connection.onDidChangeWatchedFiles(watchedFilesHandler(context, logger));

  connection.languages.inlineCompletion.on(guard.guard(inlineCompletionHandler({ engine, documents, settings, problems, logger, stats })));
  connection.onCompletion(guard.guard(completionHandler({ engine, documents, settings, problems, logger, stats })));
  connection.onCodeAction(guard.guard(codeActions.codeAction));
  connection.onCodeActionResolve(guard.guard(codeActions.resolve));
  connection.onExecuteCommand(guard.guard((params, token) => (commands[params.command] ?? codeActions.executeCommand)(params, token)));
  connection.onHover(guard.guard(hoverHandler({ explainer, features, logger })));

  connection.onShutdown(guard.shutdown(lifecycle.shutdown));
  connection.onExit(guard.exit(() => [services.syntax, services.tasks, services.indexer].some((threads) => threads?.held)));
  connection.listen();
}

/** The server's own commands (workspace/executeCommand); any other is a code action's. */
function commandHandlers(input: {
  connection: Connection;
  services: Services;
  settings: () => Settings;
  features: () => Features;
  folders: () => readonly string[];
  logger: Logger;
}): Record<string, (params: ExecuteCommandParams, token: CancellationToken) => Promise<unknown>> {
  const { connection, services, settings, features, folders, logger } = input;
  const { documents, languages, context, stats } = services;
  return {
    [COMMANDS.task]: taskCommandHandler({ connection, documents, languages, features, settings, folders, context, runPipeline: services.tasks?.run, logger }),
    [COMMANDS.ask]: askCommandHandler({
      connection,
      context,
      documents,
      settings,
      backend: () => services.actionsBackend(),
      workDoneProgress: () => features().workDoneProgress,
      logger,
    }),
    [COMMANDS.accepted]: async (params) => recordAccepted(stats, params),
  };
}

/** Reports model problems to the user, offering to pull a missing model where the client can answer a prompt. */
function problemReporter(connection: Connection, logger: Logger, services: Services, features: () => Features): ProblemReporter {
  return new ProblemReporter({
    connection,
    logger,
    // Clients without inline completion ask for items as a file opens or as the user types, and
    // Neovim 0.7 turns a message request into a blocking inputlist: a pull offer there would be a
    // modal prompt nobody asked for, so they get the advice (`ollama pull …`) as a plain message.
    messageActions: () => features().messageActions && features().inlineCompletion,
    pull: async (model) => {
      const backend = services.backend();
      if (!backend.pull) return;
      await pullWithProgress({ connection, backend: { pull: backend.pull.bind(backend) }, model, logger, progress: features().workDoneProgress });
      services.engine.reset();
    },
  });
}
