import { performance } from 'node:perf_hooks';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { closedAfterEach } from '../support/cleanup.js';
import { editBurst, goSource } from '../support/edit-burst.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { positionAt } from '../support/marked.js';

const closed = closedAfterEach();
let client: TestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

async function start(): Promise<{ client: TestClient; fake: Awaited<ReturnType<typeof startFakeOllama>> }> {
  const fake = closed(await startFakeOllama());
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 } } });
  return { client, fake };
}

/** Resolves with the exit code once the server process ends. */
function exitCode(c: TestClient): Promise<number | null> {
  return new Promise((resolve) => (c.process.exitCode !== null ? resolve(c.process.exitCode) : c.process.once('exit', (code) => resolve(code))));
}

describe('the keystroke path', () => {
  it('answers a completion promptly after 10,000 changes (typing, backspaces, pastes, multi-cursor edits)', async () => {
    const { client: c, fake } = await start();
    fake.reply({ text: 'return nil' });
    const uri = 'file:///burst/main.go';
    const text = goSource(3000);
    await c.open(uri, 'go', text);
    const { batches } = editBurst({ uri, text, count: 10_000, seed: 13 });
    for (const batch of batches) await c.change(uri, batch);
    // The cursor goes at the end of a function header typed after everything else.
    const before = c.text(uri)!;
    await c.type(uri, positionAt(before, before.length), '\nfunc tail() error {\n\t');
    const after = c.text(uri)!;

    const started = performance.now();
    const result = await c.inline(uri, positionAt(after, after.length));
    const elapsedMs = performance.now() - started;
    expect(result?.items[0]?.insertText).toBe('return nil');
    // The server's copy of the text is the client's: the prompt ends with everything before the cursor.
    const prompt = String((fake.generateRequests().at(-1)?.body as { prompt?: string } | undefined)?.prompt ?? '');
    expect(prompt).toContain('func tail() error {\n\t');
    // Generous for a busy machine: parsing on every change took 23–39 s here.
    expect(elapsedMs).toBeLessThan(3000);
    console.log(`10,000 changes, then one completion answered ${Math.round(elapsedMs)} ms after it was sent`);
  });

  it('answers every request after shutdown with InvalidRequest, and exits with 0', async () => {
    const { client: c } = await start();
    const uri = 'file:///shut/main.go';
    await c.open(uri, 'go', 'package main\n\nfunc main() {\n\t\n}\n');
    await c.connection.sendRequest('shutdown');
    const position = { line: 3, character: 1 };
    const refused = await Promise.allSettled([
      c.inline(uri, position),
      c.completion(uri, position),
      c.hover(uri, position),
      c.codeActions(uri, { start: position, end: position }),
      c.executeCommand('ghostline.applyAction', [{}]),
      c.connection.sendRequest('shutdown'),
    ]);
    for (const outcome of refused) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as ResponseError<unknown>;
      expect(error.code).toBe(ErrorCodes.InvalidRequest);
    }
    const exited = exitCode(c);
    await c.connection.sendNotification('exit');
    expect(await exited).toBe(0);
  });

  it('exits with 1 on exit without shutdown', async () => {
    const { client: c } = await start();
    const exited = exitCode(c);
    await c.connection.sendNotification('exit');
    expect(await exited).toBe(1);
  });
});

describe('the debounce', () => {
  it('is skipped on a fresh line (just after Enter), and still applies in the middle of a line', async () => {
    const fake = closed(await startFakeOllama());
    // A debounce longer than the budget: a request that waits for it is answered empty without asking the model.
    client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 2000, maxDebounceMs: 2000, timeoutMs: 1900 } } });
    fake.reply({ text: 'return nil' });
    const uri = 'file:///debounce/main.go';
    const text = 'package main\n\nfunc main() {\n\tx := 1\n\t\n}\n';
    await client.open(uri, 'go', text);

    await client.inline(uri, positionAt(text, text.indexOf('\t\n}') + 1));
    expect(fake.generateRequests()).toHaveLength(1);

    const midLine = await client.inline(uri, positionAt(text, text.indexOf(' := 1')));
    expect(midLine?.items).toEqual([]);
    expect(fake.generateRequests()).toHaveLength(1);
  });
});
