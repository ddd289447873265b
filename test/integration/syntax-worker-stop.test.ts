import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

/** Folders for the workers' scripts, removed after each test. */
const scratchFolder = workspacesRemovedAfterEach();

const DIST_SERVER = fileURLToPath(new URL('../../dist/server/lsp/server.js', import.meta.url));
const DIST_CLIENT = fileURLToPath(new URL('../../dist/server/app/syntax-worker/client.js', import.meta.url));
const DIST_ENTRY = fileURLToPath(new URL('../../dist/server/app/syntax-worker/entry.js', import.meta.url));
const CONNECTION = createRequire(import.meta.url).resolve('vscode-languageserver/node');

/** Processes to end after each test (the held child outlives a passing test on purpose). */
const leftover: number[] = [];
afterEach(() => {
  for (const pid of leftover.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * A folder with a syntax worker whose thread blocks in a synchronous child process (native code: terminate()
 * cannot interrupt it) on the first document it is sent; the child writes its pid to `held.pid` and stays
 * for a minute. And a script that runs the compiled server over stdio with that worker.
 */
function stuckServer(): { folder: string; script: string; pidFile: string } {
  const folder = scratchFolder({});
  const pidFile = join(folder, 'held.pid');
  const hold = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000);`;
  writeFileSync(
    join(folder, 'worker.mjs'),
    [
      "import { spawnSync } from 'node:child_process';",
      "import { parentPort } from 'node:worker_threads';",
      `parentPort.on('message', (m) => m.type === 'open' && spawnSync(process.execPath, ['-e', ${JSON.stringify(hold)}]));`,
      "parentPort.postMessage({ type: 'ready' });",
      '',
    ].join('\n'),
  );
  const script = join(folder, 'server.mjs');
  writeFileSync(
    script,
    [
      `import { createConnection } from ${JSON.stringify(CONNECTION)};`,
      `import { startServer } from ${JSON.stringify(DIST_SERVER)};`,
      `startServer(createConnection(process.stdin, process.stdout), { version: 'test', syntaxWorker: ${JSON.stringify(join(folder, 'worker.mjs'))} });`,
      '',
    ].join('\n'),
  );
  return { folder, script, pidFile };
}

describe('exit after a shutdown whose syntax worker thread did not stop', () => {
  it('ends the process without waiting for the held thread (Node would join it on process.exit)', async () => {
    const { script, pidFile } = stuckServer();
    const server = spawn(process.execPath, [script], { stdio: 'pipe' });
    leftover.push(server.pid!);
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onRequest('workspace/configuration', () => [{}]);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { model: { url: 'http://127.0.0.1:1' } } });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///w/main.go', languageId: 'go', version: 1, text: 'package main\n' } });
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((resolve) => setTimeout(resolve, 20));
    const held = Number(readFileSync(pidFile, 'utf8'));
    leftover.push(held);

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await ended;
    connection.dispose();
    // The server is gone while the thread's child still runs: its exit did not wait for the thread.
    expect(() => process.kill(held, 0)).not.toThrow();
    expect(stderr).toContain('a worker thread did not stop at shutdown');
  });
});

describe('stopping the syntax worker while it parses', () => {
  it('lets the parse finish instead of aborting the process (terminate() there aborted it, exit code 134)', () => {
    // A Go file of 20,000 unclosed brackets: error recovery keeps the worker's parse busy for a second or more,
    // so a stop 300 ms after the hover that asks for it arrives mid-parse. The process then exits once the
    // thread has ended, as the server does.
    const folder = scratchFolder({});
    const script = join(folder, 'stop.mjs');
    writeFileSync(
      script,
      [
        `import { SyntaxWorker } from ${JSON.stringify(DIST_CLIENT)};`,
        `const worker = new SyntaxWorker({ error() {}, warn() {}, info() {}, debug() {} }, ${JSON.stringify(DIST_ENTRY)}, 100);`,
        'await worker.whenReady();',
        "const text = 'package main\\n\\nfunc f() {\\n' + Array.from({ length: 20000 }, (_, i) => `\\tx := g(${i}, [\\n`).join('');",
        "worker.open('file:///w/broken.go', 'go', 1, text);",
        "void worker.hoverTarget({ uri: 'file:///w/broken.go', version: 1, offset: 20, signal: new AbortController().signal });",
        'await new Promise((resolve) => setTimeout(resolve, 300));',
        'await worker.dispose();',
        'while (worker.held) await new Promise((resolve) => setTimeout(resolve, 20));',
        'process.exit(0);',
        '',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).not.toContain('terminate called');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  });
});
