import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'tree-sitter';
import { afterEach, describe, expect, it } from 'vitest';
import { SyntaxWorker } from '../../server/app/syntax-worker/client.js';
import { CompletionEngine } from '../../server/completion/engine.js';
import { cutContext } from '../../server/completion/cut-window.js';
import { analyzeCursor } from '../../server/completion/stream-filters.js';
import { checkSyntax } from '../../server/completion/syntax-checks.js';
import { defaultSettings } from '../../server/config/settings.js';
import { contentHash, parseFileRecord } from '../../server/context/index/file-record.js';
import { enclosingRegion } from '../../server/context/retrieval/focus.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { createBackend } from '../../server/model/create-backend.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger, type Logger } from '../../server/util/logger.js';
import { closedAfterEach } from '../support/cleanup.js';
import { editBurst, goSource } from '../support/edit-burst.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { COMPILED_SYNTAX_WORKER } from '../support/in-process-server.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked, positionAt } from '../support/marked.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

/** Folders for the workers' scripts, removed after each test. */
const scratchFolder = workspacesRemovedAfterEach();

const languages = new LanguageRegistry();
const closed = closedAfterEach();
const workers: SyntaxWorker[] = [];
let client: TestClient | undefined;
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.dispose()));
  await client?.stop();
  client = undefined;
});

function startWorker(entry = COMPILED_SYNTAX_WORKER, logger: Logger = silentLogger, stopWaitMs?: number): SyntaxWorker {
  const worker = new SyntaxWorker(logger, entry, stopWaitMs);
  workers.push(worker);
  return worker;
}

function fresh(text: string): string {
  const parser = new Parser();
  parser.setLanguage(languages.byLanguageId('go')!.parser.getLanguage());
  return parser.parse(text).rootNode.toString();
}

/** The same burst applied to the worker's copy and to a store on this thread; returns the store's entry and the final text and version. */
function mirrored(worker: SyntaxWorker, uri: string, seed: number) {
  const store = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
  const text = goSource(2000);
  worker.open(uri, 'go', 1, text);
  store.open(uri, 'go', 1, text);
  const { batches, text: final } = editBurst({ uri, text, count: 100, seed });
  batches.forEach((batch, i) => {
    worker.change(uri, i + 2, batch);
    store.change(uri, i + 2, batch);
  });
  return { entry: store.get(uri)!, final, version: batches.length + 1 };
}

describe('the syntax worker', () => {
  it('holds, after bursts of typing, backspaces, pastes and multi-cursor edits, the tree of a fresh parse', async () => {
    const worker = startWorker();
    expect(worker.available).toBe(true);
    const uri = 'file:///bursts.go';
    let text = goSource(3000);
    worker.open(uri, 'go', 1, text);
    let version = 1;
    for (const seed of [1, 2, 3]) {
      const burst = editBurst({ uri, text, count: 400, seed });
      for (const batch of burst.batches) worker.change(uri, ++version, batch);
      text = burst.text;
      expect(await worker.tree(uri)).toBe(fresh(text));
    }
  });

  it('answers the same skip, mode, enclosing function and cursor analysis as the main thread at every line end and line middle', async () => {
    const worker = startWorker();
    const uri = 'file:///same.go';
    const { entry, final, version } = mirrored(worker, uri, 9);
    expect(await worker.whenReady()).toBe(true);
    const offsets = [...final.matchAll(/\n/g)].flatMap((m) => [m.index, m.index - 3]).filter((offset) => offset > 0);
    const modes = new Set<string>();
    for (const offset of offsets) {
      const question = { offset, point: { row: positionAt(final, offset).line, column: positionAt(final, offset).character }, skipInComments: true, skipInStrings: true };
      const local = checkSyntax({ ...question, text: final, tree: entry.tree, language: entry.language });
      const remote = await worker.check({ uri, version, question, signal: AbortSignal.timeout(10_000) });
      if (remote === undefined || remote === 'stale') throw new Error(`no answer at offset ${offset}`);
      const { facts, ...answer } = remote;
      expect(answer, `offset ${offset}`).toEqual({
        verdict: local,
        enclosing: { region: enclosingRegion({ tree: entry.tree!, offset, text: final, languageId: entry.language?.id }) },
      });
      // The cursor analysis the stream filters use, made there on the cut's windows, is the one this thread would make.
      const analysed = 'mode' in local ? analyzeCursor(cutContext({ text: final, offset, mode: local.mode, languageId: 'go', prefixMode: local.windowMode })) : undefined;
      expect(await facts?.(), `facts at offset ${offset}`).toEqual(analysed);
      modes.add(JSON.stringify(local));
    }
    // The positions cover both modes and a skip, or the comparison proves little.
    expect(modes.size).toBeGreaterThanOrEqual(3);
    const question = { offset: 0, point: { row: 0, column: 0 }, skipInComments: true, skipInStrings: true };
    expect(await worker.check({ uri, version: version - 1, question, signal: AbortSignal.timeout(10_000) })).toBe('stale');
  });

  it('gives the cursor analysis it is asked for after the check only while its copy is at the checked version', async () => {
    const worker = startWorker();
    const uri = 'file:///moved.go';
    const { final, version } = mirrored(worker, uri, 5);
    expect(await worker.whenReady()).toBe(true);
    const offset = final.indexOf('\n', final.length >> 1);
    const { line, character } = positionAt(final, offset);
    const question = { offset, point: { row: line, column: character }, skipInComments: false, skipInStrings: false };
    const first = await worker.check({ uri, version, question, signal: AbortSignal.timeout(10_000) });
    const second = await worker.check({ uri, version, question, signal: AbortSignal.timeout(10_000) });
    if (!first || first === 'stale' || !first.facts || !second || second === 'stale' || !second.facts) throw new Error('no verdict with a mode');
    expect(await first.facts()).toBeDefined();
    // Typed into after the check: the analysis of the old text would be of the wrong windows, so none comes (the main thread analyses its own text).
    worker.change(uri, version + 1, [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }]);
    expect(await second.facts()).toBeUndefined();
  });

  it('builds the index record the main thread would build from the edited document, and says when its copy is at another version', async () => {
    const worker = startWorker();
    const uri = 'file:///w/edited.go';
    const { entry, final, version } = mirrored(worker, uri, 4);
    const hash = contentHash(final);
    const local = parseFileRecord({ path: 'edited.go', text: final, hash, language: entry.language!, tree: entry.tree, mtimeMs: 1 });
    expect(local?.declarations.length).toBeGreaterThan(10);
    expect(await worker.record({ uri, version, path: 'edited.go', hash, mtimeMs: 1 })).toEqual({ record: local });
    expect(await worker.record({ uri, version: version + 1, path: 'edited.go', hash, mtimeMs: 1 })).toBe('stale');
  });

  it('is replaced by the main thread when it crashes: the completion is answered, with the same mode, and the crash logged once', async () => {
    // A worker that starts, then dies on the first check, as a native crash or a bug in it would.
    const folder = scratchFolder({});
    const entry = join(folder, 'crash.mjs');
    writeFileSync(
      entry,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (m.type === 'check') throw new Error('boom'); });\nparentPort.postMessage({ type: 'ready' });\n",
    );
    const warnings: string[] = [];
    const worker = startWorker(entry, { ...silentLogger, warn: (message) => warnings.push(message) });
    expect(await worker.whenReady()).toBe(true);
    const fake = closed(await startFakeOllama());
    fake.reply({ text: 'fmt.Println(x)\n\treturn' });
    const settings = defaultSettings();
    settings.model.url = fake.url;
    settings.completion.debounceMs = 0;
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
    const engine = new CompletionEngine({ documents, settings: () => settings, backend: () => createBackend(settings.model), logger: silentLogger, syntax: worker });
    const { text, position } = parseMarked('package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n');
    const uri = 'file:///crash/main.go';
    documents.open(uri, 'go', 1, text);
    worker.open(uri, 'go', 1, text);
    const complete = () => engine.complete({ uri, position, signal: new AbortController().signal, budgetMs: 5000 });
    expect(await complete()).toMatchObject({ kind: 'completion', mode: 'multi' });
    expect(worker.available).toBe(false);
    fake.reply({ text: 'fmt.Println(x)' });
    expect(await complete()).toMatchObject({ kind: 'completion' });
    expect(await worker.record({ uri, version: 1, path: 'main.go', hash: contentHash(text), mtimeMs: 1 })).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/syntax worker .*main thread/);
  });
});

describe('stopping the syntax worker', () => {
  it('does not wait past its limit for a thread held in native code, and says what the thread was last sent', async () => {
    // A worker whose thread blocks in a synchronous child process (native code: terminating it cannot
    // interrupt that) on the first document it is sent, and says so before it blocks.
    const folder = scratchFolder({});
    const entry = join(folder, 'stuck.mjs');
    writeFileSync(
      entry,
      [
        "import { spawnSync } from 'node:child_process';",
        "import { parentPort } from 'node:worker_threads';",
        "parentPort.on('message', (m) => {",
        "  if (m.type === 'stop') process.exit(0);",
        "  if (m.type !== 'open') return;",
        "  parentPort.postMessage({ type: 'log', level: 'info', message: 'blocking' });",
        "  spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 4000)']);",
        '});',
        "parentPort.postMessage({ type: 'ready' });",
        '',
      ].join('\n'),
    );
    const warnings: string[] = [];
    const infos: string[] = [];
    const worker = startWorker(entry, { ...silentLogger, info: (message) => infos.push(message), warn: (message) => warnings.push(message) }, 100);
    expect(await worker.whenReady()).toBe(true);
    worker.open('file:///stuck/main.go', 'go', 1, 'package main\n');
    while (!infos.includes('blocking')) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.dispose();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/did not stop within 100 ms of shutdown \(the last message to it, \d+ ms ago, was 'open'\)/);
  });
});

describe('completions through the syntax worker, over stdio', () => {
  it('skips comments and picks single or multi-line as before, while the document changes', async () => {
    const fake = closed(await startFakeOllama());
    client = await TestClient.start({
      initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, maxTokens: 100, singleLineMaxTokens: 30, skipInComments: true } },
    });
    await client.waitFor(() => client!.logText().includes('syntax worker ready'), 30_000);
    const uri = 'file:///w/main.go';
    const { text, position } = parseMarked('package main\n\n// Sum adds█ them\nfunc sum(xs []int) int {\n\ttotal := 0\n\treturn total\n}\n');
    await client.open(uri, 'go', text);
    expect((await client.inline(uri, position))?.items ?? []).toEqual([]);
    expect(fake.generateRequests()).toHaveLength(0);

    // An edit that leaves a bracket open, then a cursor at the start of the next line: multi-line.
    const line = positionAt(text, text.indexOf('\treturn total'));
    await client.change(uri, [{ range: { start: line, end: line }, text: '\tfor _, x := range xs {\n\t\t\n' }]);
    fake.reply({ text: 'total += x\n\t}' });
    const inBody = { line: line.line + 1, character: 2 };
    // The loop has no closing brace yet, so the suggestion may add it.
    expect((await client.inline(uri, inBody))?.items[0]?.insertText).toBe('total += x\n\t}');
    expect((fake.generateRequests().at(-1)!.body as { options: { num_predict: number } }).options.num_predict).toBe(100);

    // In the middle of a line: single-line.
    await client.change(uri, [{ range: { start: inBody, end: inBody }, text: 'total += x * ' }]);
    fake.reply({ text: '2' });
    const midLine = { line: inBody.line, character: inBody.character + 'total += x * '.length };
    await client.change(uri, [{ range: { start: midLine, end: midLine }, text: ' // weight' }]);
    expect((await client.inline(uri, midLine))?.items[0]?.insertText).toBe('2');
    expect((fake.generateRequests().at(-1)!.body as { options: { num_predict: number } }).options.num_predict).toBe(30);
  });
});
