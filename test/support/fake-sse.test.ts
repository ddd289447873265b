import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from './cleanup.js';
import { startFakeLlamaCpp } from './fake-llamacpp.js';
import { DEFAULT_OPENAI_MODEL, startFakeOpenAi } from './fake-openai.js';

const closing = closedAfterEach();

function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
}

const completion = (extra: Record<string, unknown> = {}) => ({ model: DEFAULT_OPENAI_MODEL, prompt: 'x = ', stream: true, ...extra });

describe('fake OpenAI-compatible server', () => {
  it('streams text_completion events, a finish_reason and [DONE] under its base path', async () => {
    const openai = closing(await startFakeOpenAi({ basePath: '/team/v1' }));
    openai.reply({ chunks: ['a', 'b'] });
    const res = await post(`${openai.baseUrl}/completions`, completion());
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const frames = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)) as { choices: Array<{ text: string; finish_reason: string | null }> });
    expect(frames.map((f) => f.choices[0]?.text)).toEqual(['a', 'b', '']);
    expect(frames.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect((await fetch(`${openai.url}/v1/completions`)).status).toBe(404);
  });

  it('sends no byte, headers included, before the first token, and books a client that left as aborted before it', async () => {
    const openai = closing(await startFakeOpenAi({ latency: { ttftMs: 2000 } }));
    const controller = new AbortController();
    const started = performance.now();
    const pending = post(`${openai.baseUrl}/completions`, completion(), {}, controller.signal).catch((error: unknown) => error);
    const [request] = await openai.waitForRequests(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await openai.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('checks the API key, records headers, enforces four stop strings and names missing models', async () => {
    const openai = closing(await startFakeOpenAi({ apiKey: 'k-1' }));
    expect((await post(`${openai.baseUrl}/completions`, completion())).status).toBe(401);
    const ok = await post(`${openai.baseUrl}/completions`, completion({ stop: ['1', '2', '3', '4'] }), { Authorization: 'Bearer k-1', 'X-Team': 'blue' });
    expect(ok.status).toBe(200);
    await ok.text();
    expect(openai.requests.at(-1)?.headers).toMatchObject({ authorization: 'Bearer k-1', 'x-team': 'blue' });
    expect((await post(`${openai.baseUrl}/completions`, completion({ stop: ['1', '2', '3', '4', '5'] }), { Authorization: 'Bearer k-1' })).status).toBe(400);
    const missing = await post(`${openai.baseUrl}/completions`, completion({ model: 'nope' }), { Authorization: 'Bearer k-1' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'The model `nope` does not exist.' } });
  });
});

describe('fake llama-server', () => {
  it('streams /infill as content events ending with stop: true, reports mid-stream failures as an error line', async () => {
    const llama = closing(await startFakeLlamaCpp());
    llama.reply({ chunks: ['a', 'b'] });
    const body = { input_prefix: 'x = ', input_suffix: '\n', input_extra: [{ filename: 'a.go', text: 'package a' }], prompt: '', stream: true };
    const events = (await (await post(`${llama.url}/infill`, body)).text()).split('\n\n').filter(Boolean);
    const frames = events.map((e) => JSON.parse(e.slice('data: '.length)) as { content: string; stop: boolean });
    expect(frames.map((f) => [f.content, f.stop])).toEqual([
      ['a', false],
      ['b', false],
      ['', true],
    ]);
    llama.reply({ chunks: ['a', 'b'], fault: 'error-event' });
    expect(await (await post(`${llama.url}/infill`, body)).text()).toMatch(/^data: .*\n\nerror: \{"code":500,/);
    expect((await post(`${llama.url}/infill`, { ...body, input_extra: [{ path: 'a.go' }] })).status).toBe(400);
  });

  it('answers /health while loading with 503, and is public while the rest wants the key', async () => {
    const llama = closing(await startFakeLlamaCpp({ loading: true, apiKey: 'k-2' }));
    expect((await fetch(`${llama.url}/health`)).status).toBe(503);
    llama.setLoading(false);
    expect(await (await fetch(`${llama.url}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${llama.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${llama.url}/v1/models`, { headers: { Authorization: 'Bearer k-2' } })).status).toBe(200);
  });
});
