import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { backendGuarantees } from '../support/backend-guarantees.js';
import { DEFAULT_OPENAI_MODEL, startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from '../support/fake-openai.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const GO = 'package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n';
const P = 'package main\n\nfunc main() {\n\tx := 1\n\t';
const S = '\n}\n';
const URI = 'file:///w/a.go';
const KEY = 'sk-ghostline-test-9f8e7d6c5b4a3210';
const KEY_ENV = 'GHOSTLINE_TEST_OPENAI_KEY';

let fake: FakeOpenAi;
let client: TestClient;

interface StartOptions {
  fake?: FakeOpenAiOptions;
  model?: Record<string, unknown>;
  completion?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

/** A vLLM-like server behind a proxy path, with a key; a server configured the way a team would. */
async function launch(options: StartOptions = {}) {
  const fake = await startFakeOpenAi({ basePath: '/team/v1', apiKey: KEY, ...options.fake });
  const client = await TestClient.start({
    env: { [KEY_ENV]: KEY, ...options.env },
    initializationOptions: {
      model: { provider: 'openai', url: fake.baseUrl, name: DEFAULT_OPENAI_MODEL, apiKeyEnv: KEY_ENV, headers: { 'X-Team': 'blue' }, ...options.model },
      completion: { debounceMs: 0, timeoutMs: 3000, ...options.completion },
      log: { level: 'debug' },
    },
  });
  const { text, position } = parseMarked(GO);
  await client.open(URI, 'go', text);
  return { fake, client, uri: URI, position };
}

async function start(options: StartOptions = {}) {
  ({ fake, client } = await launch(options));
  return parseMarked(GO).position;
}

/** Everything the server said anywhere the user or a log collector could see it. */
function everythingSaid(): string {
  return [client.logText(), client.stderr, ...client.shownMessages.map((m) => m.message), ...client.messageRequests].join('\n');
}

afterEach(async () => {
  await client?.stop();
  await fake?.close();
});

describe('openai backend: the guarantees of every backend', () => {
  backendGuarantees({
    start: ({ latency, completion }) => launch({ fake: { latency }, completion }),
    reply: 'println(x)\n\tprintln(x + 1)\n',
    typed: { char: 'p', reply: 'rintln(x)' },
  });
});

describe('openai backend over the real server', () => {
  it('sends the FIM prompt from the template to /completions under the path prefix, with the key and the extra headers', async () => {
    const position = await start();
    fake.reply({ chunks: ['fmt', '.Println', '(x)'] });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('fmt.Println(x)');

    const [request] = fake.generateRequests();
    expect(request!.path).toBe('/team/v1/completions');
    expect(request!.body).toEqual({
      model: DEFAULT_OPENAI_MODEL,
      prompt: `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
      max_tokens: 128,
      temperature: 0.1,
      // Qwen's end-of-text and FIM tokens: the first four of its stop list, OpenAI's cap.
      stop: ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'],
      stream: true,
    });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'x-team': 'blue', 'content-type': 'application/json' });
    // The FIM family came from the model's name; the model's presence from /models, with the key too.
    const models = fake.requests.find((r) => r.path === '/team/v1/models');
    expect(models?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(everythingSaid()).not.toContain(KEY);
  });

  it('streams with per-token delays and applies the stop strings beyond the fourth on the client', async () => {
    const position = await start();
    fake.reply({ text: 'println(x)<|file_sep|>main.go\npackage junk', ttftMs: 20, perTokenMs: 15 });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
  });

  it('is unreachable: one message about the OpenAI base URL, fast empty answers', async () => {
    const position = await start();
    await fake.stop();
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect((await client.inline(URI, position))?.items).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages).toHaveLength(1);
    expect(client.shownMessages[0]!.message).toContain('model.url');
    expect(client.shownMessages[0]!.message).toContain('/v1');
    expect(client.shownMessages[0]!.message).not.toContain('ollama');
  });

  it('names model.apiKeyEnv, never the key, when the key is refused, even if the server repeats it', async () => {
    const position = await start({ fake: { apiKey: 'the-right-key', echoAuthorization: true } });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    const message = client.shownMessages[0]!.message;
    expect(message).toContain('HTTP 401');
    expect(message).toContain('Invalid API Key');
    expect(message).toContain('model.apiKeyEnv');
    expect(message).toContain(KEY_ENV);
    expect(message).toContain('[redacted]');
    expect(fake.requests.every((r) => r.headers['authorization'] === `Bearer ${KEY}`)).toBe(true);
    // The key reached the server and appears nowhere the server told the editor or wrote to stderr.
    expect(everythingSaid()).not.toContain(KEY);
  });

  it('says the variable is not set when model.apiKeyEnv names a missing one, and sends no Authorization', async () => {
    const position = await start({ model: { apiKeyEnv: 'GHOSTLINE_TEST_UNSET_KEY' } });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('GHOSTLINE_TEST_UNSET_KEY, which is not set');
    expect(fake.requests.every((r) => r.headers['authorization'] === undefined)).toBe(true);
  });

  it('tells which model names the server lists when the configured one is not among them', async () => {
    const position = await start({ model: { name: 'qwen2.5-coder-7b' } });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('"qwen2.5-coder-7b" is not on the model server');
    expect(client.shownMessages[0]!.message).toContain('/v1/models');
    expect(client.messageRequests).toEqual([]);
    expect(fake.generateRequests()).toEqual([]);
  });

  it('says what model.url should look like when the path is wrong', async () => {
    fake = await startFakeOpenAi({ basePath: '/v1' });
    client = await TestClient.start({
      initializationOptions: { model: { provider: 'openai', url: fake.url, name: DEFAULT_OPENAI_MODEL, template: 'qwen' }, completion: { debounceMs: 0 } },
    });
    const { text, position } = parseMarked(GO);
    await client.open(URI, 'go', text);
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('HTTP 404');
    expect(client.shownMessages[0]!.message).toContain('usually ending in /v1');
  });
});

describe('openai backend over https', () => {
  // A self-signed certificate for 127.0.0.1, made for these tests (test/fixtures/tls).
  const certPath = fileURLToPath(new URL('../fixtures/tls/cert.pem', import.meta.url));
  const tls = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8') };

  async function startTls(env: NodeJS.ProcessEnv) {
    fake = await startFakeOpenAi({ tls });
    client = await TestClient.start({
      env,
      initializationOptions: { model: { provider: 'openai', url: fake.baseUrl, name: DEFAULT_OPENAI_MODEL }, completion: { debounceMs: 0 } },
    });
    const { text, position } = parseMarked(GO);
    await client.open(URI, 'go', text);
    return position;
  }

  it('completes over TLS when the editor trusts the certificate', async () => {
    const position = await startTls({ NODE_EXTRA_CA_CERTS: certPath });
    expect(fake.baseUrl.startsWith('https://')).toBe(true);
    fake.reply({ text: 'println(x)' });
    expect((await client.inline(URI, position))?.items[0]?.insertText).toBe('println(x)');
  });

  it('says how to trust a private CA when the certificate is not trusted', async () => {
    const position = await startTls({ NODE_EXTRA_CA_CERTS: '' });
    expect((await client.inline(URI, position))?.items).toEqual([]);
    await client.waitFor(() => client.shownMessages.length > 0);
    expect(client.shownMessages[0]!.message).toContain('NODE_EXTRA_CA_CERTS');
  });
});
