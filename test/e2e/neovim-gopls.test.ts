/**
 * The fix action is only as good as the diagnostics it receives: here they come from a real
 * language server, Debian's gopls, beside Ghostline in a real Neovim. The model's reply is
 * scripted; the proof is that `go build` accepts the file afterwards.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatRequests, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { runLuaScript, readKeyLog } from './nvim.js';

const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const ready = has('nvim', ['--version']) && has('gopls', ['version']) && has('go', ['version']);
const SCRIPT = fileURLToPath(new URL('./neovim-gopls.lua', import.meta.url));

const BROKEN = 'package shop\n\n// Label is how an item is shown.\nfunc Label(name string) string {\n\treturn "item:" + nme\n}\n';
const FIXED_FUNCTION = 'func Label(name string) string {\n\treturn "item:" + name\n}';

let fake: FakeOllama;
let workspace: Workspace;

beforeEach(async () => {
  fake = await startActionFake();
  workspace = makeWorkspace({ 'go.mod': 'module example.com/shop\n\ngo 1.19\n', 'cart.go': BROKEN });
});
afterEach(async () => {
  await fake.close();
  workspace.remove();
});

/** Go and gopls keep their caches in the workspace and never reach the network. */
function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: workspace.root, GOPATH: workspace.path('.gopath'), GOCACHE: workspace.path('.gocache'), GOPROXY: 'off', GOFLAGS: '-mod=mod' };
}

if (!ready && !process.env.CI) console.warn('test/e2e/neovim-gopls.test.ts: skipped, needs nvim, gopls and go (apt-get install neovim gopls golang-go)');

describe.skipIf(!ready && !process.env.CI)('gopls beside Ghostline in a real Neovim', () => {
  it("fixes a compile error gopls reports through Ghostline's quick fix, and the package builds", async () => {
    fake.reply({ text: `${FIXED_FUNCTION}</code>` });
    const out = workspace.path('nvim-out.jsonl');
    await runLuaScript({ script: SCRIPT, cwd: workspace.root, env: { ...goEnv(), WS: workspace.root, FAKE: fake.url, SERVER: SERVER_ENTRY, OUT: out }, timeoutMs: 80_000 });
    const log = readKeyLog(out);
    expect(log['error']).toBeUndefined();
    expect(log['diagnostic']).toMatchObject({ message: expect.stringContaining('nme'), source: 'compiler', line: 4 });
    expect(log['titles']).toContain('Ghostline: Fix "undeclared name: nme"');
    // gopls's diagnostic reached the model as the problem to fix.
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('undeclared name: nme');
    expect(workspace.read('cart.go')).toBe(BROKEN.replace('+ nme', '+ name'));
    const build = spawnSync('go', ['build', './...'], { cwd: workspace.root, env: goEnv(), encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 90_000);
});
