/**
 * One minimal LSP client over stdio for every server in the peers benchmark, so Ghostline and the
 * peer are driven by exactly the same code: same message framing, same document bookkeeping, same
 * timing. It answers the few requests servers send to clients and records nothing else.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CancellationTokenSource,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type InlineCompletionList,
  type Position,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface PeerLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  capabilities: ClientCapabilities;
  initializationOptions?: unknown;
}

/** What the process probe (probe.ts) reports on SIGUSR2. */
export interface ProbeSample {
  loop: { maxMs: number; p50Ms: number; p99Ms: number; meanMs: number; samples: number };
  rss: number;
  rssAfterGc: number;
  heapUsedAfterGc: number;
  /** The V8 heap's committed size after the collection: RSS minus this (and external) is native memory. */
  heapTotalAfterGc: number;
  externalAfterGc: number;
}

/** A running language server and the client talking to it. */
export class PeerClient {
  private readonly documents = new Map<string, TextDocument>();
  stderr = '';

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    private readonly probeFile: string | undefined,
  ) {}

  /** Spawns the server and completes the initialize handshake. */
  static async start(launch: PeerLaunch): Promise<PeerClient> {
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new PeerClient(child, connection, launch.env['GHOSTLINE_PROBE_OUT']);
    child.stderr.on('data', (data: Buffer) => {
      // Keep only the tail: a chatty server must not grow the benchmark's own memory.
      client.stderr = (client.stderr + data.toString()).slice(-20_000);
    });
    connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? [{}]).map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: launch.capabilities,
      initializationOptions: launch.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one incremental didChange and keeps the client's copy in step. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const before = this.documents.get(uri);
    if (!before) throw new Error(`${uri} is not open`);
    const version = before.version + 1;
    this.documents.set(uri, TextDocument.update(before, changes, version));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async type(uri: string, position: Position, text: string): Promise<void> {
    await this.change(uri, [{ range: { start: position, end: position }, text }]);
  }

  text(uri: string): string {
    return this.documents.get(uri)?.getText() ?? '';
  }

  completion(uri: string, position: Position, token?: CancellationTokenSource): Promise<CompletionList | CompletionItem[] | null> {
    return this.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }, token);
  }

  inline(uri: string, position: Position, token?: CancellationTokenSource): Promise<InlineCompletionList | null> {
    return this.request('textDocument/inlineCompletion', { textDocument: { uri }, position, context: { triggerKind: 2 } }, token);
  }

  /** A request every server answers without the model: a result, or MethodNotFound from one that has no hover. */
  async hover(uri: string, position: Position): Promise<void> {
    await this.request('textDocument/hover', { textDocument: { uri }, position }).catch(() => undefined);
  }

  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    return token ? this.connection.sendRequest<R>(method, params, token.token) : this.connection.sendRequest<R>(method, params);
  }

  /** VmRSS of the server process from /proc, in bytes. */
  rss(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb === undefined) throw new Error(`no VmRSS for process ${this.pid}`);
    return Number(kb) * 1024;
  }

  /** Asks the in-process probe for its figures since the last call (needs NODE_OPTIONS with probe.js). */
  async probe(): Promise<ProbeSample> {
    const file = this.probeFile;
    if (!file) throw new Error('this server was started without the probe');
    const lines = (): string[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
    const before = lines().length;
    this.child.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (lines().length <= before) {
      if (Date.now() > deadline) throw new Error(`probe of process ${this.pid} did not answer`);
      await delay(20);
    }
    return JSON.parse(lines().at(-1) ?? '{}') as ProbeSample;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), delay(2000)]);
        await this.connection.sendNotification('exit');
      } catch {
        // Already gone: killed below.
      }
    }
    const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** The suggestion text of a completion answer from either server (items or inline), '' when none. */
export function firstSuggestion(answer: CompletionList | CompletionItem[] | InlineCompletionList | null): string {
  if (!answer) return '';
  const items: Array<CompletionItem | { insertText: unknown }> = Array.isArray(answer) ? answer : answer.items;
  const first = items[0];
  if (!first) return '';
  if ('textEdit' in first && first.textEdit) return first.textEdit.newText;
  const insert = first.insertText;
  if (typeof insert === 'string') return insert;
  if (insert && typeof insert === 'object' && 'value' in insert) return String(insert.value);
  return 'label' in first ? first.label : '';
}

export { CancellationTokenSource };
