import { afterEach, describe, expect, it } from 'vitest';
import { backendGuarantees } from '../support/backend-guarantees.js';
import { startFakeLlamaCpp, type FakeLlamaCpp, type FakeLlamaCppOptions } from '../support/fake-llamacpp.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const TS = 'export function add(a: number, b: number): number {\n  return █;\n}\n';
const URI = 'file:///w/add.ts';
const KEY = 'llama-key-0c1d2e3f4a5b6c7d';
const KEY_ENV = 'GHOSTLINE_TEST_LLAMA_KEY';

let fake: FakeLlamaCpp;
let client: TestClient;

type StartOptions = { fake?: FakeLlamaCppOptions; model?: Record<string, unknown>; completion?: Record<string, unknown> };

async function launch(options: StartOptions = {}) {
  const fake = await startFakeLlamaCpp({ apiKey: KEY, ...options.fake });
  const client = await TestClient.start({
    env: { [KEY_ENV]: KEY },
    initializationOptions: {
      model: { provider: 'llamacpp', url: fake.url, apiKeyEnv: KEY_ENV, headers: { 'X-Team': 'blue' }, ...options.model },
      completion: { debounceMs: 0, timeoutMs: 3000, ...options.completion },
      log: { level: 'debug' },
    },
  });
  const { text, position } = parseMarked(TS);
  await client.open(URI, 'typescript', text);
  return { fake, client, uri: URI, position };
}

async function start(options: StartOptions = {}) {
  ({ fake, client } = await launch(options));
  return parseMarked(TS);
}

afterEach(async () => {
  await client?.stop();
  await fake?.close();
});

describe('llamacpp backend: the guarantees of every backend', () => {
  backendGuarantees({
    start: ({ latency, completion }) => launch({ fake: { latency }, completion }),
    reply: 'a + b',
    typed: { char: 'a', reply: ' + b' },
  });
});

describe('llamacpp backend over the real server', () => {
  it("sends the parts to /infill (no template: the server applies the model's FIM tokens) with the key and headers", async () => {
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

  it("shows the server's own words while it is still loading the model, once", async () => {
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
