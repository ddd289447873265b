import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { runTaskCommand } from '../../server/cli/task-run.js';
import { EDIT_WITHOUT_IMPORT, FAILING_TEST, GOOD_EDIT, GOOD_TEST, TASK } from '../support/task-replies.js';
import { scriptTaskModel, stageRequests, taskInput } from '../support/task-repo.js';
import { taskSuite } from '../support/task-suite.js';

const suite = taskSuite('go-hello', TASK);
const { repo, run: task } = suite;

// go build, go vet and go test run for real on this busy machine: seconds each, more with a cold build cache.
describe('ghostline task on a Go HTTP service', { timeout: 180_000 }, () => {
  it('a correct edit is verified, then --apply --commit commits exactly the task files with the message', async () => {
    const r = repo();
    r.write('README.md', `${r.read('README.md')}\nThe user's unfinished note.\n`);
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const run = await task(r.root, '--apply', '--commit');
    expect(run.stderr + run.stdout).toContain('VERIFIED');
    expect(run.code).toBe(0);
    expect(r.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['server.go', 'server_test.go']);
    const message = r.git('log', '-1', '--format=%B');
    const subject = message.split('\n')[0]!;
    expect(subject).toMatch(/^feat(\([a-z-]+\))?: add a GET \/echo route/);
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(message).toMatch(/^Ghostline-Verification: verified \(.*build.*test.*\)$/m);
    expect(r.git('log', '-1', '--format=%(trailers:key=Ghostline-Verification)')).toContain('verified');
    // The user's own change elsewhere is neither committed nor lost.
    expect(r.git('status', '--porcelain')).toBe(' M README.md\n');
    expect(r.read('server.go')).toContain('mux.HandleFunc("/echo", handleEcho)');
    expect(r.read('server_test.go')).toMatch(/"strings"[\s\S]*func TestHealth[\s\S]*func TestEcho/);
  });

  it('a compile error goes back to the model with the compiler output and is fixed on the retry, each text the stages read parsed once', async () => {
    const r = repo();
    scriptTaskModel(suite.fake(), { edits: [EDIT_WITHOUT_IMPORT, GOOD_EDIT], tests: [GOOD_TEST] });
    suite.fake().resetStats();
    // Every parse the task's stages make (not the index's), by text: the old texts recur in both attempts and in each stage.
    const parsedByStages: string[] = [];
    const parse = Parser.prototype.parse;
    Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
      if (typeof args[0] === 'string' && /[/\\]server[/\\]task[/\\]/.test(new Error().stack ?? '')) parsedByStages.push(args[0]);
      return parse.apply(this, args);
    };
    let run;
    try {
      run = await task(r.root, '--json');
    } finally {
      Parser.prototype.parse = parse;
    }
    const result = run.json();
    expect(parsedByStages.length).toBeGreaterThan(4);
    expect(parsedByStages.length).toBe(new Set(parsedByStages).size);
    expect(run.code).toBe(0);
    expect(result['attempts']).toBe(2);
    expect(result['confidence']).toBe('high');
    const edits = stageRequests(suite.fake(), 'edit');
    expect(edits).toHaveLength(2);
    expect(edits[1]).toContain('undefined: time');
    expect(edits[1]).toContain('<previous-attempt');
  });

  it('--alternatives 1 finds another verified patch, told the first one, and never applies it', async () => {
    const r = repo();
    const other = GOOD_EDIT.replace('time.Now().Format(time.RFC3339)', 'time.Now().UTC().Format(time.RFC1123)');
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT, other], tests: [GOOD_TEST] });
    suite.fake().resetStats();
    const run = await task(r.root, '--json', '--alternatives', '1');
    const result = run.json() as { alternatives: Array<{ patch: string; confidence: string; commit_message: string }>; patch: string };
    expect(run.code).toBe(0);
    expect(result.alternatives).toHaveLength(1);
    expect(result.alternatives[0]!.patch).toContain('time.RFC1123');
    expect(result.patch).not.toContain('time.RFC1123');
    expect(result.alternatives[0]!.confidence).toBe('high');
    const edits = stageRequests(suite.fake(), 'edit');
    expect(edits[1]).toContain('<other-patches');
    expect(edits[1]).toContain('time.RFC3339');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('rejects bad input with exit 2 and a one-line reason', async () => {
    const r = repo();
    expect((await task(r.root, '--alternatives', '9')).stderr).toBe('ghostline: --alternatives takes a number from 0 to 3\n');
    const settings = suite.settings();
    let stderr = '';
    expect(await runTaskCommand(settings, taskInput(['--root', r.root]), { stdout: () => undefined, stderr: (text) => (stderr += text) })).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect((await task(r.root, '--embed-model', ' ')).stderr).toBe('ghostline: --embed-model takes the name of an embedding model, e.g. nomic-embed-text\n');
  });

  it('a model server that is down is said once, in the flags a CLI user types', async () => {
    const r = repo();
    const settings = suite.settings();
    const down = { ...settings, model: { ...settings.model, url: 'http://127.0.0.1:9' }, actions: { ...settings.actions, url: '' } };
    let stderr = '';
    expect(await runTaskCommand(down, taskInput([TASK, '--root', r.root, '--json']), { stdout: () => undefined, stderr: (text) => (stderr += text) })).toBe(2);
    expect(stderr).toBe('ghostline: cannot reach the model server at http://127.0.0.1:9 (ECONNREFUSED). Start it with `ollama serve`, or point --action-url (or --url) at it.\n');
  });

  it('--rerank asks the instruct model to order the files it found before the edit, and the run goes on as before', async () => {
    const r = repo();
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST], ranking: '1' });
    suite.fake().resetStats();
    const run = await task(r.root, '--json', '--rerank');
    const result = run.json() as { locations: { files: Array<{ path: string; why: string }> }; verified: boolean };
    expect(run.code).toBe(0);
    expect(result.locations.files[0]).toMatchObject({ path: 'server.go', why: expect.stringMatching(/^the model ranked it 1 of 1 after reading the outlines/) as unknown });
    expect(stageRequests(suite.fake(), 'rank')).toHaveLength(1);
    expect(stageRequests(suite.fake(), 'rank')[0]).toContain('func NewMux()');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('a test that keeps failing ends with exit 1, never labelled verified, and --apply writes nothing', async () => {
    const r = repo();
    const before = r.hash();
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [FAILING_TEST] });
    suite.fake().resetStats();
    const run = await task(r.root, '--json', '--apply');
    const result = run.json();
    expect(run.code).toBe(1);
    expect(result['verified']).toBe(false);
    expect(result['confidence']).toBe('low');
    expect(result['attempts']).toBe(3);
    expect(result['commit_message']).toContain('Ghostline-Verification: NOT verified (test failed)');
    const steps = result['verification'] as Array<{ step: string; ok: boolean; output: string }>;
    expect(steps.find((step) => step.step === 'test')).toMatchObject({ ok: false });
    expect(stageRequests(suite.fake(), 'edit')).toHaveLength(3);
    expect(r.hash()).toBe(before);
  });

  it('a reply that hard-codes a secret is refused: exit 2, nothing written', async () => {
    const r = repo();
    const before = r.hash();
    const secret = GOOD_EDIT.replace('// handleEcho answers', 'const apiToken = "tok_9f8e7d6c5b4a3210"\n\n// handleEcho answers');
    scriptTaskModel(suite.fake(), { edits: [secret], tests: [GOOD_TEST] });
    const run = await task(r.root, '--apply', '--commit');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused: .*hard-coded secret/);
    expect(r.hash()).toBe(before);
    expect(r.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('a SEARCH block that matches nowhere is refused and nothing is written', async () => {
    const r = repo();
    const before = r.hash();
    const nowhere = GOOD_EDIT.replace('"net/http"\n)\n=======', '"net/http"\n\t"os"\n)\n=======');
    scriptTaskModel(suite.fake(), { edits: [nowhere], tests: [GOOD_TEST] });
    const run = await task(r.root, '--apply');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('matches nowhere');
    expect(r.hash()).toBe(before);
  });

  it('a dry run leaves the tree byte-identical and shows the diff, the table and the message', async () => {
    const r = repo();
    const before = r.hash();
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const run = await task(r.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+\tmux.HandleFunc("/echo", handleEcho)');
    expect(run.stdout).toMatch(/test\s+ok\s+go test -count=1 \./);
    expect(run.stdout).toContain('Dry run: nothing was written');
    expect(r.hash()).toBe(before);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it("refuses --commit when the patch overlaps the user's uncommitted changes, and leaves the tree byte-identical", async () => {
    const r = repo();
    // The new test is appended right where the user is writing: the two cannot be told apart in a commit.
    r.write('server_test.go', r.read('server_test.go') + '\n// the user is writing a test here\n');
    // NewMux, which the patch replaces whole, holds an unfinished edit of the user's.
    r.write('server.go', r.read('server.go').replace('mux.HandleFunc("/greet", handleGreet)', 'mux.HandleFunc("/greet/", handleGreet)'));
    const before = r.hash();
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const run = await task(r.root, '--apply', '--commit');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('refusing to overwrite uncommitted changes in: server.go, server_test.go');
    expect(r.hash()).toBe(before);
    expect(r.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it("merges three-way with the user's uncommitted change elsewhere in a touched file: the commit holds the patch alone, the edit stays", async () => {
    const r = repo();
    r.write('server.go', r.read('server.go').replace('name = "world"', 'name = "stranger"'));
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const run = await task(r.root, '--apply', '--commit');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Merged with your uncommitted changes (kept, not committed): server.go');
    const working = r.read('server.go');
    expect(working).toContain('mux.HandleFunc("/echo", handleEcho)');
    expect(working).toContain('name = "stranger"');
    const committed = r.git('show', 'HEAD:server.go');
    expect(committed).toContain('mux.HandleFunc("/echo", handleEcho)');
    expect(committed).toContain('name = "world"');
    expect(r.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['server.go', 'server_test.go']);
    // Only the user's own line is left uncommitted, and it is not staged.
    expect(r.git('status', '--porcelain')).toBe(' M server.go\n');
    expect(r.git('diff').match(/^[-+][^-+].*$/gm)).toEqual(['-\t\tname = "world"', '+\t\tname = "stranger"']);
  });

  it('cancelling kills the build or test process and everything it started', async () => {
    const r = repo();
    const pidFile = join(r.root, '..', `${Date.now()}-sleep.pid`);
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    const settings = suite.settings();
    const controller = new AbortController();
    let stderr = '';
    const running = runTaskCommand(settings, taskInput([TASK, '--root', r.root, '--test-cmd', `sleep 120 & echo $! > ${pidFile}; wait`]), {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      signal: controller.signal,
    });
    await suite.fake().waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 60_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(pid)).toBe(true);
    controller.abort();
    expect(await running).toBe(2);
    expect(stderr).toContain('cancelled');
    await suite.fake().waitFor(() => !alive(pid), 5_000);
    rmSync(pidFile, { force: true });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
