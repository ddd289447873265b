import { fileURLToPath } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import type { ContextService, FileChangeKind, ProgressFactory } from '../context/context-service.js';
import { SOURCE_EXTENSIONS } from '../context/index/workspace-files.js';
import { manifestWatchGlobs, toolingMarkers } from '../syntax/modules.js';
import { LISTING_RULE_FILES } from '../context/relist.js';
import type { Logger } from '../util/logger.js';
import type { Features } from './features.js';

/**
 * What the workspace index watches: source files, the manifests import resolution reads, and what decides which files
 * it holds (ignore rules, and the markers of folders it leaves out: a virtual environment's pyvenv.cfg).
 */
export const WATCHED_GLOBS: readonly string[] = [
  `**/*.{${SOURCE_EXTENSIONS.map((ext) => ext.slice(1)).join(',')}}`,
  ...manifestWatchGlobs(),
  ...[...LISTING_RULE_FILES, ...toolingMarkers()].map((name) => `**/${name}`),
];

/** The workspace folders of an initialize request as file-system paths: workspaceFolders, else rootUri, else rootPath. */
export function workspaceFolders(params: InitializeParams): string[] {
  const paths = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []));
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths;
}

/** The file-system paths of workspace folders; folders on other schemes cannot be indexed. */
function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  return folders
    .map((folder) => folder.uri)
    .filter((uri) => uri.startsWith('file:'))
    .map((uri) => fileURLToPath(uri));
}

/** The workspace folders after a workspace/didChangeWorkspaceFolders event. */
export function foldersAfter(folders: readonly string[], event: WorkspaceFoldersChangeEvent): string[] {
  const removed = new Set(folderPaths(event.removed));
  return [...new Set([...folders.filter((folder) => !removed.has(folder)), ...folderPaths(event.added)])];
}

/** Starts indexing after `initialized`: with $/progress when the client shows it, and file watching when it lets the server register. */
export async function startIndexing(input: { connection: Connection; features: Features; service: ContextService; folders: readonly string[]; logger: Logger }): Promise<void> {
  const { connection, features, service, folders, logger } = input;
  // A second caller (a folder was added while the first waited for the configuration) waits for the same build.
  if (service.started) {
    await service.ready;
    return;
  }
  if (folders.length === 0) {
    logger.info('no workspace folder: completions use the current file alone');
    return;
  }
  // Started before the registration round trip, so a folder change meanwhile sees `started` and is not lost.
  const ready = service.start(folders, features.workDoneProgress ? indexingProgress(connection) : undefined);
  if (features.watchedFilesRegistration) {
    await connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch((error: unknown) => logger.warn(`could not register file watchers: ${(error as Error).message}`));
  }
  await ready;
}

/** workspace/didChangeWorkspaceFolders, once indexing has started: indexes the folders opened and drops the ones closed. */
export async function followWorkspaceFolders(service: ContextService, event: WorkspaceFoldersChangeEvent): Promise<void> {
  // Removed first, so a folder closed and reopened in one event is indexed afresh.
  const removed = service.removeFolders(folderPaths(event.removed));
  await Promise.all([removed, service.addFolders(folderPaths(event.added))]);
}

function indexingProgress(connection: Connection): ProgressFactory {
  return async (roots) => {
    const reporter = await connection.window.createWorkDoneProgress();
    reporter.begin('Ghostline: indexing the workspace', 0, `${roots.length} folder(s)`);
    return { report: (percentage, message) => reporter.report(percentage, message), done: () => reporter.done() };
  };
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
