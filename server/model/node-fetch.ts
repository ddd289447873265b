import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream';
import { LineGuard, withLineGuard } from './line-guard.js';

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
 * stream body) goes to the global fetch. Every body, either way, errors once a line passes the line guard's limit.
 */
export const nodeFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init?.body;
  const agent = url ? agents[url.protocol as keyof typeof agents] : undefined;
  if (!url || !agent || (body !== undefined && body !== null && typeof body !== 'string')) return fetch(input, init).then((response) => withLineGuard(response));
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
      const stream = NO_BODY.has(status) ? null : guardedBody(res);
      resolve(new Response(stream, { status, statusText: res.statusMessage ?? '', headers: answer }));
    });
    // After the answer this only reaches the body's stream (through the response), which reports it.
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : undefined);
  });
};

/**
 * The body as a web stream, as `Readable.toWeb` makes it (same backpressure, end and errors), with the line
 * guard (line-guard.ts) on each chunk: one stream and one Response per reply instead of a second stream piped
 * through a TransformStream into a second Response, which cost 0.15–0.4 ms of CPU per model request.
 */
function guardedBody(res: http.IncomingMessage): ReadableStream<Uint8Array> {
  const guard = new LineGuard();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  res.pause();
  const cleanup = finished(res, (error) => {
    cleanup();
    res.on('error', () => undefined);
    if (error) return controller.error(prematureClose(error));
    if (!cancelled) controller.close();
  });
  res.on('data', (chunk: Buffer) => {
    try {
      guard.push(chunk);
    } catch (error) {
      cancelled = true;
      controller.error(error);
      res.destroy();
      return;
    }
    // A copy: the chunk may be a view of Node's shared pool.
    controller.enqueue(new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) res.pause();
  });
  return new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: () => void res.resume(),
      cancel: (reason: unknown) => {
        cancelled = true;
        res.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: res.readableHighWaterMark }),
  );
}

/** A body closed before its end reads as aborted, as `Readable.toWeb` reports it (an AbortError whose cause is the close). */
function prematureClose(error: Error): Error {
  if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') return error;
  return Object.assign(new Error('The operation was aborted', { cause: error }), { name: 'AbortError', code: 'ABORT_ERR' });
}
