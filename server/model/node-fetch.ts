import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/** Kept-alive connections, as fetch keeps them: Ollama is asked again at every keystroke's pause. */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
/** Statuses whose response has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` for ollama-js on node:http: the same request and a web `Response`, without undici's fetch machinery
 * (request cloning, body teeing, WebIDL conversions). That machinery was most of the client's CPU per model
 * request: against a local scripted Ollama, one streamed generate cost 1.2–1.7 ms of CPU through fetch and
 * 0.6–0.8 ms through this (both in one process with the fake, load 4). Network failures reject with Node's
 * socket error (its `code`, as fetch's `cause` carries it), an abort with an `AbortError`, and a connection cut
 * while the body streams errors the body (`ECONNRESET`). What ollama-js never sends (a Request object, a
 * stream body) goes to the global fetch.
 */
export const nodeFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init?.body;
  const agent = url ? agents[url.protocol as keyof typeof agents] : undefined;
  if (!url || !agent || (body !== undefined && body !== null && typeof body !== 'string')) return fetch(input, init);
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<Response>((resolve, reject) => {
    const options = { method: init?.method ?? 'GET', headers, agent, ...(init?.signal ? { signal: init.signal } : {}) };
    const req = request(url, options, (res) => {
      const status = res.statusCode ?? 500;
      const answer = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
      }
      if (NO_BODY.has(status)) res.resume();
      const stream = NO_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      resolve(new Response(stream, { status, statusText: res.statusMessage ?? '', headers: answer }));
    });
    // After the answer this only reaches the body's stream (through the response), which reports it.
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : undefined);
  });
};
