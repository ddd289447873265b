import { fileURLToPath } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
} from 'vscode-languageserver/node';
import type { ContextService, FileChangeKind, ProgressSink } from '../context/context-service.js';
import { SOURCE_EXTENSIONS } from '../context/workspace-files.js';
import type { Logger } from '../util/logger.js';
import type { Features } from './features.js';

/** What the workspace index watches: source files and the manifests import resolution reads. */
export const WATCHED_GLOBS: readonly string[] = [
  `**/*.{${SOURCE_EXTENSIONS.map((ext) => ext.slice(1)).join(',')}}`,
  '**/go.mod',
  '**/package.json',
  '**/tsconfig.json',
];

/** The workspace folders of an initialize request as file-system paths: workspaceFolders, else rootUri, else rootPath. */
export function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths;
}

/** Starts indexing after `initialized`: with $/progress when the client shows it, and file watching when it lets the server register. */
export async function startIndexing(input: {
  connection: Connection;
  features: Features;
  service: ContextService;
  folders: readonly string[];
  logger: Logger;
}): Promise<void> {
  const { connection, features, service, folders, logger } = input;
  if (service.started) return;
  if (folders.length === 0) {
    logger.info('no workspace folder: completions use the current file alone');
    return;
  }
  if (features.watchedFilesRegistration) {
    await connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch((error: unknown) => logger.warn(`could not register file watchers: ${(error as Error).message}`));
  }
  const progress = features.workDoneProgress
    ? async (): Promise<ProgressSink> => {
        const reporter = await connection.window.createWorkDoneProgress();
        reporter.begin('Ghostline: indexing the workspace', 0, `${folders.length} folder(s)`);
        return { report: (percentage, message) => reporter.report(percentage, message), done: () => reporter.done() };
      }
    : undefined;
  await service.start(folders, progress);
}

/** workspace/didChangeWatchedFiles: files created, changed or deleted outside the editor. */
export function watchedFilesHandler(service: ContextService, logger: Logger) {
  return (params: DidChangeWatchedFilesParams): void => {
    for (const change of params.changes) {
      const kind: FileChangeKind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      service.fileChanged(change.uri, kind).catch((error: unknown) => logger.warn(`index update for ${change.uri} failed: ${(error as Error).message}`));
    }
  };
}
