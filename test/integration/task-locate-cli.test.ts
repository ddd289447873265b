import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_SHOP, TS_LEDGER } from '../support/localize-fixtures.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const run = promisify(execFile);
/** The built CLI, as `npm test` compiles it first. */
const MAIN = new URL('../../dist/server/cli/main.js', import.meta.url).pathname;

let cacheHome: string;
let go: Workspace;
let ts: Workspace;
beforeAll(() => {
  cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-task-cache-'));
  go = makeWorkspace(GO_SHOP);
  ts = makeWorkspace(TS_LEDGER);
});
afterAll(() => {
  rmSync(cacheHome, { recursive: true, force: true });
  go.remove();
  ts.remove();
});

async function ghostline(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // OLLAMA_HOST points nowhere: a model call would fail the run, and --locate-only must make none.
    const env = { ...process.env, OLLAMA_HOST: 'http://127.0.0.1:9', XDG_CACHE_HOME: cacheHome };
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { env, cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('ghostline task --locate-only', () => {
  it('refuses --rerank and --embed-model, which would ask a model, with one line and exit 2', async () => {
    for (const flag of [['--rerank'], ['--embed-model', 'nomic-embed-text']]) {
      const { code, stdout, stderr } = await ghostline(['task', 'add a route', '--locate-only', ...flag, '--root', go.root]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('ghostline: --rerank and --embed-model ask a model, and --locate-only makes no model call: use one or the other\n');
    }
  });

  it('refuses a flag that acts on a patch, which it makes none of, instead of dropping it', async () => {
    const { code, stdout, stderr } = await ghostline(['task', 'add a route', '--locate-only', '--apply', '--root', go.root]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('ghostline: --apply acts on a patch, and --locate-only makes none: use one or the other\n');
  });

  it('a task that matches nothing exits 2 with the reason; --json still prints the empty lists', async () => {
    const task = 'zyxwvut qqqq';
    const text = await ghostline(['task', task, '--locate-only', '--root', go.root]);
    expect(text).toEqual({ code: 2, stdout: '', stderr: 'ghostline: nothing in the repository matches the words of the task\n' });
    const json = await ghostline(['task', task, '--locate-only', '--json', '--root', go.root]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ task, files: [], declarations: [] });
    expect(json.stderr).toBe('ghostline: nothing in the repository matches the words of the task\n');
  });

  it('--json prints exactly {task, files, declarations}, best first, paths relative to the root', async () => {
    const task = 'the echo route replies to the visitor without the current time';
    const { code, stdout, stderr } = await ghostline(['task', task, '--locate-only', '--json', '--root', go.root]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout) as { task: string; files: Array<Record<string, unknown>>; declarations: Array<Record<string, unknown>> };
    expect(Object.keys(result)).toEqual(['task', 'files', 'declarations']);
    expect(result.task).toBe(task);
    expect(result.files.length).toBeGreaterThan(1);
    for (const file of result.files) {
      expect(Object.keys(file)).toEqual(['path', 'score', 'why']);
      expect(file.path).not.toMatch(/^\/|\\/);
      expect(typeof file.why).toBe('string');
    }
    for (const declaration of result.declarations) expect(Object.keys(declaration)).toEqual(['path', 'name', 'kind', 'line', 'score']);
    const scores = (list: Array<Record<string, unknown>>) => list.map((entry) => entry.score as number);
    expect(scores(result.files)).toEqual([...scores(result.files)].sort((a, b) => b - a));
    expect(scores(result.declarations)).toEqual([...scores(result.declarations)].sort((a, b) => b - a));
    expect(result.declarations[0]).toMatchObject({ path: 'web/handlers.go', name: 'handleEcho', kind: 'function' });
    expect(result.declarations.map((d) => d.name)).toContain('WriteGreeting');
  });

  it('prints ranked files with their reasons, then path:line name (kind) score; --root defaults to the workspace of the current folder', async () => {
    const { code, stdout } = await ghostline(['task', 'Ledger.sum adds booked entries twice', '--locate-only'], ts.path('src'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}1\. src\/ledger\.ts {2}[\d.]+\n {7}\S/m);
    expect(stdout).toMatch(/^ {2}src\/ledger\.ts:\d+ Ledger\.sum \(method\) [\d.]+$/m);
  });

  it('exits 2 with a one-line reason on bad input', async () => {
    const cases = [
      ['task', '', '--locate-only'],
      ['task', 'two', 'words', '--locate-only'],
      ['task', 'x', '--locate-only', '--root', go.path('missing')],
    ];
    const outcomes = await Promise.all(cases.map((args) => ghostline(args)));
    for (const [i, { code, stdout, stderr }] of outcomes.entries()) {
      expect(code, cases[i]!.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
    // Four processes at once: on a loaded two-core machine Node alone takes seconds to start each.
  }, 90_000);

  it('a second run reads the localization model from the cache and answers the same; a changed file rebuilds it', async () => {
    const shop = makeWorkspace(GO_SHOP);
    try {
      const task = 'restock the inventory of a product';
      const first = await ghostline(['task', task, '--locate-only', '--json', '--root', shop.root]);
      const saved = readdirSync(join(cacheHome, 'ghostline')).filter((name) => name.startsWith('locate-'));
      expect(saved.length).toBeGreaterThan(0);
      const stamps = saved.map((name) => statSync(join(cacheHome, 'ghostline', name)).mtimeMs);
      const second = await ghostline(['task', task, '--locate-only', '--json', '--root', shop.root]);
      expect(second.stdout).toBe(first.stdout);
      // Read, not written again: the run found it valid.
      expect(saved.map((name) => statSync(join(cacheHome, 'ghostline', name)).mtimeMs)).toEqual(stamps);
      shop.write('store/inventory.go', `${GO_SHOP['store/inventory.go']}\n// Restock adds items of a product to the inventory.\nfunc Restock(product string, n int) {}\n`);
      const third = await ghostline(['task', task, '--locate-only', '--json', '--root', shop.root]);
      const names = (JSON.parse(third.stdout) as { declarations: Array<{ name: string }> }).declarations.map((d) => d.name);
      expect(names[0]).toBe('Restock');
      // A deleted file leaves the answer, an added one enters it, though the model on disk was fresh.
      unlinkSync(shop.path('store/inventory.go'));
      shop.write('store/stock.go', 'package store\n\n// Replenish restocks the inventory of a product.\nfunc Replenish(product string) {}\n');
      const fourth = JSON.parse((await ghostline(['task', task, '--locate-only', '--json', '--root', shop.root])).stdout) as { files: Array<{ path: string }> };
      expect(fourth.files.map((file) => file.path)).not.toContain('store/inventory.go');
      expect(fourth.files[0]!.path).toBe('store/stock.go');
    } finally {
      shop.remove();
    }
  }, 90_000);
});
