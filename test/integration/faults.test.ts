import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama, type Fault } from '../support/fake-ollama.js';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const GO = 'package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n';
const URI = 'file:///w/a.go';

let fake: FakeOllama;
let client: TestClient;

async function start(settings: Record<string, unknown> = {}, fakeOptions: Parameters<typeof startFakeOllama>[0] = {}, capabilities?: ClientCapabilities) {
  fake = await startFakeOllama(fakeOptions);
  client = await TestClient.start({ capabilities, initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, timeoutMs: 1000 }, ...settings } });
  const { text, position } = parseMarked(GO);
  await client.open(URI, 'go', text);
  return position;
}

afterEach(async () => {
  await client.stop();
  await fake.close();
});

describe('when the model server misbehaves', () => {
  it('is unreachable: one message saying what to run, fast empty answers, recovery when it comes back', async () => {
    const position = await start();
    await fake.stop();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect((await client.inline(URI, position))?.items).toEqual([]);
      expect(performance.now() - started).toBeLessThan(500);
    }
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages).toHaveLength(1);
    expect(client.shownMessages[0]!.message).toContain('ollama serve');
    expect(client.shownMessages[0]!.message).toContain('model.url');

    await fake.start();
    fake.reply({ text: 'println(x)' });
    let items: unknown[] = [];
    const deadline = Date.now() + 15_000;
    while (items.length === 0 && Date.now() < deadline) {
      items = (await client.inline(URI, position))?.items ?? [];
      if (items.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(items).toEqual([expect.objectContaining({ insertText: 'println(x)' })]);
    expect(client.shownMessages).toHaveLength(1);
  });

  it('lacks the model: names `ollama pull`, and pulls it with progress when the user accepts', async () => {
    const position = await start({}, { models: [] });
    client.answerMessageRequest = (actions) => actions[0] ?? null;
    fake.reply({ text: 'println(x)' });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.messageRequests.length > 0);
    expect(client.messageRequests[0]).toContain('ollama pull qwen2.5-coder:1.5b-base');
    await client.waitFor(() => fake.hasModel('qwen2.5-coder:1.5b-base'));
    await client.waitFor(() => client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end'));
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds).toContain('report');
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
  });

  it('lacks the model, for a completion-items client (Neovim 0.7): advice without a modal prompt', async () => {
    // Such clients ask for items as a file opens or as the user types, and Neovim 0.7 turns a
    // message request into a blocking inputlist: the advice comes as a plain message instead.
    const position = await start(
      {},
      { models: [] },
      { textDocument: { completion: { completionItem: { snippetSupport: false } } }, window: { showMessage: { messageActionItem: { additionalPropertiesSupport: false } } } },
    );
    expect((await client.completion(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('ollama pull qwen2.5-coder:1.5b-base');
    expect(client.messageRequests).toEqual([]);
  });

  it.each<[Fault, string]>([
    ['http500', '500'],
    ['cut', 'cut'],
    ['error-line', 'llama runner'],
    ['reset-before-headers', 'failed'],
  ])('answers %s with an empty result and a log line, and shows it once', async (fault, logged) => {
    const position = await start();
    fake.reply({ text: 'println(x)\n\tprintln(x + 1)\n', fault });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.type(URI, position, ' ');
    expect((await client.inline(URI, { ...position, character: position.character + 1 }))?.items).toEqual([]);
    await client.waitFor(() => client.logText().includes(logged));
    expect(client.shownMessages.length).toBeLessThanOrEqual(1);
    fake.reply({ text: 'rintln(x)' });
    await client.type(URI, position, 'p');
    expect((await client.inline(URI, { ...position, character: position.character + 1 }))?.items[0]?.insertText).toBe('rintln(x)');
  });

  it('skips malformed lines in the stream and still answers', async () => {
    const position = await start();
    fake.reply({ text: 'println(x)', fault: 'malformed' });
    const result = await client.inline(URI, position);
    expect(Array.isArray(result?.items)).toBe(true);
    expect(client.process.exitCode).toBeNull();
  });

  it('hangs: the request ends within its budget, empty, and the HTTP request is closed', async () => {
    const position = await start({ completion: { debounceMs: 0, timeoutMs: 300 } });
    // Part of a line, then silence: nothing the filters could finish on.
    fake.reply({ chunks: ['print', 'ln('], fault: 'hang' });
    const started = performance.now();
    expect((await client.inline(URI, position))?.items).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1500);
    const [request] = fake.generateRequests();
    await fake.waitFor(() => request!.abortedByClient);
    await client.waitFor(() => client.logText().includes('budget'));
  });

  it('talks to something that is not Ollama (an HTML 502 from a proxy) without corrupting the protocol stream', async () => {
    const position = await start();
    const proxy = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      client.workspaceSettings = { model: { url } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor(() => client.logText().includes(`at ${url}`));
      expect((await client.inline(URI, position))?.items).toEqual([]);
      await client.waitFor(() => client.logText().includes('502'));
      // The connection still works: a request after the bad reply is answered.
      client.workspaceSettings = { model: { url: fake.url } };
      const updates = () => client.logText().split('settings updated').length;
      const before = updates();
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor(() => updates() > before);
      fake.reply({ text: 'println(x)' });
      expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
    } finally {
      proxy.close();
    }
  });
});

describe('bad input from the editor', () => {
  it('answers unknown documents, out-of-range positions, unsupported languages, huge and binary files', async () => {
    const position = await start();
    fake.reply({ text: 'println(x)' });
    expect((await client.inline('file:///w/never-opened.go', position))?.items).toEqual([]);
    expect((await client.inline(URI, { line: 999, character: 0 }))?.items).toEqual([]);
    expect((await client.inline(URI, { line: 0, character: 500 }))?.items).toEqual([]);
    expect((await client.completion(URI, { line: -1, character: -1 }))?.items ?? []).toEqual([]);
    await client.open('file:///w/a.py', 'python', 'print(1)\n');
    expect((await client.inline('file:///w/a.py', { line: 1, character: 0 }))?.items).toEqual([]);
    const huge = 'package main\n\n' + 'var x = "0123456789012345678901234567890123456789"\n'.repeat(100_000);
    await client.open('file:///w/huge.go', 'go', huge);
    expect((await client.inline('file:///w/huge.go', { line: 5, character: 0 }))?.items).toEqual([]);
    await client.open('file:///w/bin.ts', 'typescript', 'PK\u0003\u0004\u0000\u0000binary\u0000data\n');
    expect((await client.inline('file:///w/bin.ts', { line: 0, character: 2 }))?.items).toEqual([]);
    expect(fake.generateRequests()).toEqual([]);
    expect(client.logText()).toMatch(/too-large/);
    expect(client.logText()).toMatch(/binary/);
    // Still serving.
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
  });

  it('survives a malformed message on the wire and unknown methods', async () => {
    const position = await start();
    const garbage = '{"jsonrpc":"2.0","id":99,"method":';
    client.process.stdin.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    await expect(client.request('ghostline/noSuchMethod', {})).rejects.toThrow();
    fake.reply({ text: 'println(x)' });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
  });

  it('warns about an invalid setting by name and keeps the previous value', async () => {
    const position = await start({ completion: { debounceMs: 0, maxTokens: 'lots' } });
    await client.waitFor(() => client.logText().includes('completion.maxTokens'));
    fake.reply({ text: 'println(x)' });
    await client.inline(URI, position);
    expect((fake.generateRequests()[0]!.body as { options: { num_predict: number } }).options.num_predict).toBe(128);
  });

  it('re-reads the settings on didChangeConfiguration', async () => {
    const position = await start();
    client.workspaceSettings = { model: { name: 'starcoder2:3b', template: 'starcoder' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    fake.setModels([{ name: 'starcoder2:3b' }]);
    fake.reply({ text: 'println(x)' });
    await client.waitFor(() => client.logText().includes('settings updated: model starcoder2:3b'));
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
    expect((fake.generateRequests().at(-1)!.body as { prompt: string }).prompt.startsWith('<fim_prefix>')).toBe(true);
    expect((fake.generateRequests().at(-1)!.body as { model: string }).model).toBe('starcoder2:3b');
  });
});
