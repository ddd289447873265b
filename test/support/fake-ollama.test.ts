import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama } from './fake-ollama.js';

let fake: FakeOllama;

beforeEach(async () => {
  fake = await startFakeOllama();
});

afterEach(async () => {
  await fake.close();
});

const MODEL = DEFAULT_MODEL.name;

function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

function generate(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return post('/api/generate', { model: MODEL, prompt: 'const x = ', raw: true, ...body }, signal);
}

async function lines(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('generate', () => {
  it('streams one NDJSON line per chunk, then a done line with statistics', async () => {
    fake.reply({ chunks: ['foo', '(', 'bar)'] });
    const res = await generate({});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const out = await lines(res);
    expect(out.map((l) => l['response'])).toEqual(['foo', '(', 'bar)', '']);
    expect(out.slice(0, 3).every((l) => l['done'] === false && l['model'] === MODEL)).toBe(true);
    expect(out[3]).toMatchObject({ done: true, done_reason: 'stop', eval_count: 3 });
    expect(typeof out[3]?.['total_duration']).toBe('number');
    expect(typeof out[0]?.['created_at']).toBe('string');
  });

  it('splits `text` into small chunks and answers in one object when stream is false', async () => {
    fake.reply({ text: 'return a + b;' });
    const streamed = await lines(await generate({}));
    expect(streamed.length).toBeGreaterThan(3);
    expect(streamed.map((l) => l['response']).join('')).toBe('return a + b;');

    const res = await generate({ stream: false });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ response: 'return a + b;', done: true, done_reason: 'stop' });
  });

  it('sends headers only with the first token, after the time to first token', async () => {
    fake.reply({ text: 'x', ttftMs: 150 });
    const started = performance.now();
    const res = await generate({});
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await res.text();
    const [record] = fake.generateRequests();
    expect(record?.firstTokenAt).toBeDefined();
    expect((record?.firstTokenAt ?? 0) - (record?.receivedAt ?? 0)).toBeGreaterThanOrEqual(140);
    expect(record?.finishedAt).toBeDefined();
  });

  it('cuts at the earliest stop string, even across chunk boundaries', async () => {
    fake.reply({ chunks: ['ab', 'c\n', 'EN', 'D', 'x'] });
    const out = await lines(await generate({ options: { stop: ['END', '\n\n'] } }));
    expect(out.map((l) => l['response']).join('')).toBe('abc\n');
    expect(out.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });

    fake.reply({ text: 'a\n\nb' });
    const whole = await generate({ stream: false, options: { stop: ['\n\n'] } });
    expect(await whole.json()).toMatchObject({ response: 'a', done_reason: 'stop' });
  });

  it('stops after num_predict chunks with done_reason "length"', async () => {
    fake.reply({ chunks: ['1', '2', '3', '4', '5'] });
    const out = await lines(await generate({ options: { num_predict: 2 } }));
    expect(out.map((l) => l['response']).join('')).toBe('12');
    expect(out.at(-1)).toMatchObject({ done_reason: 'length', eval_count: 2 });
  });

  it('answers a preload (empty prompt) at once and does not count it as a generation', async () => {
    fake.reply({ text: 'never', ttftMs: 5000 });
    const res = await generate({ prompt: '' });
    expect(await res.json()).toMatchObject({ model: MODEL, response: '', done: true, done_reason: 'load' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.generateRequests()).toHaveLength(0);
  });

  it('uses queued replies first, then the default responder, which sees the request', async () => {
    fake.reply((req) => ({ text: `echo:${String((req.body as { prompt: string }).prompt)}` }));
    fake.enqueue({ text: 'first' });
    const a = (await (await generate({ stream: false })).json()) as Record<string, unknown>;
    const b = (await (await generate({ stream: false, prompt: 'p2' })).json()) as Record<string, unknown>;
    expect([a['response'], b['response']]).toEqual(['first', 'echo:p2']);
  });

  it('rejects a suffix (FIM) for a model whose template has no .Suffix', async () => {
    fake.setModels([{ name: 'plain:7b', template: '{{ .Prompt }}' }]);
    const res = await generate({ model: 'plain:7b', suffix: '}' });
    expect(res.status).toBe(400);
  });
});

describe('chat', () => {
  it('streams message chunks and a done line', async () => {
    fake.reply({ chunks: ['Hel', 'lo'] });
    const res = await post('/api/chat', { model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    const out = await lines(res);
    expect(out.map((l) => (l['message'] as { content: string }).content)).toEqual(['Hel', 'lo', '']);
    expect(out[0]?.['message']).toEqual({ role: 'assistant', content: 'Hel' });
    expect(out.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
    expect(fake.generateRequests()).toHaveLength(1);
  });
});

describe('client disconnects', () => {
  it('records an abort before the first token and frees the slot at once', async () => {
    fake.reply({ text: 'late', ttftMs: 2000 });
    const controller = new AbortController();
    const pending = generate({}, controller.signal);
    await fake.waitFor(() => fake.inFlight === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await fake.waitFor(() => fake.inFlight === 0, 500);
    const [record] = fake.generateRequests();
    expect(record).toMatchObject({ abortedByClient: true, abortedBeforeFirstToken: true });
    expect(record?.firstTokenAt).toBeUndefined();
  });

  it('records an abort mid-stream as not before the first token', async () => {
    fake.reply({ chunks: ['a', 'b', 'c'], perTokenMs: 1000 });
    const controller = new AbortController();
    const res = await generate({}, controller.signal);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await fake.waitFor(() => fake.inFlight === 0, 500);
    expect(fake.generateRequests()[0]).toMatchObject({ abortedByClient: true, abortedBeforeFirstToken: false });
  });

  it('does not count a completed request as aborted', async () => {
    await (await generate({})).text();
    await fake.waitFor(() => fake.generateRequests()[0]?.finishedAt !== undefined);
    expect(fake.generateRequests()[0]).toMatchObject({ abortedByClient: false, abortedBeforeFirstToken: false });
  });
});

describe('faults', () => {
  it('http500 answers 500 with an error object', async () => {
    fake.reply({ text: 'x', fault: 'http500' });
    const res = await generate({});
    expect(res.status).toBe(500);
    expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
  });

  it('cut sends some chunks then drops the connection without a done line', async () => {
    fake.reply({ chunks: ['1', '2', '3', '4'], fault: 'cut' });
    const res = await generate({});
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        text += decoder.decode(value, { stream: true });
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(text).toContain('"response":"1"');
    expect(text).not.toContain('"done":true');
    expect(fake.generateRequests()[0]?.abortedByClient).toBe(false);
  });

  it('hang sends headers and chunks, then nothing until the client aborts', async () => {
    fake.reply({ chunks: ['a'], fault: 'hang' });
    const controller = new AbortController();
    const res = await generate({}, controller.signal);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"response":"a"');
    const next = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r('timeout'), 200))]);
    expect(next).toBe('timeout');
    expect(fake.inFlight).toBe(1);
    controller.abort();
    await fake.waitFor(() => fake.inFlight === 0, 500);
    expect(fake.generateRequests()[0]?.abortedByClient).toBe(true);
  });

  it('malformed puts a non-JSON line in an otherwise normal stream', async () => {
    fake.reply({ chunks: ['a', 'b'], fault: 'malformed' });
    const text = await (await generate({})).text();
    const parsed = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return 'bad';
        }
      });
    expect(parsed.filter((p) => p === 'bad')).toHaveLength(1);
    expect(parsed.at(-1)).toMatchObject({ done: true });
  });

  it('reset-before-headers fails the fetch itself', async () => {
    fake.reply({ text: 'x', fault: 'reset-before-headers' });
    await expect(generate({})).rejects.toThrow();
    await fake.waitFor(() => fake.inFlight === 0, 500);
    expect(fake.generateRequests()[0]?.abortedByClient).toBe(false);
  });

  it('error-line ends a 200 stream with an {"error"} line, as Ollama does mid-stream', async () => {
    fake.reply({ chunks: ['a', 'b'], fault: 'error-line' });
    const out = await lines(await generate({}));
    expect(out[0]).toMatchObject({ response: 'a' });
    expect(typeof out.at(-1)?.['error']).toBe('string');
  });

  it('close() never hangs, even with a hanging request in flight', async () => {
    fake.reply({ chunks: [], fault: 'hang' });
    const res = await generate({});
    const body = res.text().catch((error: unknown) => error);
    await fake.close();
    expect(await body).toBeInstanceOf(Error);
  });
});

describe('models', () => {
  it("answers 404 with Ollama's wording for generate/chat on a missing model", async () => {
    const res = await generate({ model: 'nope:1b' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'model "nope:1b" not found, try pulling it first' });
    const chat = await post('/api/chat', { model: 'nope:1b', messages: [{ role: 'user', content: 'x' }] });
    expect(chat.status).toBe(404);
  });

  it('shows the template and details of a known model, 404 for an unknown one', async () => {
    const res = await post('/api/show', { model: MODEL });
    const show = (await res.json()) as Record<string, unknown>;
    expect(show['template']).toContain('<|fim_prefix|>');
    expect(show['details']).toMatchObject({ family: 'qwen2', parameter_size: '1.5B' });
    expect(show['capabilities']).toContain('insert');
    expect(typeof show['modelfile']).toBe('string');
    expect(typeof show['parameters']).toBe('string');
    expect((await post('/api/show', { name: MODEL })).status).toBe(200);
    const missing = await post('/api/show', { model: 'x' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "model 'x' not found" });
  });

  it('treats "name" as "name:latest"', async () => {
    fake.setModels([{ name: 'starcoder2:latest' }]);
    expect(fake.hasModel('starcoder2')).toBe(true);
    expect((await generate({ model: 'starcoder2' })).status).toBe(200);
  });

  it('lists models, the version and the root banner', async () => {
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Record<string, unknown>[] };
    expect(tags.models).toHaveLength(1);
    expect(tags.models[0]).toMatchObject({ name: MODEL, model: MODEL });
    expect(typeof tags.models[0]?.['digest']).toBe('string');
    expect(await (await fetch(`${fake.url}/api/version`)).json()).toEqual({ version: '0.12.0' });
    expect(await (await fetch(`${fake.url}/`)).text()).toBe('Ollama is running');
  });

  it('pull streams progress and makes the model present', async () => {
    expect((await generate({ model: 'tiny:1b' })).status).toBe(404);
    const out = await lines(await post('/api/pull', { model: 'tiny:1b' }));
    expect(out[0]).toEqual({ status: 'pulling manifest' });
    const progress = out.filter((l) => 'completed' in l);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0]).toMatchObject({ digest: expect.stringMatching(/^sha256:/), total: expect.any(Number) });
    expect(out.at(-1)).toEqual({ status: 'success' });
    expect(fake.hasModel('tiny:1b')).toBe(true);
    expect((await generate({ model: 'tiny:1b' })).status).toBe(200);
  });

  it('pull of a name missing from the registry ends in an error line', async () => {
    await fake.close();
    fake = await startFakeOllama({ registry: [{ name: 'known:1b' }] });
    const out = await lines(await post('/api/pull', { model: 'unknown:1b' }));
    expect(typeof out.at(-1)?.['error']).toBe('string');
    expect(fake.hasModel('unknown:1b')).toBe(false);
    const ok: unknown = await (await post('/api/pull', { model: 'known:1b', stream: false })).json();
    expect(ok).toEqual({ status: 'success' });
    expect(fake.hasModel('known:1b')).toBe(true);
  });
});

describe('lifecycle and concurrency', () => {
  it('stop() refuses connections, start() accepts them again on the same port', async () => {
    const url = fake.url;
    await lines(await generate({})); // leaves a keep-alive socket in fetch's pool
    await fake.stop();
    const failure = await fetch(`${url}/api/version`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: unknown } }).cause?.code).toBe('ECONNREFUSED');
    await fake.start();
    expect(fake.url).toBe(url);
    expect((await fetch(`${url}/api/version`)).status).toBe(200);
  });

  it('stop() ends in-flight generations without booking them as client aborts', async () => {
    fake.reply({ text: 'x', ttftMs: 5000 });
    const pending = generate({}).catch((error: unknown) => error);
    await fake.waitFor(() => fake.inFlight === 1);
    await fake.stop();
    expect(await pending).toBeInstanceOf(Error);
    await fake.waitFor(() => fake.inFlight === 0, 500);
    expect(fake.generateRequests()[0]?.abortedByClient).toBe(false);
  });

  it('counts concurrent generations in maxInFlight', async () => {
    fake.setDefaultLatency({ ttftMs: 100, perTokenMs: 1 });
    await Promise.all([1, 2, 3].map(async () => (await generate({})).text()));
    expect(fake.maxInFlight).toBe(3);
    expect(fake.inFlight).toBe(0);
    const [a, b] = await fake.waitForRequests(3);
    expect((b?.id ?? 0) > (a?.id ?? 0)).toBe(true);
    fake.resetStats();
    expect(fake.requests).toHaveLength(0);
    expect(fake.maxInFlight).toBe(0);
  });
});

describe('the scripted wait', () => {
  /** The timeouts of every blocking pause the fake makes while `run` runs. */
  async function blockingPauses(run: () => Promise<unknown>): Promise<number[]> {
    const wait = vi.spyOn(Atomics, 'wait');
    try {
      await run();
      return wait.mock.calls.map((call) => call[3] ?? Infinity);
    } finally {
      wait.mockRestore();
    }
  }

  it('never blocks the thread when it shares it with the server it answers', async () => {
    const shared = await startFakeOllama({ latency: { ttftMs: 30, perTokenMs: 0 }, sharesThread: true });
    try {
      const started = performance.now();
      const pauses = await blockingPauses(async () => {
        const res = await fetch(`${shared.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: MODEL, prompt: 'x', raw: true }) });
        await res.text();
      });
      expect(pauses).toEqual([]);
      // Still on time: by timers alone, not before the scripted time.
      expect(performance.now() - started).toBeGreaterThanOrEqual(29);
      const [record] = shared.generateRequests();
      expect((record?.firstTokenAt ?? 0) - (record?.receivedAt ?? 0)).toBeGreaterThanOrEqual(29.5);
    } finally {
      await shared.close();
    }
  });
});
