import { existsSync, readFileSync, rmSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_NICE } from '../../server/util/thread-priority.js';
import type { CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ACTION_MODEL, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { CancellationTokenSource, RESOLVE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { GOOD_EDIT, GOOD_TEST, TASK } from '../support/task-replies.js';
import { makeTaskRepo, scriptTaskModel, stageRequests, type TaskRepo } from '../support/task-repo.js';

/** A client that previews annotated edits (VS Code's refactor preview). */
const ANNOTATING = {
  ...RESOLVE_CAPABILITIES,
  workspace: {
    ...RESOLVE_CAPABILITIES.workspace,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const], changeAnnotationSupport: { groupsOnLabel: true } },
  },
};

/** The same change, plus a line in README.md: a file that is not open in the editor. */
const EDIT_WITH_README = GOOD_EDIT.replace(
  '<explanation>',
  '<edit file="README.md">\n<<<<<<< SEARCH\nA tiny HTTP service: GET /health and GET /greet?name=NAME.\n=======\nA tiny HTTP service: GET /health, GET /greet?name=NAME and GET /echo.\n>>>>>>> REPLACE\n</edit>\n<explanation>',
);

let fake: FakeOllama;
let repo: TaskRepo;
let client: TestClient | undefined;
beforeAll(async () => {
  fake = await startActionFake();
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  repo?.remove();
});
afterAll(async () => {
  await fake.close();
});

/** The go-hello fixture without its test file, so the task's test is a new file. */
async function start(settings: Record<string, unknown> = {}, files: Record<string, string> = {}): Promise<{ uri: (path: string) => string }> {
  repo = makeTaskRepo('go-hello');
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  if (Object.keys(files).length > 0) repo.git('add', '.');
  repo.git('rm', '-q', 'server_test.go');
  repo.git('commit', '-q', '-m', 'no tests yet');
  const uri = (path: string) => pathToFileURL(join(repo.root, path)).href;
  client = await TestClient.start({
    capabilities: ANNOTATING,
    rootUri: pathToFileURL(repo.root).href,
    initializationOptions: { model: { url: fake.url }, actions: { model: ACTION_MODEL }, ...settings },
  });
  await client.open(uri('server.go'), 'go', repo.read('server.go'));
  return { uri };
}

describe('workspace/executeCommand ghostline.task', { timeout: 180_000 }, () => {
  it('is advertised, reports progress, and sends one annotated applyEdit: versions of open documents, null for closed ones, CreateFile for the new test', async () => {
    const { uri } = await start();
    expect(client!.initializeResult?.capabilities.executeCommandProvider?.commands).toContain('ghostline.task');
    scriptTaskModel(fake, { edits: [EDIT_WITH_README], tests: [GOOD_TEST] });
    const result = (await client!.executeCommand('ghostline.task', [{ instruction: TASK, uris: [uri('server.go')] }])) as Record<string, unknown>;
    expect(result).toMatchObject({ applied: true, verified: true, confidence: 'high' });
    expect(client!.appliedEdits).toHaveLength(1);
    const { edit, label } = client!.appliedEdits[0]!;
    expect(label).toBe(`Ghostline task: ${TASK} (verified)`);
    const changes = edit.documentChanges ?? [];
    const textEdits = changes.filter((change): change is TextDocumentEdit => 'textDocument' in change);
    const byUri = new Map(textEdits.map((change) => [change.textDocument.uri, change]));
    expect(byUri.get(uri('server.go'))?.textDocument.version).toBe(1);
    expect(byUri.get(uri('README.md'))?.textDocument.version).toBeNull();
    expect(byUri.get(uri('server_test.go'))?.textDocument.version).toBeNull();
    const create = changes.find((change): change is CreateFile => 'kind' in change && change.kind === 'create');
    expect(create).toMatchObject({ uri: uri('server_test.go'), annotationId: 'ghostline.task' });
    expect(changes.indexOf(create!)).toBeLessThan(changes.indexOf(byUri.get(uri('server_test.go'))!));
    expect(textEdits.flatMap((change) => change.edits).every((e) => 'annotationId' in e && e.annotationId === 'ghostline.task')).toBe(true);
    expect(edit.changeAnnotations?.['ghostline.task']).toMatchObject({
      label: `Ghostline task: ${TASK}`,
      needsConfirmation: true,
      description: expect.stringMatching(/^verified \(.*test passed\); confidence high$/),
    });
    // Applied as an editor would: the open buffer changed, the closed file and the new test on disk.
    expect(client!.text(uri('server.go'))).toContain('mux.HandleFunc("/echo", handleEcho)');
    expect(repo.read('server.go')).not.toContain('/echo');
    expect(repo.read('README.md')).toContain('GET /echo');
    expect(repo.read('server_test.go')).toMatch(/^package server\n\nimport \([\s\S]*func TestEcho/);
    const messages = client!.progress
      .map((p) => (p as { value: { kind: string; message?: string } }).value)
      .filter((v) => v.kind === 'report')
      .map((v) => v.message);
    expect(messages).toEqual(expect.arrayContaining(['localizing', 'editing', 'testing', 'verifying']));
    // Localized with the index the server built at start-up, not a second one built for the task.
    const logs = client!.logText();
    expect(logs).toContain(`task: localizing with the workspace index of ${repo.root}`);
    expect(logs).not.toContain('indexing it for this task');
    expect(logs.match(/indexed \d+ files of /g)).toHaveLength(1);
  });

  it('cancelling the request kills the test process it started and answers RequestCancelled', async () => {
    await start();
    const pidFile = join(repo.root, '..', `ghostline-task-${process.pid}-${Date.now()}.pid`);
    scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [hangingTest(pidFile)] });
    const source = new CancellationTokenSource();
    const pending = client!.executeCommand('ghostline.task', [{ instruction: TASK }], source);
    await fake.waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 120_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    // Started by the task's thread, which runs below the one that reads the editor: so does the test process.
    if (process.platform === 'linux') expect(getPriority(pid)).toBe(Math.min(19, getPriority(client!.process.pid) + HELPER_NICE));
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: -32800 });
    await fake.waitFor(() => !alive(pid), 5_000);
    expect(client!.appliedEdits).toHaveLength(0);
    rmSync(pidFile, { force: true });
  });

  it('shutdown during a task stops it (its test process killed, the request answered) and exit then ends the server with 0', async () => {
    await start();
    const pidFile = join(repo.root, '..', `ghostline-task-${process.pid}-${Date.now()}.pid`);
    scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [hangingTest(pidFile)] });
    const pending = client!.executeCommand('ghostline.task', [{ instruction: TASK }]);
    const answered = pending.then(
      () => 'applied',
      (error: { message: string }) => error.message,
    );
    await fake.waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 120_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    await client!.connection.sendRequest('shutdown');
    // Shutdown cancelled the task before answering: the request has its answer, and its process is gone
    // (killed; an orphaned test binary's entry lasts until init reaps it).
    expect(await answered).toContain('cancelled');
    await fake.waitFor(() => !alive(pid), 5_000);
    const exited = new Promise<number | null>((resolve) => client!.process.once('exit', (code) => resolve(code)));
    await client!.connection.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(client!.stderr).not.toContain('did not stop at shutdown');
    expect(client!.appliedEdits).toHaveLength(0);
    rmSync(pidFile, { force: true });
  });

  it("runs the optional model passes the editor's settings turn on, and one that fails is logged by its setting while the task goes on", async () => {
    // A second file, so there is something to rerank.
    const routes = 'package server\n\n// routeNames lists the routes the mux serves.\nfunc routeNames() []string { return []string{"/health", "/greet"} }\n';
    await start({ task: { rerank: true, embeddingsModel: 'an-embedder-the-server-lacks' } }, { 'routes.go': routes });
    scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [GOOD_TEST], ranking: 'I cannot tell from outlines.' });
    fake.resetStats();
    const result = (await client!.executeCommand('ghostline.task', [{ instruction: TASK }])) as Record<string, unknown>;
    expect(result).toMatchObject({ applied: true, verified: true });
    expect(stageRequests(fake, 'rank')).toHaveLength(2);
    expect(fake.embedRequests().map((request) => (request.body as { model: string }).model)).toEqual(['an-embedder-the-server-lacks']);
    const logs = client!.logText();
    expect(logs).toMatch(/Ghostline task \(ghostline\.task\.embeddingsModel\): localization went on without the embedding model: .*an-embedder-the-server-lacks/);
    expect(logs).toMatch(/Ghostline task \(ghostline\.task\.rerank\): localization went on without the model's rerank: .*names no candidate/);
  });

  it('rejects arguments without an instruction', async () => {
    await start();
    await expect(client!.executeCommand('ghostline.task', [{ uris: [] }])).rejects.toMatchObject({ code: -32602 });
  });
});

/** The scripted test, made to write its process id to `pidFile` and then sleep for two minutes. */
function hangingTest(pidFile: string): string {
  return GOOD_TEST.replace('import (', 'import (\n\t"os"\n\t"strconv"\n\t"time"').replace(
    'func TestEcho(t *testing.T) {',
    `func TestEcho(t *testing.T) {\n\t_ = os.WriteFile(${JSON.stringify(pidFile)}, []byte(strconv.Itoa(os.Getpid())), 0o644)\n\ttime.Sleep(2 * time.Minute)`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
