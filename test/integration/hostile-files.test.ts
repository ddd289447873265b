import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTitled, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { RESOLVE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { parseMarked, positionAt } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { ACTION_MODEL } from '../support/actions.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;

const MAIN = parseMarked('package main\n\nfunc Greet(name string) string {\n}\n\nfunc main() {\n\t_ = Greet("x")\n\t█\n}\n');
const UTIL = 'package main\n\n// Twice doubles n.\nfunc Twice(n int) int { return 2 * n }\n';

// Reading any of these would block forever (a FIFO nobody writes) or fail in odd ways (a socket).
const FIFOS = ['go.mod', 'package.json', 'tsconfig.json', '.gitignore', 'pipe.go'];

let workspace: Workspace;
let socket: Server;
let fake: FakeOllama;
let client: TestClient;
let cacheDir: string;

beforeAll(async () => {
  workspace = makeWorkspace({ 'main.go': MAIN.text, 'util.go': UTIL });
  for (const name of FIFOS) execFileSync('mkfifo', [workspace.path(name)]);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(workspace.path('socket.go'), resolve));
  symlinkSync(workspace.path('gone.go'), workspace.path('dangling.go'));
  cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-hostile-cache-'));
  fake = await startActionFake();
  client = await TestClient.start({
    capabilities: RESOLVE_CAPABILITIES,
    rootUri: workspace.uri(''),
    initializationOptions: { model: { url: fake.url }, actions: { model: ACTION_MODEL }, completion: { debounceMs: 0 }, context: { cacheDir } },
  });
});
afterAll(async () => {
  await client?.stop();
  await fake?.close();
  await new Promise((resolve) => socket?.close(resolve));
  workspace?.remove();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('a workspace with FIFOs, a socket and a dangling symlink', () => {
  it('is indexed to the end, each of them reported skipped', async () => {
    await client.waitFor(() => /indexed \d+ files/.test(client.logText()), 15_000);
    const line =
      client
        .logText()
        .split('\n')
        .find((text) => /indexed \d+ files/.test(text)) ?? '';
    expect(line).toMatch(/indexed 2 files/);
    const notRegular = /skipped .*?(\d+) not-regular \(([^)]*)\)/.exec(line);
    expect(notRegular?.[1]).toBe(String(FIFOS.length + 1));
    expect((notRegular?.[2] ?? '').split(', ').sort()).toEqual([...FIFOS, 'socket.go'].sort());
    expect(line).toMatch(/1 dangling-symlink \(dangling\.go\)/);
  });

  it('answers completions, code actions and their resolution', async () => {
    const uri = workspace.uri('main.go');
    await client.open(uri, 'go', MAIN.text);
    fake.enqueue({ text: 'println(Twice(2))' });
    const list = await client.completion(uri, MAIN.position);
    expect(list?.items[0]?.insertText ?? list?.items[0]?.textEdit?.newText).toBe('println(Twice(2))');

    const at = positionAt(MAIN.text, MAIN.text.indexOf('func Greet(') + 'func Greet('.length);
    const action = actionTitled(await client.codeActions(uri, { start: at, end: at }), 'Ghostline: Implement Greet');
    // Resolving reads the environment (go.mod, walking up): the FIFO must be passed over, not opened.
    fake.reply({ text: 'return "hello " + name\n</code>' });
    const resolved = await client.resolveAction(action);
    expect(JSON.stringify(resolved.edit)).toContain('return \\"hello \\" + name');
  });
});

describe('ghostline complete', () => {
  it('refuses a FIFO with a one-line error instead of hanging', async () => {
    const result = await run(process.execPath, [BIN, 'complete', `${workspace.path('pipe.go')}:1:1`, '--no-context'], {
      env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: cacheDir },
      timeout: 20_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string; killed?: boolean }) => ({ code: error.killed ? -1 : error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`ghostline: cannot read ${workspace.path('pipe.go')}: it is a FIFO, not a regular file`]);
  });
});
