import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { GOOD_EDIT, GOOD_TEST, TASK } from '../support/task-replies.js';
import { makeTaskRepo, scriptTaskModel, type TaskRepo } from '../support/task-repo.js';
import { readKeyLog } from './nvim.js';

const hasNeovim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const SCRIPT = fileURLToPath(new URL('./neovim-task.lua', import.meta.url));
const PLUGIN = fileURLToPath(new URL('../../clients/neovim', import.meta.url));

let fake: FakeOllama;
let repo: TaskRepo;
beforeEach(async () => {
  fake = await startActionFake();
  repo = makeTaskRepo('go-hello');
  repo.git('rm', '-q', 'server_test.go');
  repo.git('commit', '-q', '-m', 'no tests yet');
});
afterEach(async () => {
  await fake.close();
  repo.remove();
});

describe.skipIf(!hasNeovim)(':GhostlineTask in a real Neovim (Debian 0.7)', () => {
  it('shows the diff in a scratch buffer, applies it after confirmation and writes the touched files', { timeout: 180_000 }, async () => {
    scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const out = join(repo.root, '..', `${repo.root.split('/').pop()}-nvim.jsonl`);
    const nvim = spawn('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], {
      env: { ...process.env, WS: repo.root, FAKE: fake.url, SERVER: SERVER_ENTRY, PLUGIN, TASK, OUT: out },
      stdio: 'ignore',
    });
    const kill = setTimeout(() => nvim.kill('SIGKILL'), 170_000);
    await new Promise((resolve) => nvim.on('exit', resolve));
    clearTimeout(kill);
    const log = readKeyLog(out);
    rmSync(out, { force: true });
    expect(log['error']).toBeUndefined();
    expect(log['command']).toBe(2);
    expect(log['preview']).toMatch(/^# verified \(.*\), confidence high\n/);
    expect(log['preview']).toContain('+\tmux.HandleFunc("/echo", handleEcho)');
    expect(log['preview']).toContain('# Commit message:\n#   feat(server): add a GET /echo route');
    expect(log['prompt']).toBe('Apply this verified patch?');
    expect(log['result']).toEqual({ verified: true, applied: true });
    expect(log['unsaved']).toEqual([]);
    expect(repo.read('server.go')).toContain('mux.HandleFunc("/echo", handleEcho)');
    expect(repo.read('server_test.go')).toMatch(/^package server\n[\s\S]*func TestEcho/);
    // Nothing committed: the user commits (or not) after reading the patch.
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });
});
