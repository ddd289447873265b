import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../server/model/backend.js';
import { OllamaBackend } from '../../server/model/ollama-backend.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';

// The Ollama backend sends its requests through node:http (model/node-fetch.ts), not the global fetch, whose
// machinery cost about twice the CPU per model request; what ollama-js reads and how failures are told apart stay.
let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ latency: { ttftMs: 0, perTokenMs: 0 } });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A global fetch that fails the test if anything calls it. */
function forbidGlobalFetch(): { calls: number } {
  const seen = { calls: 0 };
  vi.stubGlobal('fetch', () => {
    seen.calls++;
    return Promise.reject(new Error('the global fetch was called'));
  });
  return seen;
}

function backend(url = fake.url): OllamaBackend {
  return new OllamaBackend({ url, model: 'qwen2.5-coder:1.5b-base', keepAlive: '5m' });
}

async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

describe('the Ollama transport', () => {
  it('streams a generate reply without the global fetch, the request as ollama-js builds it', async () => {
    const seen = forbidGlobalFetch();
    fake.reply({ chunks: ['x := ', '1\n'], ttftMs: 0, perTokenMs: 0 });
    const prompt = 'ünïcode prompt '.repeat(500);
    const text = await collect(
      backend().generate({ prompt, parts: { prefix: prompt, suffix: '' }, maxTokens: 16, stop: ['\n\n'], temperature: 0.2, signal: new AbortController().signal }),
    );
    expect(text).toBe('x := 1\n');
    expect(seen.calls).toBe(0);
    const request = fake.generateRequests().at(-1);
    expect(request?.body).toMatchObject({ prompt, raw: true, stream: true, options: { num_predict: 16, stop: ['\n\n'] } });
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('tells a server that is not there, a missing model, a cut stream and a cancel apart, as before', async () => {
    forbidGlobalFetch();
    const signal = () => new AbortController().signal;
    const request = { prompt: 'p', parts: { prefix: 'p', suffix: '' }, maxTokens: 8, stop: [], temperature: 0 };
    const kindOf = async (url: string, signalled = signal()) =>
      collect(backend(url).generate({ ...request, signal: signalled })).then(
        () => 'none',
        (error: unknown) => (error instanceof ModelError ? error.kind : String(error)),
      );
    const down = await startFakeOllama();
    const downUrl = down.url;
    await down.close();
    expect(await kindOf(downUrl)).toBe('unreachable');
    const missing = new OllamaBackend({ url: fake.url, model: 'no-such-model', keepAlive: '5m' });
    expect(await collect(missing.generate({ ...request, signal: signal() })).catch((error: unknown) => (error as ModelError).kind)).toBe('model-missing');
    fake.reply({ chunks: ['a', 'b', 'c', 'd'], fault: 'cut' });
    expect(await kindOf(fake.url)).toMatch(/^(http|malformed)$/);
    fake.reply({ text: 'slow', ttftMs: 5000 });
    expect(await kindOf(fake.url, AbortSignal.timeout(50))).toBe('aborted');
  });
});
