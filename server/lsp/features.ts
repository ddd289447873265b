import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';

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
  /** The client has workspace folders and tells the server when they change (workspace/didChangeWorkspaceFolders). */
  workspaceFolders: boolean;
  /** textDocument/codeAction may answer CodeAction literals (else only Commands). */
  codeActionLiterals: boolean;
  /** codeAction/resolve may fill in `edit` (resolveSupport lists it and `data` survives the round trip). */
  codeActionResolveEdit: boolean;
  /** workspace/applyEdit: the way commands deliver edits. */
  applyEdit: boolean;
  /** WorkspaceEdit.documentChanges: versioned TextDocumentEdits. */
  documentChanges: boolean;
  /** A `create` resource operation in documentChanges (new test files). */
  createFiles: boolean;
  /** Hover content may be markdown. */
  hoverMarkdown: boolean;
  /** WorkspaceEdit.changeAnnotations: edits marked `needsConfirmation` are previewed before they apply. */
  changeAnnotations: boolean;
}

/** The commands code actions carry for clients without resolve support; also callable directly. */
export const COMMANDS = {
  /** Arguments: [data of an offered action]. */
  applyAction: 'ghostline.applyAction',
  /** Arguments: [{ uri, range, instruction? }]: refactor a range, as the user instructs. */
  refactor: 'ghostline.refactor',
  /** Arguments: [{ instruction, uris?, preview? }]: a task in words to a verified patch (`ghostline task`). */
  task: 'ghostline.task',
  /** Arguments: [{ question, uri?, range? }]: answers with {markdown, citations}, streaming through $/progress. */
  ask: 'ghostline.ask',
  /** Arguments: [{ id, chars? }]: the user accepted a suggestion (or `chars` of it); run by the client. */
  accepted: 'ghostline.accepted',
} as const;

const CODE_ACTION_KINDS = ['quickfix', 'refactor.rewrite', 'source'];

export function featuresFrom(capabilities: ClientCapabilities): Features {
  const codeAction = capabilities.textDocument?.codeAction;
  const workspaceEdit = capabilities.workspace?.workspaceEdit;
  const documentChanges = workspaceEdit?.documentChanges === true;
  return {
    inlineCompletion: capabilities.textDocument?.inlineCompletion !== undefined,
    configurationPull: capabilities.workspace?.configuration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    messageActions: capabilities.window?.showMessage?.messageActionItem !== undefined || capabilities.window?.showMessage === undefined,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    codeActionLiterals: codeAction?.codeActionLiteralSupport !== undefined,
    codeActionResolveEdit: codeAction?.dataSupport === true && (codeAction.resolveSupport?.properties ?? []).includes('edit'),
    applyEdit: capabilities.workspace?.applyEdit === true,
    documentChanges,
    createFiles: documentChanges && (workspaceEdit?.resourceOperations ?? []).includes('create'),
    hoverMarkdown: (capabilities.textDocument?.hover?.contentFormat ?? ['markdown']).includes('markdown'),
    changeAnnotations: documentChanges && workspaceEdit?.changeAnnotationSupport !== undefined,
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
  // Model-powered actions reach the buffer by resolve or by a command applying the edit: a client
  // with neither could only be offered actions that do nothing.
  if (features.codeActionResolveEdit || features.applyEdit) {
    capabilities.codeActionProvider = features.codeActionLiterals ? { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: features.codeActionResolveEdit } : true;
  }
  // Asking needs no edit and the client runs the accept command itself; the commands that apply edits need applyEdit.
  capabilities.executeCommandProvider = { commands: features.applyEdit ? Object.values(COMMANDS) : [COMMANDS.ask, COMMANDS.accepted] };
  capabilities.hoverProvider = true;
  // changeNotifications: true registers didChangeWorkspaceFolders statically, with no round trip.
  if (features.workspaceFolders) capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  return capabilities;
}
