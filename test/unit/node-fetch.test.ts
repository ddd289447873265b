import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../server/model/line-guard.js';
import { nodeFetch } from '../../server/model/node-fetch.js';

// nodeFetch's bodies carry the line guard themselves (the Ollama backend no longer wraps them): a reply whose
// line never ends must fail, and an ordinary streamed reply must read as it was sent.
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"error":"model not found"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    if (req.url === '/endless') {
      // One line just past the limit, in pieces, then silence: only the guard can end this read.
      const piece = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent <= MAX_LINE_BYTES; sent += piece.length) res.write(piece);
      return;
    }
    if (req.url === '/cut') {
      res.write('{"response":"a"}\n');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.write('{"response":"a"}\n');
    setTimeout(() => res.end('{"response":"b","done":true}\n'), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function readAll(path: string): Promise<string> {
  const response = await nodeFetch(`${url}${path}`, { method: 'POST', body: '{}' });
  return await response.text();
}

describe('nodeFetch', () => {
  it('streams an ordinary reply as sent', async () => {
    expect(await readAll('/lines')).toBe('{"response":"a"}\n{"response":"b","done":true}\n');
  });

  it('fails the body once a line passes the line guard', async () => {
    await expect(readAll('/endless')).rejects.toThrow(/a line of more than/);
  });

  it('answers an error as ollama-js reads it: status, content type, JSON', async () => {
    const response = await nodeFetch(`${url}/missing`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect([response.ok, response.status, response.headers.get('content-type')]).toEqual([false, 404, 'application/json; charset=utf-8']);
    expect(await response.json()).toEqual({ error: 'model not found' });
  });

  it('gives every chunk to a reader that starts after the reply has ended', async () => {
    const response = await nodeFetch(`${url}/lines`, { method: 'POST', body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) text += decoder.decode(read.value, { stream: true });
    expect(text).toBe('{"response":"a"}\n{"response":"b","done":true}\n');
  });

  it('fails the body when the connection is cut mid-reply', async () => {
    await expect(readAll('/cut')).rejects.toThrow();
  });
});
