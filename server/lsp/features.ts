import {
  TextDocumentSyncKind,
  type ClientCapabilities,
  type ServerCapabilities,
} from 'vscode-languageserver/node';

/** What the client can do, decided once from its declared capabilities (never from its name). */
export interface Features {
  /** textDocument/inlineCompletion (VS Code, Neovim ≥ 0.12); completion items otherwise. */
  inlineCompletion: boolean;
  /** workspace/configuration pull. */
  configurationPull: boolean;
  /** The client lets the server register for didChangeConfiguration. */
  configurationRegistration: boolean;
  /** Server-initiated $/progress (window/workDoneProgress/create). */
  workDoneProgress: boolean;
  /** window/showMessageRequest with action buttons. */
  messageActions: boolean;
  /** The client lets the server register file watchers (workspace/didChangeWatchedFiles). */
  watchedFilesRegistration: boolean;
}

export function featuresFrom(capabilities: ClientCapabilities): Features {
  return {
    inlineCompletion: capabilities.textDocument?.inlineCompletion !== undefined,
    configurationPull: capabilities.workspace?.configuration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    messageActions: capabilities.window?.showMessage?.messageActionItem !== undefined || capabilities.window?.showMessage === undefined,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}

/** Advertises exactly what this server serves to this client. */
export function serverCapabilities(features: Features): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    // Saves keep the workspace index current; the text is already known from the edits.
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  };
  if (features.inlineCompletion) {
    capabilities.inlineCompletionProvider = true;
  } else {
    // Trigger characters make editors that only ask on identifiers also ask after `.` and `(`.
    capabilities.completionProvider = { triggerCharacters: ['.', '(', ' ', '{', '\n'], resolveProvider: false };
  }
  return capabilities;
}
