import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationTokenSource,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Hover,
  type Range,
  type WorkspaceEdit,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InlineCompletionList,
  type CompletionList,
  type Position,
  type ProtocolConnection,
  type ServerCapabilities,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyTextEdits } from './workspace-edit.js';
import { testCacheHome } from './cache-home.js';

/** The compiled server, as users run it (`npm test` builds it first); this file also runs compiled, from dist/, in the benchmarks. */
export const SERVER_ENTRY = fileURLToPath(new URL(import.meta.url.includes('/dist/test/') ? '../../server/cli/main.js' : '../../dist/server/cli/main.js', import.meta.url));

export const INLINE_CAPABILITIES: ClientCapabilities = {
  textDocument: { inlineCompletion: {}, completion: { completionItem: { snippetSupport: false } } },
  workspace: { configuration: true },
  window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
};

export const ITEMS_CAPABILITIES: ClientCapabilities = {
  textDocument: { completion: { completionItem: { snippetSupport: false } } },
  workspace: { configuration: true },
  window: { workDoneProgress: true },
};

/** A client that resolves code actions lazily (VS Code, recent Neovim, Helix) and creates files. */
export const RESOLVE_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: false } },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source'] } },
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      disabledSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { workDoneProgress: true },
};

/** A client without codeAction/resolve (older Neovim): actions carry a command that applies the edit. */
export const COMMAND_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: false } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { workDoneProgress: true },
};

/** One workspace/applyEdit the server sent, and what this client answered. */
export interface AppliedEdit {
  label?: string;
  edit: WorkspaceEdit;
  result: ApplyWorkspaceEditResult;
}

export interface LogEntry {
  type: number;
  message: string;
}

export interface TestClientOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** What the client answers to workspace/configuration for the `ghostline` section. */
  workspaceSettings?: unknown;
  env?: NodeJS.ProcessEnv;
  /** The workspace folder (a file URI); none by default, so the server indexes nothing. */
  rootUri?: string;
}

/** A language client driving the real server binary over stdio, recording everything it is told. */
export class TestClient {
  readonly logs: LogEntry[] = [];
  readonly shownMessages: LogEntry[] = [];
  readonly messageRequests: string[] = [];
  /** Which action the simulated user picks in a window/showMessageRequest (none by default). */
  answerMessageRequest: (actions: Array<{ title: string }>) => { title: string } | null = () => null;
  readonly progress: unknown[] = [];
  /** client/registerCapability registrations the server asked for. */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  /** Bytes the server wrote to stdout that were not protocol messages would break the reader; stderr is collected. */
  stderr = '';
  workspaceSettings: unknown;
  /** What the server answered to initialize. */
  initializeResult: { capabilities: ServerCapabilities; serverInfo?: { name: string; version?: string } } | undefined;
  /** The client's copy of each open document, kept in step with what it tells the server. */
  private readonly documents = new Map<string, TextDocument>();
  readonly appliedEdits: AppliedEdit[] = [];
  /** The latest diagnostics the server published per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    options: TestClientOptions,
  ) {
    this.workspaceSettings = options.workspaceSettings ?? {};
  }

  static async start(options: TestClientOptions = {}): Promise<TestClient> {
    // Caches and statistics go to a temporary folder, never the user's ~/.cache.
    const child = spawn(process.execPath, [SERVER_ENTRY, '--stdio'], { env: { ...process.env, XDG_CACHE_HOME: testCacheHome(), ...options.env }, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection, options);
    child.stderr.on('data', (data: Buffer) => (client.stderr += data.toString()));
    connection.onNotification('window/logMessage', (params: LogEntry) => {
      client.logs.push(params);
    });
    connection.onNotification('window/showMessage', (params: LogEntry) => {
      client.shownMessages.push(params);
    });
    connection.onRequest('window/showMessageRequest', (params: LogEntry & { actions?: Array<{ title: string }> }) => {
      client.messageRequests.push(params.message);
      return client.answerMessageRequest(params.actions ?? []);
    });
    connection.onRequest('workspace/configuration', () => [client.workspaceSettings]);
    connection.onRequest('client/registerCapability', (params: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (params: unknown) => {
      client.progress.push(params);
    });
    connection.onRequest('workspace/applyEdit', async (params: ApplyWorkspaceEditParams) => {
      const result = await client.applyWorkspaceEdit(params.edit);
      client.appliedEdits.push({ label: params.label, edit: params.edit, result });
      return result;
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
    });
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: options.rootUri.split('/').pop() ?? 'workspace' }] : null,
      capabilities: options.capabilities ?? INLINE_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const before = this.documents.get(uri) ?? TextDocument.create(uri, 'plaintext', 1, '');
    const version = before.version + 1;
    this.documents.set(uri, TextDocument.update(before, changes, version));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The client's text of an open document. */
  text(uri: string): string | undefined {
    return this.documents.get(uri)?.getText();
  }

  version(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  /**
   * Applies a WorkspaceEdit as an editor does: a TextDocumentEdit whose version is not the open
   * document's is rejected (nothing is applied); open documents change in the buffer (and the
   * server hears a didChange), files that are not open change on disk; CreateFile creates the file.
   */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<ApplyWorkspaceEditResult> {
    const operations = edit.documentChanges ?? Object.entries(edit.changes ?? {}).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits }));
    for (const operation of operations) {
      if ('kind' in operation) continue;
      const open = this.documents.get(operation.textDocument.uri);
      if (open && operation.textDocument.version !== null && operation.textDocument.version !== open.version) {
        return { applied: false, failureReason: `version ${operation.textDocument.version} of ${operation.textDocument.uri} is outdated (now ${open.version})` };
      }
    }
    for (const operation of operations) {
      if ('kind' in operation) {
        if (operation.kind !== 'create') return { applied: false, failureReason: `unsupported operation ${operation.kind}` };
        const path = fileURLToPath(operation.uri);
        if (existsSync(path)) return { applied: false, failureReason: `${operation.uri} already exists` };
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, '');
        continue;
      }
      const { uri } = operation.textDocument;
      const edits = operation.edits.filter((e): e is { range: Range; newText: string } => 'range' in e);
      const open = this.documents.get(uri);
      if (open) {
        // Last edit first, so each change's range is still valid when the server applies it in order.
        const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
        await this.change(
          uri,
          sorted.map((e) => ({ range: e.range, text: e.newText })),
        );
      } else {
        const path = fileURLToPath(uri);
        writeFileSync(path, applyTextEdits(readFileSync(path, 'utf8'), edits));
      }
    }
    return { applied: true };
  }

  codeActions(uri: string, range: Range, context: { diagnostics?: Diagnostic[]; only?: string[] } = {}): Promise<Array<CodeAction | Command> | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: context.diagnostics ?? [], only: context.only } });
  }

  resolveAction(action: CodeAction, token?: CancellationTokenSource): Promise<CodeAction> {
    return this.request('codeAction/resolve', action, token);
  }

  executeCommand(command: string, args: unknown[], token?: CancellationTokenSource): Promise<unknown> {
    return this.request('workspace/executeCommand', { command, arguments: args }, token);
  }

  hover(uri: string, position: Position, token?: CancellationTokenSource): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position }, token);
  }

  /** Types `text` at `position` as one incremental change. */
  async type(uri: string, position: Position, text: string): Promise<void> {
    await this.change(uri, [{ range: { start: position, end: position }, text }]);
  }

  /** textDocument/didSave, as an editor sends it after writing the file. */
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** workspace/didChangeWatchedFiles: 1 created, 2 changed, 3 deleted. */
  async filesChanged(changes: Array<{ uri: string; type: 1 | 2 | 3 }>): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  inline(uri: string, position: Position, token?: CancellationTokenSource): Promise<InlineCompletionList | null> {
    return this.request('textDocument/inlineCompletion', { textDocument: { uri }, position, context: { triggerKind: 2 } }, token);
  }

  completion(uri: string, position: Position, token?: CancellationTokenSource): Promise<CompletionList | null> {
    return this.request('textDocument/completion', { textDocument: { uri }, position }, token);
  }

  /** Sends a request; a token is only passed when given (an undefined one would be sent as a parameter). */
  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    return token ? this.connection.sendRequest<R>(method, params, token.token) : this.connection.sendRequest<R>(method, params);
  }

  logText(): string {
    return this.logs.map((entry) => entry.message).join('\n');
  }

  /** Polls until `predicate` holds, for effects the server reports asynchronously. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the language server');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // The server may already be gone; kill it below.
      }
    }
    const exited = new Promise<void>((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

export { CancellationTokenSource };

export { testCacheHome };
