/**
 * Neovim 0.7's built-in completion (<C-x><C-o>) inserts an item's word as one line with a NUL for
 * each newline. The plugin puts an accepted multi-line Ghostline suggestion back as its lines.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { readKeyLog } from './nvim.js';

const hasNeovim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const SCRIPT = fileURLToPath(new URL('./neovim-menu.lua', import.meta.url));
const PLUGIN = fileURLToPath(new URL('../../clients/neovim', import.meta.url));

const SOURCE = parseMarked('export function total(prices: number[]): number {\n  █\n}\n\nexport function count(items: string[]): number {\n  \n}\n');
const ACCEPTED = 'let sum = 0;\n  for (const p of prices) sum += p;\n  return sum;';
const BIN = fileURLToPath(new URL('../../bin/ghostline.js', import.meta.url));

let fake: FakeOllama;
let workspace: Workspace;

beforeEach(async () => {
  fake = await startFakeOllama();
  workspace = makeWorkspace({ 'package.json': '{ "name": "menu", "type": "module" }\n', 'total.ts': SOURCE.text });
});
afterEach(async () => {
  await fake.close();
  workspace.remove();
});

describe.skipIf(!hasNeovim)("Neovim's built-in completion menu", () => {
  it('accepting a multi-line suggestion inserts its lines; ghostline stats counts it, not the one dismissed', async () => {
    // The second function's cursor gets its own reply, which the test dismisses.
    fake.reply((request) => ({ text: JSON.stringify(request.body).includes('string[]): number {\\n  <|fim_suffix|>') ? 'return items.length;' : `${ACCEPTED}\n}\n` }));
    const out = workspace.path('nvim-out.jsonl');
    const nvim = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${SCRIPT}`], {
      cwd: workspace.root,
      env: {
        ...process.env,
        HOME: workspace.root,
        XDG_CACHE_HOME: workspace.path('.cache'),
        PLUGIN,
        FILE: workspace.path('total.ts'),
        ROW: String(SOURCE.position.line + 1),
        FAKE: fake.url,
        SERVER: SERVER_ENTRY,
        OUT: out,
      },
      stdio: 'ignore',
    });
    const kill = setTimeout(() => nvim.kill('SIGKILL'), 40_000);
    await new Promise((resolve) => nvim.on('exit', resolve));
    clearTimeout(kill);
    const log = readKeyLog(out);
    expect(log['error']).toBeUndefined();
    const lines = log['lines'] as string[];
    expect(
      lines.some((line) => line.includes('\n') || line.includes('\0')),
      JSON.stringify(lines),
    ).toBe(false);
    expect(lines.slice(0, 4)).toEqual(['export function total(prices: number[]): number {', '  let sum = 0;', '  for (const p of prices) sum += p;', '  return sum;']);
    expect(lines.slice(6, 8)).toEqual(['export function count(items: string[]): number {', '  ']);

    // The server recorded both suggestions beside its index cache; the CLI reads them back.
    const stats = JSON.parse(execFileSync(process.execPath, [BIN, 'stats', '--json'], { env: { ...process.env, XDG_CACHE_HOME: workspace.path('.cache') }, encoding: 'utf8' })) as {
      total: { shown: number; accepted: number; rate: number; charsAccepted: number; latencyP50Ms?: number };
      byLanguage: Record<string, { shown: number; accepted: number }>;
      byModel: Record<string, { shown: number; accepted: number }>;
    };
    expect(stats.total).toMatchObject({ shown: 2, accepted: 1, rate: 0.5, charsAccepted: ACCEPTED.length });
    expect(stats.total.latencyP50Ms).toEqual(expect.any(Number));
    expect(stats.byLanguage).toEqual({ typescript: expect.objectContaining({ shown: 2, accepted: 1 }) });
    expect(stats.byModel).toEqual({ 'qwen2.5-coder:1.5b-base': expect.objectContaining({ shown: 2, accepted: 1 }) });
  }, 50_000);
});
