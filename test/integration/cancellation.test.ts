import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { CancellationTokenSource, TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const GO = 'package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n';

let fake: FakeOllama;
let client: TestClient;

beforeEach(async () => {
  fake = await startFakeOllama({ latency: { ttftMs: 3000, perTokenMs: 5 } });
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 } } });
});
afterEach(async () => {
  await client.stop();
  await fake.close();
});

describe('cancellation reaches the model server', () => {
  it('closes the HTTP request before the first token when the client cancels', async () => {
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/a.go', 'go', text);
    fake.reply({ text: 'println(x)' });
    const source = new CancellationTokenSource();
    const pending = client.inline('file:///w/a.go', position, source);
    const [request] = await fake.waitForRequests(1, {
      where: (r) => r.path === '/api/generate' && typeof (r.body as { prompt?: string }).prompt === 'string' && (r.body as { prompt: string }).prompt !== '',
    });
    source.cancel();
    // Answered with an empty list, never left unanswered.
    expect((await pending)?.items).toEqual([]);
    await fake.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(true);
    expect(request!.firstTokenAt).toBeUndefined();
  });

  it('supersedes the previous request for the same document: it is aborted and answered empty', async () => {
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/a.go', 'go', text);
    fake.reply({ text: 'println(x)' });
    const first = client.inline('file:///w/a.go', position);
    const [firstRequest] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt !== '' });
    // An edit above the cursor: the text before it no longer continues the first request's (typing at the cursor would adopt it).
    await client.type('file:///w/a.go', { line: position.line - 1, character: 1 }, 'q');
    fake.reply({ text: 'rintln(x)', ttftMs: 10 });
    const second = client.inline('file:///w/a.go', position);
    expect((await first)?.items).toEqual([]);
    expect((await second)?.items[0]?.insertText).toBe('rintln(x)');
    expect(firstRequest!.abortedBeforeFirstToken).toBe(true);
    expect(fake.maxInFlight).toBe(1);
  });

  it('keeps requests for different documents independent', async () => {
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/a.go', 'go', text);
    await client.open('file:///w/b.go', 'go', text);
    fake.reply({ text: 'println(x)', ttftMs: 50 });
    const [a, b] = await Promise.all([client.inline('file:///w/a.go', position), client.inline('file:///w/b.go', position)]);
    expect(a?.items[0]?.insertText).toBe('println(x)');
    expect(b?.items[0]?.insertText).toBe('println(x)');
  });

  it('cancels a pending request when its document closes', async () => {
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/a.go', 'go', text);
    fake.reply({ text: 'println(x)' });
    const pending = client.inline('file:///w/a.go', position);
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt !== '' });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///w/a.go' } });
    expect((await pending)?.items).toEqual([]);
    await fake.waitFor(() => request!.abortedBeforeFirstToken);
  });

  it('stops generating once the stream filters have what they need', async () => {
    const { text, position } = parseMarked('package main\n\nfunc main() {\n\tx := █\n}\n');
    await client.open('file:///w/a.go', 'go', text);
    fake.reply({ text: '1 + 2\n\tprintln(x)\n\tprintln(x)\n\tprintln(x)\n' + 'junk '.repeat(200), ttftMs: 5, perTokenMs: 20 });
    const result = await client.inline('file:///w/a.go', position);
    expect(result?.items[0]?.insertText).toBe('1 + 2');
    const [request] = fake.generateRequests();
    await fake.waitFor(() => request!.abortedByClient);
  });
});
