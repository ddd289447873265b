import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ClientCapabilities, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/lsp/server.js';

/** The compiled syntax worker (vitest runs the sources, which start none; `npm test` builds dist/ first). */
export const COMPILED_SYNTAX_WORKER = fileURLToPath(new URL('../../dist/server/app/syntax-worker/entry.js', import.meta.url));
/** The compiled task worker: with it, `ghostline.task` runs its pipeline there (without it, on the test's thread). */
/** The compiled index worker: with it, the index build parses there (without it, on the test's thread). */
export const COMPILED_INDEX_WORKER = fileURLToPath(new URL('../../dist/server/app/index-worker/entry.js', import.meta.url));
export const COMPILED_TASK_WORKER = fileURLToPath(new URL('../../dist/server/app/task-worker/entry.js', import.meta.url));

/** A language server running in the test's own process, and the log lines it sent. */
export interface InProcessServer {
  connection: ProtocolConnection;
  logs: string[];
  /** Resolves once a log line contains `text` (rejects after `timeoutMs`). */
  logged(text: string, timeoutMs?: number): Promise<void>;
}

/**
 * Starts the server in this process (the same handler list as `ghostline --stdio`) over in-memory streams,
 * so a test can count every call into tree-sitter's parser on the thread that answers the editor.
 * `syntaxWorker` is a compiled worker entry (dist/); without it, the server runs from sources with none.
 */
export async function inProcessServer(input: {
  modelUrl: string;
  syntaxWorker?: string;
  /** A compiled task worker entry; false: none even when the server runs from dist/ (benchmarks). */
  taskWorker?: string | false;
  /** A compiled index worker entry; false: none even when the server runs from dist/ (benchmarks). */
  indexWorker?: string | false;
  folder?: string;
  completion?: Record<string, unknown>;
  /** The `context` settings (a test that waits for repository context raises its time cap: timing is the benchmarks' job). */
  context?: Record<string, unknown>;
  /** false: no completion warm-up, whose scratch document's parses a test counting every parse would see. */
  completionWarmUp?: boolean;
  /** The `actions` settings (a test that runs code actions names the fake's action model). */
  actions?: Record<string, unknown>;
  /** The client's capabilities, beyond inline completions and configuration. */
  capabilities?: ClientCapabilities;
}): Promise<InProcessServer> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(toServer, toClient), {
    version: 'test',
    syntaxWorker: input.syntaxWorker,
    taskWorker: input.taskWorker,
    indexWorker: input.indexWorker,
    completionWarmUp: input.completionWarmUp,
  });
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const logs: string[] = [];
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
  });
  connection.listen();
  const folderUri = input.folder && pathToFileURL(input.folder).href;
  await connection.sendRequest('initialize', {
    processId: null,
    rootUri: folderUri ?? null,
    workspaceFolders: folderUri ? [{ uri: folderUri, name: 'test' }] : null,
    capabilities: { ...input.capabilities, textDocument: { ...input.capabilities?.textDocument, inlineCompletion: {} }, workspace: { configuration: true } },
    initializationOptions: {
      model: { url: input.modelUrl },
      completion: input.completion ?? { debounceMs: 0 },
      ...(input.context ? { context: input.context } : {}),
      ...(input.actions ? { actions: input.actions } : {}),
    },
  });
  await connection.sendNotification('initialized', {});
  const logged = async (text: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!logs.some((line) => line.includes(text))) {
      if (Date.now() > deadline) throw new Error(`no log line with "${text}" within ${timeoutMs} ms; got:\n${logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { connection, logs, logged };
}
