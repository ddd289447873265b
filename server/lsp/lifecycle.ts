import type { Connection, InitializeParams, InitializeResult, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { Services } from '../app/services.js';
import type { Settings } from '../config/schema.js';
import { FolderPolling } from '../context/folder-polling.js';
import { backendKey } from '../model/create-backend.js';
import type { Logger } from '../util/logger.js';
import type { HelperThreads } from '../util/thread-priority.js';
import type { Configuration } from './configuration.js';
import { featuresFrom, serverCapabilities, type Features } from './features.js';
import { followWorkspaceFolders, foldersAfter, startIndexing, workspaceFolders } from './indexing.js';
import type { ProblemReporter } from './problem-reporter.js';

export interface LifecycleOptions {
  connection: Connection;
  services: Services;
  configuration: Configuration;
  logger: Logger;
  version: string;
  /** The server's background threads: lowered at `initialize` (a failure can be logged from then on), and again once indexing has started libuv's pool. */
  helpers?: HelperThreads;
}

/**
 * The server's state over its life: client features, workspace folders, whether the index is
 * built, the preloaded model. Handlers read it; only this module changes it.
 */
export class Lifecycle {
  features: Features = featuresFrom({});
  /** Set once the first index is built: actions and hover take repository context only from then on. */
  indexed = false;
  problems: ProblemReporter | undefined;
  private folders: string[] = [];
  private running = false;
  /** Lists the folders now and then, for a client that cannot watch files for the server. */
  private polling: FolderPolling | undefined;
  private preloaded = '';

  constructor(private readonly options: LifecycleOptions) {}

  /** The workspace folders the client has open now. */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  private get settings(): Settings {
    return this.options.configuration.settings;
  }

  /** `initialize`: the client's features decide the capabilities announced. */
  initialize = (params: InitializeParams): InitializeResult => {
    this.features = featuresFrom(params.capabilities);
    this.folders = workspaceFolders(params);
    this.options.configuration.apply(params.initializationOptions, 'initializationOptions');
    this.options.helpers?.lower();
    return { capabilities: serverCapabilities(this.features), serverInfo: { name: 'ghostline', version: this.options.version } };
  };

  /** `initialized`: read the client's configuration, preload the model, start indexing. */
  initialized = (): void => {
    const { connection, configuration, logger, version } = this.options;
    this.running = true;
    const { model } = this.settings;
    const parses = this.options.services.syntax?.where ?? 'the main thread';
    const tasks = this.options.services.tasks?.where ?? 'the main thread';
    const indexes = this.options.services.indexer?.where ?? 'the main thread';
    logger.info(
      `ghostline ${version}: ${this.features.inlineCompletion ? 'inline completions' : 'completion items'}, model ${model.name} at ${model.url} (${model.provider}); parses on ${parses}, index builds parse on ${indexes}, tasks run on ${tasks}`,
    );
    configuration
      .start(connection, this.features)
      .finally(() => {
        this.preload();
        return this.settings.context.enabled ? this.index() : undefined;
      })
      .catch((error: unknown) => logger.warn(`workspace indexing stopped: ${(error as Error).message}`));
    // Only now: subscribing before the initialize result is filled in would make the library
    // register the notification dynamically, although the capability already announces it.
    if (this.features.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(this.workspaceFoldersChanged);
  };

  /** New settings: new backends where needed, a preload for a new model, indexing once enabled. */
  settingsChanged = (next: Settings, previous: Settings): void => {
    this.options.logger.info(`settings updated: model ${next.model.name} (${next.model.template}) at ${next.model.url} (${next.model.provider})`);
    const { modelChanged } = this.options.services.settingsChanged(next, previous);
    if (modelChanged) {
      this.problems?.reset();
      this.preload();
    }
    if (this.running && next.context.enabled && !this.options.services.context.started) this.index().catch(() => undefined);
    else if (next.context.pollDisk !== previous.context.pollDisk) this.followFolders().catch(() => undefined);
  };

  /** Loads the model once per (server, model), so the first completion does not pay for it. */
  preload(): void {
    const key = backendKey(this.settings.model);
    if (this.preloaded === key) return;
    this.preloaded = key;
    const { name, url } = this.settings.model;
    const { logger } = this.options;
    this.options.services
      .backend()
      .preload(AbortSignal.timeout(120_000))
      .then(
        () => logger.info(`model ${name} loaded on ${url}`),
        (error: unknown) => {
          this.preloaded = '';
          logger.info(`could not preload ${name} from ${url}: ${(error as Error).message}`);
        },
      );
  }

  private index(): Promise<void> {
    const { connection, services, logger } = this.options;
    const indexing = startIndexing({ connection, features: this.features, service: services.context, folders: this.folders, logger });
    // Started with the build (which has made its indexes by now), so nothing written while it runs is missed.
    const polling = this.followFolders();
    return Promise.all([indexing, polling]).then(() => {
      this.indexed = services.context.started;
      this.options.helpers?.lower();
    });
  }

  /** Without file watching in the client (or with context.pollDisk "always"), the server looks for changes on disk itself. */
  private async followFolders(): Promise<void> {
    const { pollDisk } = this.settings.context;
    const poll = pollDisk === 'always' || (pollDisk === 'auto' && !this.features.watchedFilesRegistration);
    if (!poll || !this.options.services.context.started) return this.polling?.dispose();
    const { services, logger } = this.options;
    // GHOSTLINE_POLL_MS: another interval (tests).
    const intervalMs = Number(process.env.GHOSTLINE_POLL_MS) || undefined;
    this.polling ??= new FolderPolling({ service: services.context, settings: () => this.settings, lastChangeAt: () => services.documents.lastChangeAt, logger, intervalMs });
    await this.polling.follow();
  }

  /** `shutdown`: no more looks at the disk, then the services' own cleanup (`stage` names each part, for the log). */
  shutdown = (stage: (part: string) => void): Promise<void> => {
    this.polling?.dispose();
    return this.options.services.dispose(stage);
  };

  private workspaceFoldersChanged = (event: WorkspaceFoldersChangeEvent): void => {
    const { services, logger } = this.options;
    this.folders = foldersAfter(this.folders, event);
    // The first folder of a server that had none starts indexing (and file watching) as `initialized` would have.
    const following = services.context.started
      ? Promise.all([followWorkspaceFolders(services.context, event), this.followFolders()])
      : this.settings.context.enabled
        ? this.index()
        : undefined;
    following?.catch((error: unknown) => logger.warn(`could not follow the workspace folders: ${(error as Error).message}`));
  };
}
