import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, type Fault, type FakeLlamaCpp, type FakeLlamaCppOptions } from '../support/fake-llamacpp.js';
import { SERVER_CRASH } from '../support/fake-sse.js';
import { CancellationTokenSource, TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const TS = 'export function add(a: number, b: number): number {\n  return █;\n}\n';
const URI = 'file:///w/add.ts';
const KEY = 'llama-key-0c1d2e3f4a5b6c7d';
const KEY_ENV = 'GHOSTLINE_TEST_LLAMA_KEY';

let fake: FakeLlamaCpp;
let client: TestClient;

async function start(options: { fake?: FakeLlamaCppOptions; model?: Record<string, unknown>; completion?: Record<string, unknown> } = {}) {
  fake = await startFakeLlamaCpp({ apiKey: KEY, ...options.fake });
  client = await TestClient.start({
    env: { [KEY_ENV]: KEY },
    initializationOptions: {
      model: { provider: 'llamacpp', url: fake.url, apiKeyEnv: KEY_ENV, headers: { 'X-Team': 'blue' }, ...options.model },
      completion: { debounceMs: 0, timeoutMs: 3000, ...options.completion },
      log: { level: 'debug' },
    },
  });
  const { text, position } = parseMarked(TS);
  await client.open(URI, 'typescript', text);
  return { text, position };
}

afterEach(async () => {
  await client?.stop();
  await fake?.close();
});

describe('llamacpp backend over the real server', () => {
  it('sends the parts to /infill (no template: the server applies the model\'s FIM tokens) with the key and headers', async () => {
    const { position } = await start();
    fake.reply({ chunks: ['a', ' + ', 'b'] });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('a + b');
    const [request] = fake.generateRequests();
    expect(request!.path).toBe('/infill');
    expect(request!.body).toEqual({
      input_prefix: 'export function add(a: number, b: number): number {\n  return ',
      input_suffix: ';\n}\n',
      input_extra: [],
      prompt: '',
      n_predict: 48,
      // Half the 3000 ms budget: the server stops at the next newline after that.
      t_max_predict_ms: 1500,
      stop: [],
      temperature: 0.1,
      cache_prompt: true,
      stream: true,
    });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'x-team': 'blue' });
    // No FIM family lookup, no /v1/models round trip before the first completion.
    expect(fake.requests.filter((r) => r.path === '/v1/models' || r.path === '/props')).toEqual([]);
    expect([client.logText(), client.stderr].join('\n')).not.toContain(KEY);
  });

  it('accepts the URL with a trailing /v1, as pasted from an OpenAI-style setup', async () => {
    fake = await startFakeLlamaCpp();
    client = await TestClient.start({ initializationOptions: { model: { provider: 'llamacpp', url: `${fake.url}/v1` }, completion: { debounceMs: 0 } } });
    const { text, position } = parseMarked(TS);
    await client.open(URI, 'typescript', text);
    fake.reply({ text: 'a + b' });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('a + b');
    expect(fake.generateRequests()[0]!.path).toBe('/infill');
  });

  it('streams with per-token delays', async () => {
    const { position } = await start();
    fake.reply({ chunks: ['a', ' ', '+', ' ', 'b'], ttftMs: 30, perTokenMs: 20 });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('a + b');
    const [request] = fake.generateRequests();
    expect(request!.abortedByClient).toBe(false);
  });

  it('closes the HTTP request before the first token when the editor cancels', async () => {
    const { position } = await start({ fake: { latency: { ttftMs: 3000 } } });
    const source = new CancellationTokenSource();
    const pending = client.inline(URI, position, source);
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/infill' });
    source.cancel();
    expect((await pending)?.items).toEqual([]);
    await fake.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(true);
  });

  it('supersedes the previous request of a document: at most one in flight', async () => {
    const { position } = await start({ fake: { latency: { ttftMs: 3000 } } });
    const first = client.inline(URI, position);
    const [firstRequest] = await fake.waitForRequests(1, { where: (r) => r.path === '/infill' });
    await client.type(URI, position, 'a');
    fake.reply({ text: ' + b', ttftMs: 10 });
    const second = client.inline(URI, { ...position, character: position.character + 1 });
    expect((await first)?.items).toEqual([]);
    expect((await second)?.items[0]?.insertText).toBe(' + b');
    expect(firstRequest!.abortedBeforeFirstToken).toBe(true);
    expect(fake.maxInFlight).toBe(1);
  });

  it.each<[Fault, string]>([
    ['http500', SERVER_CRASH],
    ['cut', 'cut'],
    ['malformed', 'not JSON'],
    ['error-event', SERVER_CRASH],
    ['reset-before-headers', 'failed'],
  ])('answers %s with an empty result and a log line, shows it at most once, and recovers', async (fault, logged) => {
    const { position } = await start();
    fake.reply({ text: 'a + b', fault });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.type(URI, position, ' ');
    expect((await client.inline(URI, { ...position, character: position.character + 1 }))?.items).toEqual([]);
    await client.waitFor(() => client.logText().includes(logged));
    expect(client.shownMessages.length).toBeLessThanOrEqual(1);
    fake.reply({ text: ' + b' });
    await client.type(URI, position, 'a');
    expect((await client.inline(URI, { ...position, character: position.character + 1 }))?.items[0]?.insertText).toBe(' + b');
    expect(client.process.exitCode).toBeNull();
  });

  it('hangs: the request ends within its budget, empty, and the HTTP request is closed', async () => {
    const { position } = await start({ completion: { timeoutMs: 300 } });
    fake.reply({ chunks: ['a +'], fault: 'hang' });
    const started = performance.now();
    expect((await client.inline(URI, position))?.items).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    const [request] = fake.generateRequests();
    await fake.waitFor(() => request!.abortedByClient);
    await client.waitFor(() => client.logText().includes('budget'));
  });

  it('shows the server\'s own words while it is still loading the model, once', async () => {
    const { position } = await start({ fake: { loading: true } });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages).toHaveLength(1);
    expect(client.shownMessages[0]!.message).toContain('HTTP 503: Loading model');
  });

  it('is unreachable: one message that says to start llama-server', async () => {
    const { position } = await start();
    await fake.stop();
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('llama-server');
    expect(client.shownMessages[0]!.message).toContain('model.url');
  });

  it('names model.apiKeyEnv, never the key, when the key is refused', async () => {
    const { position } = await start({ fake: { apiKey: 'another-key' } });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('HTTP 401: Invalid API Key');
    expect(client.shownMessages[0]!.message).toContain(`${KEY_ENV} (named by ghostline model.apiKeyEnv)`);
    expect([client.logText(), client.stderr, ...client.shownMessages.map((m) => m.message)].join('\n')).not.toContain(KEY);
  });
});
