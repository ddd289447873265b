import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionList, InlineCompletionList, Position } from 'vscode-languageserver-protocol';
import type { RecordedRequest } from '../support/fake-http.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { CancellationTokenSource, INLINE_CAPABILITIES, ITEMS_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const URI = 'file:///w/a.go';
const FRESH_LINE = 'package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n';

let fake: FakeOllama | undefined;
let client: TestClient | undefined;

afterEach(async () => {
  await client?.stop();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function start(kind: 'inline' | 'items', source: string): Promise<{ fake: FakeOllama; client: TestClient; position: Position }> {
  fake = await startFakeOllama();
  client = await TestClient.start({
    capabilities: kind === 'inline' ? INLINE_CAPABILITIES : ITEMS_CAPABILITIES,
    initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 } },
  });
  const { text, position } = parseMarked(source);
  await client.open(URI, 'go', text);
  return { fake, client, position };
}

const generating = (r: RecordedRequest): boolean => r.path === '/api/generate' && Boolean((r.body as { prompt?: string }).prompt);

/** Asks the way the client is set up: inline completions or completion items; the first suggestion's text. */
async function suggest(c: TestClient, kind: 'inline' | 'items', position: Position, source?: CancellationTokenSource): Promise<string | undefined> {
  if (kind === 'inline') {
    const list: InlineCompletionList | null = await c.inline(URI, position, source);
    const first = list?.items[0]?.insertText;
    return typeof first === 'string' ? first : first?.value;
  }
  const list: CompletionList | null = await c.completion(URI, position, source);
  const edit = list?.items[0]?.textEdit as { newText?: string } | undefined;
  return edit?.newText;
}

/** Types `key` at `position` as an editor does while a request is in flight: the change, then the cancellation of the old request. */
async function typeAndCancel(c: TestClient, position: Position, key: string, old: CancellationTokenSource): Promise<void> {
  await c.type(URI, position, key);
  old.cancel();
}

describe('a request in flight is adopted by the next keystroke that agrees with it', () => {
  for (const kind of ['inline', 'items'] as const) {
    it(`one model call answers two requests (${kind})`, async () => {
      const { fake, client, position } = await start(kind, FRESH_LINE);
      fake.reply({ text: 'println(x)', ttftMs: 400 });
      const source = new CancellationTokenSource();
      const first = suggest(client, kind, position, source);
      const [request] = await fake.waitForRequests(1, { where: generating });
      await typeAndCancel(client, position, 'p', source);
      const second = await suggest(client, kind, { line: position.line, character: position.character + 1 });
      expect(await first).toBeUndefined();
      // The items path replaces the word being typed, so its text starts with the typed 'p'.
      expect(second).toBe(kind === 'inline' ? 'rintln(x)' : 'println(x)');
      expect(fake.generateRequests().filter(generating)).toHaveLength(1);
      expect(request!.abortedByClient).toBe(false);
    });
  }

  it('an adopted reply that turns out not to agree with the keystroke is closed, and the request asks anew', async () => {
    const { fake, client, position } = await start('inline', FRESH_LINE);
    // Arrives three characters at a time, slowly: the first piece already disagrees with the typed 'z'.
    fake.reply({ text: 'println(x)', ttftMs: 300, perTokenMs: 400 });
    const source = new CancellationTokenSource();
    const first = suggest(client, 'inline', position, source);
    const [request] = await fake.waitForRequests(1, { where: generating });
    fake.reply({ text: ' := 2', ttftMs: 10 });
    await typeAndCancel(client, position, 'z', source);
    const second = await suggest(client, 'inline', { line: position.line, character: position.character + 1 });
    expect(await first).toBeUndefined();
    expect(second).toBe(' := 2');
    expect(fake.generateRequests().filter(generating)).toHaveLength(2);
    expect(request!.abortedByClient).toBe(true);
  });

  it('a finished reply the keystroke contradicts is not used: the next request asks the model', async () => {
    const { fake, client, position } = await start('inline', FRESH_LINE);
    fake.reply({ text: 'println(x)', ttftMs: 5 });
    expect(await suggest(client, 'inline', position)).toBe('println(x)');
    fake.reply({ text: ' := 2', ttftMs: 5 });
    await client.type(URI, position, 'z');
    expect(await suggest(client, 'inline', { line: position.line, character: position.character + 1 })).toBe(' := 2');
    expect(fake.generateRequests().filter(generating)).toHaveLength(2);
  });

  it('a cancelled request with no successor still closes its model request, with or without typing since', async () => {
    const { fake, client, position } = await start('inline', FRESH_LINE);
    fake.reply({ text: 'println(x)', ttftMs: 3000 });
    const lone = new CancellationTokenSource();
    const pending = suggest(client, 'inline', position, lone);
    const [first] = await fake.waitForRequests(1, { where: generating });
    lone.cancel();
    expect(await pending).toBeUndefined();
    await fake.waitFor(() => first!.abortedByClient);

    // Typing that agrees with the reply, then the cancellation, and no new request: closed all the same.
    const typed = new CancellationTokenSource();
    const next = suggest(client, 'inline', position, typed);
    const [, second] = await fake.waitForRequests(2, { where: generating });
    await typeAndCancel(client, position, 'p', typed);
    expect(await next).toBeUndefined();
    await fake.waitFor(() => second!.abortedByClient);
    expect(second!.abortedBeforeFirstToken).toBe(true);
  });

  it('Enter after a line whose finished reply goes on to the next line is answered from that reply, cut for the new line', async () => {
    const { fake, client, position } = await start('inline', 'package main\n\nfunc main() {\n\tx := 1█\n}\n');
    // Still streaming when the single-line answer is cut: the reply is read on to the end of its second line, then closed.
    fake.reply({ text: '\n\tprintln(x)\n\tprintln(x + 1)\n' + '\tjunk()\n'.repeat(50), ttftMs: 5, perTokenMs: 30 });
    await suggest(client, 'inline', position);
    const [request] = fake.generateRequests().filter(generating);
    await fake.waitFor(() => request!.abortedByClient);
    await client.type(URI, position, '\n\t');
    expect(await suggest(client, 'inline', { line: position.line + 1, character: 1 })).toBe('println(x)');
    expect(fake.generateRequests().filter(generating)).toHaveLength(1);
  });
});
