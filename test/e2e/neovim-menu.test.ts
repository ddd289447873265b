/**
 * Neovim 0.7's built-in completion (<C-x><C-o>) inserts an item's word as one line with a NUL for
 * each newline. The plugin puts an accepted multi-line Ghostline suggestion back as its lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const hasNeovim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const SCRIPT = fileURLToPath(new URL('./neovim-menu.lua', import.meta.url));
const PLUGIN = fileURLToPath(new URL('../../clients/neovim', import.meta.url));

const SOURCE = parseMarked('export function total(prices: number[]): number {\n  █\n}\n');

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

describe.skipIf(!hasNeovim)('Neovim\'s built-in completion menu', () => {
  it('accepting a multi-line suggestion inserts its lines, not one line of NULs', async () => {
    fake.reply({ text: 'let sum = 0;\n  for (const p of prices) sum += p;\n  return sum;\n}\n' });
    const out = workspace.path('nvim-out.jsonl');
    const nvim = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${SCRIPT}`], {
      cwd: workspace.root,
      env: { ...process.env, HOME: workspace.root, PLUGIN, FILE: workspace.path('total.ts'), ROW: String(SOURCE.position.line + 1), FAKE: fake.url, SERVER: SERVER_ENTRY, OUT: out },
      stdio: 'ignore',
    });
    const kill = setTimeout(() => nvim.kill('SIGKILL'), 40_000);
    await new Promise((resolve) => nvim.on('exit', resolve));
    clearTimeout(kill);
    const log = Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((line) => {
      const { key, value } = JSON.parse(line) as { key: string; value: unknown };
      return [key, value];
    }));
    expect(log['error']).toBeUndefined();
    const lines = log['lines'] as string[];
    expect(lines.some((line) => line.includes('\n') || line.includes('\0')), JSON.stringify(lines)).toBe(false);
    expect(lines.slice(0, 4)).toEqual(['export function total(prices: number[]): number {', '  let sum = 0;', '  for (const p of prices) sum += p;', '  return sum;']);
  }, 50_000);
});
