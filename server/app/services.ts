import { actionBackendKey, createActionBackend } from '../actions/action-backend.js';
import { ActionEngine } from '../actions/action-engine.js';
import { HoverExplainer } from '../actions/hover-explainer.js';
import { SecurityGate } from '../actions/security-gate.js';
import { CompletionEngine } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import { ContextService } from '../context/context-service.js';
import type { RepositorySource } from '../actions/repository.js';
import { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import { backendKey, createBackend } from '../model/create-backend.js';
import { AcceptanceLog } from '../stats/acceptance-log.js';
import { LanguageRegistry } from '../syntax/languages.js';
import type { Logger } from '../util/logger.js';
import { CompletionWarmUp } from './completion-warm-up.js';
import { defaultWorkerEntry, SyntaxWorker } from './syntax-worker/client.js';
import { defaultTaskWorkerEntry, TaskThreads } from './task-worker/client.js';
import { defaultIndexWorkerEntry, IndexWorker } from './index-worker/client.js';

export interface ServiceOptions {
  settings: () => Settings;
  logger: Logger;
  /**
   * Repository context for code actions and hover; default the index's provider. The language
   * server passes one that answers only once the index is built (a half-built one gives arbitrary snippets).
   */
  repository?: () => RepositorySource | undefined;
  /**
   * Parse off the main thread in a syntax worker (the language server: a parse must never hold the thread
   * that answers the editor): true for the compiled worker beside this module, or the path of a worker entry
   * (tests). One-shot CLI verbs parse on their own thread.
   */
  syntaxWorker?: boolean | string;
  /**
   * Run each task's pipeline in a worker thread of its own (the language server): true for the compiled entry
   * beside this module, or the path of one (tests). The CLI's `task` runs it on its own thread.
   */
  taskWorker?: boolean | string;
  /**
   * Parse the files an index build reads in a worker thread (the language server): true for the compiled entry
   * beside this module, or the path of one (tests). One-shot CLI verbs parse on their own thread.
   */
  indexWorker?: boolean | string;
  /**
   * Warm the keystroke caches after each index build, and the completion path when a language's first document
   * opens (default); one-shot commands turn it off.
   */
  warmUp?: boolean;
  /** Warm the completion path when a language's first document opens (default: as `warmUp`); tests that count parses turn it off. */
  completionWarmUp?: boolean;
}

/** Everything the language server, the CLI verbs and the benchmarks run on, built in one place. */
export interface Services {
  languages: LanguageRegistry;
  documents: DocumentStore;
  context: ContextService;
  engine: CompletionEngine;
  actions: ActionEngine;
  explainer: HoverExplainer;
  /** Local acceptance statistics of completions (never leave the machine). */
  stats: AcceptanceLog;
  /** The syntax worker, when one was asked for: open documents must be mirrored to it (open, change, close). */
  syntax?: SyntaxWorker;
  /** The task runs' threads, when asked for: `run` is the pipeline runner of `ghostline.task`. */
  tasks?: TaskThreads;
  /** The index builds' parsing thread, when asked for. */
  indexer?: IndexWorker;
  /**
   * Call when a document opens: the first time a language is seen, the completion path runs once on a scratch
   * document, a turn later and off the keystroke path, so the first completion compiles none of it (completion-warm-up.ts).
   */
  warmCompletions(languageId: string): Promise<void>;
  /** The completion model's backend (replaced when the model settings change). */
  backend(): ModelBackend;
  /** The instruct model's backend for actions, hover, ask and tasks (replaced when its settings change). */
  actionsBackend(): ModelBackend;
  /** Applies changed settings: new backends where their settings changed, caches reset. Says whether the completion model changed. */
  settingsChanged(next: Settings, previous: Settings): { modelChanged: boolean };
  /** Stops the work and writes the caches; `stage` hears each part as it starts (shutdown names it if it takes too long). */
  dispose(stage?: (part: string) => void): Promise<void>;
}

/** The composition root: builds the services once, for whichever front end asks. */
export function buildServices({ settings, logger, repository, syntaxWorker, taskWorker, indexWorker, warmUp, completionWarmUp }: ServiceOptions): Services {
  let backend: ModelBackend = createBackend(settings().model);
  // Code actions and hover use an instruct model, possibly on another server.
  let actionsBackend: ModelBackend = createActionBackend(settings());
  const languages = new LanguageRegistry();
  const documents = new DocumentStore({ languages, logger, maxFileBytes: () => settings().completion.maxFileBytes });
  const { syntax, tasks, indexer, offThread } = startThreads({ languages, logger, syntaxWorker, taskWorker, indexWorker });
  const context = new ContextService({ languages, documents, settings, logger, records: offThread, parser: indexer, warmUp });
  const gate = new SecurityGate({ documents, settings, offThread });
  const engine = new CompletionEngine({ documents, settings, backend: () => backend, logger, context: context.provider, syntax: offThread, gate });
  const actionRepository = repository ?? (() => context.provider);
  const actions = new ActionEngine({ documents, settings, backend: () => actionsBackend, logger, repository: actionRepository, offThread });
  const explainer = new HoverExplainer({ documents, settings, backend: () => actionsBackend, logger, repository: actionRepository, offThread });
  const stats = new AcceptanceLog({ settings, logger });
  const warmer = (completionWarmUp ?? warmUp) === false ? undefined : new CompletionWarmUp({ languages, settings, logger, context: context.provider, worker: offThread });
  // A turn later: the didOpen that asks returns first. Resolves when done (tests); never rejects.
  const warmCompletions = (languageId: string) => new Promise<void>((resolve) => setImmediate(resolve)).then(() => warmer?.warm(languageId));

  function settingsChanged(next: Settings, previous: Settings): { modelChanged: boolean } {
    const modelChanged = backendKey(next.model) !== backendKey(previous.model);
    if (modelChanged) backend = createBackend(next.model);
    if (actionBackendKey(next) !== actionBackendKey(previous)) actionsBackend = createActionBackend(next);
    engine.reset();
    context.settingsChanged();
    explainer.reset();
    return { modelChanged };
  }

  return {
    languages,
    documents,
    context,
    engine,
    actions,
    explainer,
    stats,
    syntax,
    tasks,
    indexer,
    warmCompletions,
    backend: () => backend,
    actionsBackend: () => actionsBackend,
    settingsChanged,
    dispose: (stage = () => undefined) => stopAll({ tasks, engine, syntax, stats, context, indexer }, stage),
  };
}

/** The threads the options ask for. Without a running syntax worker nothing is asked of it (`offThread`): the index and the checks stay synchronous, as before it. */
function startThreads(options: Pick<ServiceOptions, 'logger' | 'syntaxWorker' | 'taskWorker' | 'indexWorker'> & { languages: LanguageRegistry }) {
  const { languages, logger, syntaxWorker, taskWorker, indexWorker } = options;
  const syntax = syntaxWorker ? new SyntaxWorker(logger, syntaxWorker === true ? defaultWorkerEntry() : syntaxWorker) : undefined;
  const tasks = taskWorker ? new TaskThreads(languages, logger, taskWorker === true ? defaultTaskWorkerEntry() : taskWorker) : undefined;
  const indexer = indexWorker ? new IndexWorker(logger, indexWorker === true ? defaultIndexWorkerEntry() : indexWorker) : undefined;
  return { syntax, tasks, indexer, offThread: syntax?.available ? syntax : undefined };
}

/** Stops the services' work in order and writes their caches; `stage` hears each part as it starts. */
async function stopAll(parts: Pick<Services, 'tasks' | 'engine' | 'syntax' | 'stats' | 'context' | 'indexer'>, stage: (part: string) => void): Promise<void> {
  // First: a task's build or test processes are killed as it stops.
  stage('running tasks');
  await parts.tasks?.dispose();
  stage('completions');
  parts.engine.dispose();
  stage('the syntax worker');
  await parts.syntax?.dispose();
  stage('the usage statistics');
  await parts.stats.flush();
  stage('the workspace index');
  await parts.context.dispose();
  stage('the index worker');
  await parts.indexer?.dispose();
}
