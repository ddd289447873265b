import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closedAfterEach } from '../support/cleanup.js';
import { countParses, restoreParses } from '../support/parse-counter.js';
import { goSource } from '../support/edit-burst.js';
import { ACTION_MODEL, actionTitled, startActionFake } from '../support/actions.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { RESOLVE_CAPABILITIES } from '../support/lsp-client.js';
import { COMPILED_SYNTAX_WORKER, inProcessServer, type InProcessServer } from '../support/in-process-server.js';
import { parseMarked, positionAt } from '../support/marked.js';

// The server runs in this process with the compiled syntax worker; tree-sitter's parser is counted in this
// thread only (the worker loads its own copy of the module), so the count is the parses that can stall the
// thread that answers the editor.
const closed = closedAfterEach();
let server: InProcessServer | undefined;
let folder: string | undefined;
afterEach(async () => {
  restoreParses();
  server?.connection.dispose();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('with the syntax worker, the thread that answers the editor', () => {
  it('parses nothing while a line that leaves brackets open is typed with a completion after every key (nor for the security gate checking each), nor when the index re-reads the edited file', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ghostline-main-thread-'));
    // Longer than the security gate's window (6 KB around the cursor), so the gate's check cannot parse the whole file.
    const text = goSource(32 * 1024);
    await writeFile(join(folder, 'main.go'), text);
    const fake = closed(await startFakeOllama());
    fake.reply({ text: 'x' });
    server = await inProcessServer({ modelUrl: fake.url, syntaxWorker: COMPILED_SYNTAX_WORKER, folder, completion: { debounceMs: 0 }, context: { gatherTimeoutMs: 1000 } });
    await server.logged('syntax worker ready');
    await server.logged('indexed ');
    const parses = countParses();
    const { connection } = server;
    const uri = pathToFileURL(join(folder, 'main.go')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });

    // The code actions on a function's name: the worker reads its tree for them (the typed line below leaves
    // every later function to error recovery, so they are asked for before it).
    const last = /func (f\d+)\(/.exec(text.slice(text.lastIndexOf('\nfunc f')));
    const name = positionAt(text, text.lastIndexOf('\nfunc f') + '\nfunc '.length);
    const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: name, end: name }, context: { diagnostics: [] } });
    expect((actions as Array<{ title: string }>).map((action) => action.title)).toContain(`Ghostline: Explain ${last?.[1]}`);

    // A new function typed after the first body's opener, one key at a time, each followed by a completion.
    let current = text;
    let version = 1;
    let at = text.indexOf('{\n') + 2;
    for (const key of 'func typedHelper(limits []int) int { return limits[len(') {
      const position = positionAt(current, at);
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: position, end: position }, text: key }],
      });
      current = current.slice(0, at) + key + current.slice(at);
      at += key.length;
      await connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position: positionAt(current, at), context: { triggerKind: 2 } });
    }
    expect(fake.generateRequests().length).toBeGreaterThan(10);

    // A hover on a name that declares nothing in the file: the worker finds that out from its tree.
    const typed = current.indexOf('limits[len(');
    expect(await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(current, typed + 1) })).toBeNull();

    // Another file names the typed function: once the index took the worker's record of main.go, its prompt shows it.
    // (The gather's time cap is raised above: on a loaded machine 25 ms of wall time can pass before the first
    // source is done, and this test is about which record the index holds, not about how fast it is read.)
    const other = parseMarked('package main\n\nfunc caller() int {\n\treturn typedHelper(█)\n}\n');
    const otherUri = pathToFileURL(join(folder, 'caller.go')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: otherUri, languageId: 'go', version: 1, text: other.text } });
    const deadline = Date.now() + 20_000;
    let prompt = '';
    while (!prompt.includes('func typedHelper(') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri: otherUri }, position: other.position, context: { triggerKind: 1 } });
      prompt = (fake.generateRequests().at(-1)?.body as { prompt?: string } | undefined)?.prompt ?? '';
    }
    expect(prompt).toContain('func typedHelper(');
    // Nor did the security gate parse here: it checked every suggestion on the worker.
    expect(parses.count).toBe(0);
  });

  it('parses for a code action it runs (and the test file it appends to), or a hover that asks the model, only a slice at a time after an edit', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ghostline-main-thread-'));
    const text = goSource(64 * 1024);
    await writeFile(join(folder, 'main.go'), text);
    const fake = closed(await startActionFake());
    server = await inProcessServer({ modelUrl: fake.url, syntaxWorker: COMPILED_SYNTAX_WORKER, folder, actions: { model: ACTION_MODEL }, capabilities: RESOLVE_CAPABILITIES });
    await server.logged('syntax worker ready');
    const { connection } = server;
    const uri = pathToFileURL(join(folder, 'main.go')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    // An edit that leaves a bracket open in the last function: the tree this thread last read (none yet) is stale.
    const at = text.lastIndexOf('{\n') + 2;
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, text: 'if (x {\n' }],
    });
    const edited = text.slice(0, at) + 'if (x {\n' + text.slice(at);
    const parses = countParses();

    const name = positionAt(edited, edited.indexOf('\nfunc f0') + '\nfunc '.length);
    const offered = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: name, end: name }, context: { diagnostics: [] } });
    fake.reply({ text: 'Adds a and b.\n</comment>' });
    const resolved = await connection.sendRequest<{ edit?: unknown }>('codeAction/resolve', actionTitled(offered as never, 'Ghostline: Explain f0'));
    expect(resolved.edit).toBeDefined();
    fake.reply({ text: 'Adds.</explanation>' });
    const hover = await connection.sendRequest<{ contents?: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: name });
    expect(hover?.contents?.value).toContain('Adds.');

    // Tests generated into the test file open in the editor, whose tree this thread has never read: parsed in slices too.
    const testUri = pathToFileURL(join(folder, 'main_test.go')).href;
    const testText = `package main\n\nimport "testing"\n${'\nfunc TestF1(t *testing.T) {\n\tif f1(1, 2) != 3 {\n\t\tt.Fatal("f1")\n\t}\n}\n'.repeat(200)}`;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: testUri, languageId: 'go', version: 1, text: testText } });
    fake.reply({ text: 'func TestF0(t *testing.T) {\n\tif f0(1, 2) != 3 {\n\t\tt.Fatal("f0")\n\t}\n}\n</code>' });
    const tests = await connection.sendRequest<{ edit?: { changes?: Record<string, unknown> } }>(
      'codeAction/resolve',
      actionTitled(offered as never, 'Ghostline: Generate tests for f0'),
    );
    // This client takes plain `changes`: the test appended at the end of the open test file.
    expect(JSON.stringify(tests.edit?.changes?.[testUri])).toContain('func TestF0(t *testing.T)');

    // All three needed a tree of a text this thread had not parsed: parsed here, but never all at once.
    expect(parses.count).toBeGreaterThan(0);
    expect(parses.whole).toBe(0);
  });
});
