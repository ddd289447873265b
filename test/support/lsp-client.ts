import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CancellationTokenSource,
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

/** The compiled server, as users run it (`npm test` builds it first); this file also runs compiled, from dist/, in the benchmarks. */
export const SERVER_ENTRY = fileURLToPath(
  new URL(import.meta.url.includes('/dist/test/') ? '../../server/cli/main.js' : '../../dist/server/cli/main.js', import.meta.url),
);

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
  private versions = new Map<string, number>();

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    options: TestClientOptions,
  ) {
    this.workspaceSettings = options.workspaceSettings ?? {};
  }

  static async start(options: TestClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER_ENTRY, '--stdio'], { env: { ...process.env, ...options.env }, stdio: 'pipe' });
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
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
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
