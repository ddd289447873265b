import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpStatusError, NdjsonPoster, ollamaHost } from '../../server/model/ndjson-post.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
/** The client port of every request, in order: one port for several requests is one kept-alive connection. */
const ports: number[] = [];
const closed: boolean[] = [];

async function serve(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    const index = ports.push(req.socket.remotePort ?? -1) - 1;
    closed[index] = false;
    res.on('close', () => (closed[index] = !res.writableFinished));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function collect(poster: NdjsonPoster, signal = new AbortController().signal): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const part of poster.lines('/api/generate', { prompt: 'p' }, signal)) parts.push(part);
  return parts;
}

afterEach(async () => {
  const open = server;
  server = undefined;
  open?.closeAllConnections();
  if (open) await new Promise((resolve) => open.close(resolve));
  ports.length = 0;
  closed.length = 0;
});

describe('NdjsonPoster', () => {
  it('reads lines split across writes and characters split across bytes, and skips lines that are not JSON', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const line = Buffer.from('{"response":"é"}\n');
      const cut = line.indexOf(0xc3) + 1;
      res.write(line.subarray(0, cut));
      res.write(Buffer.concat([line.subarray(cut), Buffer.from('not json\n{"resp')]));
      res.end('onse":"","done":true}\n');
    });
    expect(await collect(new NdjsonPoster(url))).toEqual([{ response: 'é' }, { response: '', done: true }]);
  });

  it('keeps the connection for the next request once a reply is read to its done line', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.end('{"response":"a"}\n{"response":"","done":true}\n');
    });
    const poster = new NdjsonPoster(url);
    // The connection goes back to the agent once the reply's last bytes are read, a moment after its done line.
    const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
    await collect(poster);
    await settled();
    await collect(poster);
    await settled();
    await collect(poster);
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });

  it('throws the message of an error line, and when the reply ends without done', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200);
      res.end(ports.length === 1 ? '{"response":"a"}\n{"error":"llama runner process has terminated"}\n' : '{"response":"a"}\n');
    });
    const poster = new NdjsonPoster(url);
    await expect(collect(poster)).rejects.toThrow('llama runner process has terminated');
    await expect(collect(poster)).rejects.toThrow(/did not receive done/i);
  });

  it('reports a status error with the server’s words and the status code', async () => {
    const url = await serve((req, res) => {
      if (ports.length === 1) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"error":"model \\"m\\" not found, try pulling it first"}');
      } else {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>502 Bad Gateway</html>');
      }
    });
    const poster = new NdjsonPoster(url);
    const missing = await collect(poster).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(HttpStatusError);
    expect(missing).toMatchObject({ status_code: 404, message: 'model "m" not found, try pulling it first' });
    await expect(collect(poster)).rejects.toMatchObject({ status_code: 502, message: '<html>502 Bad Gateway</html>' });
  });

  it('closes the connection when the reader stops early and when the signal aborts before the headers', async () => {
    const url = await serve((req, res) => {
      if (ports.length === 1) {
        res.writeHead(200);
        res.write('{"response":"a"}\n');
      }
      // The second request never gets its headers.
    });
    const poster = new NdjsonPoster(url);
    for await (const part of poster.lines('/api/generate', {}, new AbortController().signal)) {
      expect(part).toEqual({ response: 'a' });
      break;
    }
    await expect.poll(() => closed[0]).toBe(true);
    const controller = new AbortController();
    const pending = collect(poster, controller.signal);
    await expect.poll(() => ports.length).toBe(2);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await expect.poll(() => closed[1]).toBe(true);
  });

  it('reads the host as ollama-js does', () => {
    expect(ollamaHost('localhost')).toBe('http://localhost:11434');
    expect(ollamaHost(':8080')).toBe('http://127.0.0.1:8080');
    expect(ollamaHost('http://box')).toBe('http://box:80');
    expect(ollamaHost('https://box/ollama/')).toBe('https://box:443/ollama');
  });
});
