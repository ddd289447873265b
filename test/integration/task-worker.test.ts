import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskThreads } from '../../server/app/task-worker/client.js';
import { defaultSettings } from '../../server/config/settings.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { Logger } from '../../server/util/logger.js';
import { ACTION_MODEL, startActionFake } from '../support/actions.js';
import { closedAfterEach } from '../support/cleanup.js';
import { countParses, restoreParses } from '../support/parse-counter.js';
import { COMPILED_SYNTAX_WORKER, COMPILED_TASK_WORKER, inProcessServer, type InProcessServer } from '../support/in-process-server.js';
import { RESOLVE_CAPABILITIES } from '../support/lsp-client.js';
import { GOOD_EDIT, GOOD_TEST, TASK } from '../support/task-replies.js';
import { makeTaskRepo, scriptTaskModel, type TaskRepo } from '../support/task-repo.js';

// The server runs in this process; tree-sitter's parser is counted on this thread only (a worker thread loads
// its own copy of the module), so the count is the parses that could hold the thread that answers the editor.
const closed = closedAfterEach();
const logger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
let server: InProcessServer | undefined;
let repo: TaskRepo | undefined;
afterEach(() => {
  restoreParses();
  server?.connection.dispose();
  repo?.remove();
  server = undefined;
  repo = undefined;
});

/** The go-hello fixture indexed by an in-process server with the compiled workers (or without the task one). */
async function start(taskWorker: string | undefined): Promise<InProcessServer> {
  repo = makeTaskRepo('go-hello');
  const fake = closed(await startActionFake());
  scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
  server = await inProcessServer({
    modelUrl: fake.url,
    syntaxWorker: COMPILED_SYNTAX_WORKER,
    taskWorker,
    folder: repo.root,
    actions: { model: ACTION_MODEL },
    capabilities: RESOLVE_CAPABILITIES,
  });
  await server.logged('indexed ');
  return server;
}

/** The fixture's task, asked for as a preview (the edit comes back instead of being applied). */
function previewTask(connection: InProcessServer['connection']): Promise<Record<string, unknown>> {
  return connection.sendRequest('workspace/executeCommand', { command: 'ghostline.task', arguments: [{ instruction: TASK, preview: true }] });
}

describe('ghostline.task in the language server', { timeout: 180_000 }, () => {
  it('runs edit, test and verify in a worker thread: the thread that answers the editor parses nothing for it', async () => {
    const { connection, logs } = await start(COMPILED_TASK_WORKER);
    expect(logs.join('\n')).toContain('tasks run on a worker thread per task');
    const parses = countParses();
    const result = await previewTask(connection);
    expect(result).toMatchObject({ verified: true, confidence: 'high', applied: false });
    expect(result.patch).toContain('+\tmux.HandleFunc("/echo", handleEcho)');
    // The edit, the test and verification parsed every text they read: all of it on the task's thread.
    expect(parses.count).toBe(0);
  });

  it('without a task worker the same run parses here (what the worker takes off this thread)', async () => {
    const { connection, logs } = await start(undefined);
    expect(logs.join('\n')).toContain('tasks run on the main thread');
    const parses = countParses();
    const result = await previewTask(connection);
    expect(result).toMatchObject({ verified: true, confidence: 'high' });
    expect(parses.count).toBeGreaterThan(0);
  });
});

describe('a task thread', { timeout: 60_000 }, () => {
  it("passes the run's failure back with its kind (a model server that is down), and its thread ends", async () => {
    repo = makeTaskRepo('go-hello');
    const settings = defaultSettings();
    settings.model.url = 'http://127.0.0.1:9';
    settings.actions.model = ACTION_MODEL;
    const threads = new TaskThreads(new LanguageRegistry(), logger, COMPILED_TASK_WORKER);
    const localization = { task: TASK, files: [{ path: 'server.go', score: 1, why: 'test' }], declarations: [] };
    const progress: string[] = [];
    const run = threads.run(
      { root: repo.root, localization, environment: [], settings, processTimeoutMs: 30_000 },
      { signal: new AbortController().signal, onProgress: (stage) => progress.push(stage) },
    );
    expect(threads.held).toBe(true);
    await expect(run).rejects.toMatchObject({ name: 'ActionError', kind: 'model' });
    expect(progress).toEqual(['editing']);
    await vi.waitFor(() => expect(threads.held).toBe(false), { timeout: 5_000 });
  });
});
