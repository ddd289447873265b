import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { runLuaScript, readKeyLog } from './nvim.js';

const hasNeovim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const SCRIPT = fileURLToPath(new URL('./neovim-ask.lua', import.meta.url));
const RTP = fileURLToPath(new URL('../../clients/neovim', import.meta.url));
const WS = fileURLToPath(new URL('../fixtures/mcp', import.meta.url));

let fake: FakeOllama;
let scratch: string;
beforeAll(async () => {
  fake = await startFakeOllama({ models: [DEFAULT_MODEL, { name: 'qwen2.5-coder:7b-instruct' }] });
  scratch = mkdtempSync(join(tmpdir(), 'ghostline-nvim-ask-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!hasNeovim)(':GhostlineAsk in a real Neovim (Debian 0.7)', () => {
  it('fills a scratch markdown buffer with the answer and puts the citations in the quickfix list', async () => {
    fake.reply({ chunks: ['It prints ', 'the total\n', 'from cart/cart.go:20', '.\n'], perTokenMs: 20 });
    const out = join(scratch, 'out.jsonl');
    await runLuaScript({
      script: SCRIPT,
      cwd: WS,
      env: { ...process.env, WS, FAKE: fake.url, SERVER: SERVER_ENTRY, RTP, OUT: out, XDG_CACHE_HOME: scratch, OLLAMA_HOST: '' },
      timeoutMs: 40_000,
    });
    const log = readKeyLog(out);
    expect(log['error']).toBeUndefined();
    expect(log['filetype']).toBe('markdown');
    expect(log['buffer']).toBe('# What does this print?\n\nIt prints the total\nfrom cart/cart.go:20.\n');
    expect(log['quickfix']).toEqual([{ file: 'cart/cart.go', lnum: 20, text: 'Cart.Total' }]);
    const prompt = JSON.stringify(fake.generateRequests().at(-1)!.body);
    expect(prompt).toContain('cmd/shop/main.go:10-12 (the selection)');
  }, 60_000);
});
