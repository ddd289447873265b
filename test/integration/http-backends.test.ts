import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../support/cleanup.js';
import type { ModelBackend } from '../../server/model/backend.js';
import { createBackend, type BackendSettings } from '../../server/model/create-backend.js';
import { LlamaCppBackend } from '../../server/model/llamacpp-backend.js';
import { startFakeLlamaCpp } from '../support/fake-llamacpp.js';
import { DEFAULT_OPENAI_MODEL, startFakeOpenAi } from '../support/fake-openai.js';

/** The two HTTP backends driven directly (no language server), for what the completion path does not reach: chat, snippets, early stops. */

const closing = closedAfterEach();

const ENV = { TEAM_KEY: 'team-key-123456' };

function backend(settings: Partial<BackendSettings> & Pick<BackendSettings, 'provider' | 'url'>): ModelBackend {
  return createBackend({ name: DEFAULT_OPENAI_MODEL, keepAlive: '5m', apiKeyEnv: 'TEAM_KEY', headers: { 'X-Team': 'blue' }, ...settings }, ENV);
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const MESSAGES = [
  { role: 'system' as const, content: 'You write Go.' },
  { role: 'user' as const, content: 'Write a test for add.' },
  { role: 'assistant' as const, content: 'func TestAdd(t *testing.T) {' },
];
const STOPS = ['</code>', '```', '\n\n\n', '<|im_end|>', '<|endoftext|>'];

describe('chat through /chat/completions', () => {
  it('openai: streams the deltas, sends four stop strings and applies the fifth on the client', async () => {
    const openai = closing(await startFakeOpenAi({ apiKey: ENV.TEAM_KEY }));
    openai.reply({ chunks: ['\n\tif add(1, 2) != 3 {', '\n\t\tt.Fatal()', '\n\t}\n}', '<|endoftext|>', 'junk'] });
    const chat = backend({ provider: 'openai', url: openai.baseUrl }).chat({
      messages: MESSAGES,
      maxTokens: 256,
      stop: STOPS,
      temperature: 0.2,
      signal: AbortSignal.timeout(5000),
    });
    expect((await collect(chat)).join('')).toBe('\n\tif add(1, 2) != 3 {\n\t\tt.Fatal()\n\t}\n}');
    const [request] = openai.generateRequests();
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.body).toEqual({ model: DEFAULT_OPENAI_MODEL, messages: MESSAGES, max_tokens: 256, temperature: 0.2, stop: STOPS.slice(0, 4), stream: true });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${ENV.TEAM_KEY}`, 'x-team': 'blue' });
  });

  it("llamacpp: uses the server's OpenAI-compatible chat endpoint under its root", async () => {
    const llama = closing(await startFakeLlamaCpp());
    llama.reply({ text: '\n\tt.Log("ok")\n}' });
    const chat = backend({ provider: 'llamacpp', url: llama.url }).chat({ messages: MESSAGES, maxTokens: 64, stop: [], temperature: 0, signal: AbortSignal.timeout(5000) });
    expect((await collect(chat)).join('')).toBe('\n\tt.Log("ok")\n}');
    const [request] = llama.generateRequests();
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.body).toMatchObject({ messages: MESSAGES, max_tokens: 64, stream: true });
  });
});

describe('llamacpp /infill', () => {
  it('sends repository snippets as input_extra, one {filename, text} per snippet', async () => {
    const llama = closing(await startFakeLlamaCpp());
    llama.reply({ text: 'a + b' });
    const generate = backend({ provider: 'llamacpp', url: llama.url }).generate({
      prompt: '',
      parts: { prefix: 'return ', suffix: '\n}', filePath: 'calc/add.go', snippets: [{ path: 'calc/sub.go', content: 'func sub(a, b int) int { return a - b }\n' }] },
      maxTokens: 16,
      stop: ['\n\n'],
      temperature: 0,
      signal: AbortSignal.timeout(5000),
    });
    expect((await collect(generate)).join('')).toBe('a + b');
    expect(llama.generateRequests()[0]!.body).toMatchObject({
      input_prefix: 'return ',
      input_suffix: '\n}',
      input_extra: [{ filename: 'calc/sub.go', text: 'func sub(a, b int) int { return a - b }\n' }],
      n_predict: 16,
      stop: ['\n\n'],
    });
    // No budget given, so no server-side time limit.
    expect(llama.generateRequests()[0]!.body).not.toHaveProperty('t_max_predict_ms');
  });

  it('reports presence from /health and the loaded model from /v1/models', async () => {
    const llama = closing(await startFakeLlamaCpp({ loading: true }));
    const llamacpp = backend({ provider: 'llamacpp', url: llama.url }) as LlamaCppBackend;
    await expect(llamacpp.info(AbortSignal.timeout(2000))).rejects.toThrow('HTTP 503: Loading model');
    llama.setLoading(false);
    expect(await llamacpp.info(AbortSignal.timeout(2000))).toEqual({ present: true });
    expect(await llamacpp.loadedModel(AbortSignal.timeout(2000))).toBe('qwen2.5-coder-1.5b-q8_0.gguf');
    expect(await llamacpp.describeServer(AbortSignal.timeout(2000))).toBe(`${llama.url} (llama-server, build b5000-fake, 1 slots)`);
  });
});

describe('stopping early', () => {
  it('closes the request once the consumer stops reading, so the server frees its slot', async () => {
    const openai = closing(await startFakeOpenAi());
    openai.reply({ text: 'x'.repeat(300), perTokenMs: 10 });
    const generate = backend({ provider: 'openai', url: openai.baseUrl, apiKeyEnv: '' }).generate({
      prompt: 'p',
      parts: { prefix: 'p', suffix: '' },
      maxTokens: 200,
      stop: [],
      temperature: 0,
      signal: AbortSignal.timeout(5000),
    });
    for await (const chunk of generate) {
      expect(chunk).toBe('xxx');
      break;
    }
    const [request] = openai.generateRequests();
    await openai.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(false);
    expect(request!.headers['authorization']).toBeUndefined();
  });

  it('reports a model the server does not list as absent, and presence when it does', async () => {
    const openai = closing(await startFakeOpenAi({ models: ['a', 'b'] }));
    expect(await backend({ provider: 'openai', url: openai.baseUrl, name: 'b' }).info(AbortSignal.timeout(2000))).toEqual({ present: true });
    expect(await backend({ provider: 'openai', url: openai.baseUrl, name: 'c' }).info(AbortSignal.timeout(2000))).toEqual({ present: false });
  });
});
