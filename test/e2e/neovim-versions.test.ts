/**
 * The plugin's paths for Neovim 0.8–0.12, run in the installed Neovim (0.7.2 in CI) with the newer
 * API stubbed by test/e2e/neovim/branches.lua: what setup() hands vim.lsp.config/enable or
 * vim.lsp.start, how <Tab> behaves with inline completion, and :checkhealth on both health APIs.
 * The real 0.7 path is covered end to end by neovim.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { findNvim, luaValue, runNvim } from './nvim.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BRANCHES = join(REPO, 'test/e2e/neovim/branches.lua');
const PLUGIN = join(REPO, 'clients/neovim');
const CMD = [process.execPath, SERVER_ENTRY, '--stdio'];
const nvimVersion = findNvim();

type Record_ = Record<string, unknown>;

describe.skipIf(!nvimVersion)('Neovim plugin on newer Neovim APIs (stubbed)', () => {
  let dir: string;
  let project: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ghostline-nvim-branches-'));
    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'go.mod'), 'module example.com/p\n');
    writeFileSync(join(project, 'main.go'), 'package main\n');
    writeFileSync(join(project, 'notes.txt'), 'not code\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function scenario(name: string): Promise<Record_> {
    const scratch = mkdtempSync(join(dir, `${name}-`));
    const result = join(scratch, 'result.json');
    const run = await runNvim({
      dir: scratch,
      timeoutMs: 30_000,
      init: [
        `_G.GHOSTLINE_BRANCH = ${luaValue({ scenario: name, result, project, cmd: CMD })}`,
        `vim.opt.runtimepath:prepend(${JSON.stringify(PLUGIN)})`,
        'vim.opt.swapfile = false',
        `dofile(${JSON.stringify(BRANCHES)})`,
      ],
    });
    let record: Record_ = {};
    try {
      record = JSON.parse(readFileSync(result, 'utf8')) as Record_;
    } catch {
      throw new Error(`no result from scenario ${name} (exit ${run.exitCode}):\n${run.output}`);
    }
    expect(record.error, String(record.error)).toBeUndefined();
    return record;
  }

  it('0.11+: hands vim.lsp.config the whole client and lets vim.lsp.enable start it', async () => {
    const record = await scenario('config_enable');
    expect(record.method).toBe('vim.lsp.enable');
    expect(record.enabled).toBe('ghostline');
    expect(record.configured).toEqual({
      name: 'ghostline',
      cmd: CMD,
      filetypes: ['go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'],
      root_markers: ['go.mod', 'package.json', 'tsconfig.json', 'jsconfig.json', 'pyproject.toml', 'setup.cfg', 'requirements.txt', '.git'],
      // The empty `completion` table is dropped: Lua would send it as a JSON array.
      init_options: { model: { name: 'stub-model', url: 'http://127.0.0.1:9' } },
      settings: { ghostline: { model: { name: 'stub-model', url: 'http://127.0.0.1:9' } } },
      on_attach: 'function',
    });
    expect(record.own_autocmds).toBe(false);
  });

  it('0.8–0.10: calls vim.lsp.start from the FileType event with the project root, for matching buffers only', async () => {
    const record = await scenario('start');
    expect(record.method).toBe('vim.lsp.start');
    expect(record.starts).toEqual([{ name: 'ghostline', root_dir: project, buffer: record.buffer, opts_bufnr: record.buffer }]);
  });

  it('0.12: enables inline completion on attach; <Tab> accepts a suggestion, else types a tab', async () => {
    const record = await scenario('inline');
    expect(record.inline).toBe(true);
    expect(record.enabled).toEqual([{ on: true, bufnr: record.bufnr }]);
    expect(record.without_suggestion).toBe('a\tb');
    expect(record.accepted).toBe(1);
    expect(record.with_suggestion).toBe('a\tb');
  });

  it(':checkhealth ghostline reports through vim.health.start/ok and through vim.health.report_*', async () => {
    const record = await scenario('health');
    for (const calls of [record.modern, record.legacy] as string[][]) {
      const text = calls.join('\n');
      expect(text).toMatch(/start: ghostline: Neovim/);
      expect(text).toMatch(/ok: server: ghostline \d+\.\d+\.\d+/);
      // Nothing listens on port 9: the doctor's row for the model server says so.
      expect(text).toMatch(/error: model server: +http:\/\/127\.0\.0\.1:9 unreachable/);
    }
    expect((record.legacy as string[]).every((call) => call.startsWith('report_'))).toBe(true);
  });
});
