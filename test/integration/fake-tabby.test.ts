import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTabby, type FakeTabby } from '../../bench/peers/fake-tabby.js';

let fake: FakeTabby | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const post = (url: string, body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });

describe('the scripted Tabby server the peers benchmark points tabby-agent at', () => {
  it('reports a healthy server with the model and device fields tabby-agent requires, and 404s server_setting', async () => {
    fake = await startFakeTabby();
    const health = (await (await fetch(`${fake.url}/v1/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ model: expect.any(String), device: expect.any(String) });
    expect((await fetch(`${fake.url}/v1beta/server_setting`)).status).toBe(404);
    expect((await post(`${fake.url}/v1/events`, { type: 'view' })).status).toBe(200);
  });

  it('answers a completion with the scripted text, as {id, choices: [{index, text}]}', async () => {
    fake = await startFakeTabby();
    fake.reply((request) => ({ text: `after ${JSON.stringify((request.body as { segments: { prefix: string } }).segments.prefix.slice(-3))}` }));
    const response = await post(`${fake.url}/v1/completions`, { language: 'go', segments: { prefix: 'x := ', suffix: '\n' } });
    const body = (await response.json()) as { id: string; choices: Array<{ index: number; text: string }> };
    expect(body.id).toMatch(/\S/);
    expect(body.choices).toEqual([{ index: 0, text: 'after ":= "' }]);
    expect(fake.generateRequests()).toHaveLength(1);
  });

  it('rejects a completion without segments.prefix', async () => {
    fake = await startFakeTabby();
    expect((await post(`${fake.url}/v1/completions`, { language: 'go' })).status).toBe(422);
  });

  it('records a client that closes the request before the scripted latency is over as an abort', async () => {
    fake = await startFakeTabby({ latency: { ttftMs: 5_000, perTokenMs: 0 } });
    const controller = new AbortController();
    const pending = post(`${fake.url}/v1/completions`, { language: 'go', segments: { prefix: 'a', suffix: '' } }, controller.signal).catch(() => 'aborted');
    await fake.waitForRequests(1);
    controller.abort();
    expect(await pending).toBe('aborted');
    await fake.waitFor(() => fake?.generateRequests()[0]?.abortedByClient === true);
    expect(fake.generateRequests()[0]?.abortedBeforeFirstToken).toBe(true);
  });
});
