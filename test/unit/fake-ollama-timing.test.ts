import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';

// The benches subtract the scripted time from the answer time, so the fake must keep it: never answer before it
// (that would hide the server's time), and not run late by a timer's grain (that was counted as the server's).
let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ latency: { ttftMs: 30, perTokenMs: 0 } });
});
afterAll(async () => {
  await fake.close();
});

function generate(): Promise<void> {
  const body = JSON.stringify({ model: 'qwen2.5-coder:1.5b-base', prompt: 'p', raw: true, stream: true });
  return new Promise((resolve, reject) => {
    const req = http.request(`${fake.url}/api/generate`, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the fake Ollama', () => {
  it('sends its first token no sooner than its scripted time after the request, whatever its timer does', async () => {
    const served: number[] = [];
    for (let i = 0; i < 10; i++) {
      await generate();
      const request = fake.generateRequests().at(-1);
      served.push((request?.firstTokenAt ?? 0) - (request?.receivedAt ?? Infinity));
    }
    expect(Math.min(...served)).toBeGreaterThanOrEqual(30);
  });
});
