import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexWorker } from '../../server/app/index-worker/client.js';
import type { RecordParser } from '../../server/context/index/build-types.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { Logger } from '../../server/util/logger.js';
import { closedAfterEach } from '../support/cleanup.js';
import { countParses, restoreParses } from '../support/parse-counter.js';
import { goSource } from '../support/edit-burst.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { COMPILED_INDEX_WORKER, COMPILED_SYNTAX_WORKER, inProcessServer, type InProcessServer } from '../support/in-process-server.js';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const closed = closedAfterEach();
const workers: IndexWorker[] = [];
let server: InProcessServer | undefined;
let folder: string | undefined;
afterEach(async () => {
  restoreParses();
  server?.connection.dispose();
  server = undefined;
  for (const worker of workers.splice(0)) await worker.dispose();
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, error() {}, warn: (message: string) => warnings.push(message), info() {}, debug() {} };
}

function indexWorker(entry: string | undefined, logger: Logger = recordingLogger(), idleMs?: number): IndexWorker {
  const worker = new IndexWorker(logger, entry, idleMs);
  workers.push(worker);
  return worker;
}

/** Every record of a build of `root` (sources and test fixtures of this repository: Go, TypeScript, Python), by path. */
async function build(root: string, parser?: RecordParser): Promise<string> {
  const index = new WorkspaceIndex(root, new LanguageRegistry(), () => ({ maxFileBytes: 1024 * 1024, maxFiles: 5000 }));
  const report = await index.build({ parser });
  expect(report.indexed).toBeGreaterThan(0);
  const records = [...index.records()].sort((a, b) => a.path.localeCompare(b.path));
  return JSON.stringify(records);
}

describe('the index worker', { timeout: 120_000 }, () => {
  it('gives a build the same records as parsing on the calling thread, and its thread ends once idle', async () => {
    for (const root of [join(REPOSITORY, 'server'), join(REPOSITORY, 'test', 'fixtures')]) {
      const worker = indexWorker(COMPILED_INDEX_WORKER, recordingLogger(), 200);
      const parses = countParses();
      const building = build(root, worker);
      await vi.waitFor(() => expect(worker.held).toBe(true), { timeout: 5_000, interval: 1 });
      const offThread = await building;
      // Every file was parsed in the worker's thread.
      expect(parses.count).toBe(0);
      restoreParses();
      expect(offThread).toBe(await build(root));
      // Idle: the thread ends, and then nothing is held (a thread asked to end is held until it has).
      await vi.waitFor(() => expect(worker.started).toBe(false), { timeout: 5_000 });
      await vi.waitFor(() => expect(worker.held).toBe(false), { timeout: 5_000 });
      // A later build starts a new thread.
      expect(await build(root, worker)).toBe(offThread);
    }
  });

  it('that cannot start says so once, and the build parses here with the same records', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ghostline-index-worker-'));
    const broken = join(folder, 'broken.mjs');
    await writeFile(broken, "throw new Error('no grammars here');\n");
    const logger = recordingLogger();
    const worker = indexWorker(broken, logger);
    const root = join(REPOSITORY, 'test', 'fixtures');
    expect(await build(root, worker)).toBe(await build(root));
    expect(await build(root, worker)).toBe(await build(root));
    expect(logger.warnings).toEqual([expect.stringMatching(/^index worker failed: no grammars here; the index parses on the main thread from now on$/)]);
  });

  it('in the language server: indexing a folder with a large file parses nothing on the thread that answers the editor', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ghostline-index-worker-'));
    await writeFile(join(folder, 'big.go'), goSource(256 * 1024));
    await writeFile(join(folder, 'small.py'), 'def f(x):\n    return x + 1\n');
    const fake = closed(await startFakeOllama());
    const parses = countParses();
    server = await inProcessServer({ modelUrl: fake.url, syntaxWorker: COMPILED_SYNTAX_WORKER, indexWorker: COMPILED_INDEX_WORKER, folder, completionWarmUp: false });
    await server.logged('indexed 2 files');
    expect(server.logs.join('\n')).toContain('index builds parse on a worker thread');
    expect(parses.count).toBe(0);
  });

  it('in the language server: a file created on disk is parsed by the worker too, and its declarations reach the prompt', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ghostline-index-worker-'));
    await writeFile(join(folder, 'main.go'), 'package main\n\nfunc main() {}\n');
    const fake = closed(await startFakeOllama());
    fake.reply({ text: 'x' });
    server = await inProcessServer({
      modelUrl: fake.url,
      syntaxWorker: COMPILED_SYNTAX_WORKER,
      indexWorker: COMPILED_INDEX_WORKER,
      folder,
      completionWarmUp: false,
      context: { gatherTimeoutMs: 1000 },
    });
    await server.logged('indexed 1 files');
    // Until the syntax worker has loaded its grammars, completions are checked on this thread.
    await server.logged('syntax worker ready');
    const parses = countParses();
    const big = `${goSource(256 * 1024)}\nfunc typedHelper(limits []int) int { return len(limits) }\n`;
    await writeFile(join(folder, 'big.go'), big);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(folder, 'big.go')).href, type: 1 }] });
    // Another file names the new function: once the index holds big.go's record, its prompt shows it. A new
    // document each time, so no completion is answered from the cache of an earlier one.
    let attempt = 0;
    await vi.waitFor(
      async () => {
        const callerUri = pathToFileURL(join(folder!, `caller${++attempt}.go`)).href;
        const text = `package main\n\nfunc caller${attempt}() int {\n\treturn typedHelper()\n}\n`;
        await server!.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: callerUri, languageId: 'go', version: 1, text } });
        const position = { line: 3, character: '\treturn typedHelper('.length };
        await server!.connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri: callerUri }, position, context: { triggerKind: 1 } });
        const prompt = (fake.generateRequests().at(-1)?.body as { prompt?: string } | undefined)?.prompt ?? '';
        expect(prompt).toContain('func typedHelper(');
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(parses.count).toBe(0);
  });
});
