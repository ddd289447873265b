import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream';
import { LineGuard, withLineGuard } from './line-guard.js';

/** Kept-alive connections, as fetch keeps them: Ollama is asked again at every keystroke's pause. */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
/** Statuses whose response has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` for ollama-js on node:http: the same request, and an answer that reads as a web `Response` to ollama-js,
 * without undici's fetch machinery (request cloning, body teeing, WebIDL conversions). That machinery was most of the
 * client's CPU per model request: against a local scripted Ollama, one streamed generate cost 1.2–1.7 ms of CPU
 * through fetch and 0.6–0.8 ms through this (both in one process with the fake, load 4). Network failures reject
 * with Node's socket error (its `code`, as fetch's `cause` carries it), an abort with an `AbortError`, and a
 * connection cut while the body streams fails the body's reads (`ECONNRESET`). What ollama-js never sends (a Request
 * object, a stream body) goes to the global fetch. Every body, either way, errors once a line passes the line guard's limit.
 */
export const nodeFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init?.body;
  const agent = url ? agents[url.protocol as keyof typeof agents] : undefined;
  if (!url || !agent || (body !== undefined && body !== null && typeof body !== 'string')) return fetch(input, init).then((response) => withLineGuard(response));
  const headers = plainHeaders(init?.headers);
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<Response>((resolve, reject) => {
    const options = { method: init?.method ?? 'GET', headers, agent, ...(init?.signal ? { signal: init.signal } : {}) };
    // Not a web Response: what ollama-js reads of one (see NodeResponse), so the cast.
    const req = request(url, options, (res) => resolve(new NodeResponse(res) as unknown as Response));
    // After the answer this only reaches the body (through the response), which reports it.
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : undefined);
  });
};

/** Request headers as node:http takes them, names in lower case as `Headers` gives them; a plain object (what ollama-js passes) is copied as it is. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init instanceof Headers || Array.isArray(init)) new Headers(init).forEach((value, key) => (headers[key] = value));
  else for (const [key, value] of Object.entries((init ?? {}) as Record<string, string>)) headers[key.toLowerCase()] = value;
  return headers;
}

type ReadResult = { done: false; value: Uint8Array } | { done: true; value: undefined };

/**
 * What ollama-js reads of a fetch `Response`: `ok`, `status`, `statusText`, `headers` (an error's content type),
 * `json()` and `text()` (an error's message), and `body.getReader()` (a streamed reply, read chunk by chunk).
 * A web Response over a web stream over the message cost ~0.7 ms of the main thread from the model server's
 * headers to the reply's first chunk (building the Headers, the ReadableStream and the Response, and each chunk's
 * way through the stream's queue); this reads the message directly.
 */
class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly body: { getReader(): BodyReader } | null;
  private answer: Headers | undefined;

  constructor(private readonly res: http.IncomingMessage) {
    this.status = res.statusCode ?? 500;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = res.statusMessage ?? '';
    if (NO_BODY.has(this.status)) {
      res.resume();
      this.body = null;
    } else {
      const reader = new BodyReader(res);
      this.body = { getReader: () => reader };
    }
  }

  /** Made when asked (ollama-js asks only for an error's content type). */
  get headers(): Headers {
    if (this.answer) return this.answer;
    const answer = new Headers();
    for (const [name, value] of Object.entries(this.res.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
    }
    return (this.answer = answer);
  }

  async text(): Promise<string> {
    if (!this.body) return '';
    const reader = this.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const read = await reader.read();
      if (read.done) return text + decoder.decode();
      text += decoder.decode(read.value, { stream: true });
    }
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}

/**
 * A reader of the message's body as a web stream's reader reads (chunks as they came, then done; an error fails
 * every read from then on, what was queued included), with the line guard (line-guard.ts) on each chunk and the
 * same backpressure: the message pauses while a high-water mark's worth waits unread.
 */
class BodyReader {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private state: 'open' | 'ended' | 'failed' = 'open';
  private failure: unknown;
  private waiter: { resolve: (result: ReadResult) => void; reject: (error: unknown) => void } | undefined;
  private readonly guard = new LineGuard();

  constructor(private readonly res: http.IncomingMessage) {
    const cleanup = finished(res, (error) => {
      cleanup();
      res.on('error', () => undefined);
      if (error) this.fail(prematureClose(error));
      else this.end();
    });
    res.on('data', (chunk: Buffer) => this.push(chunk));
  }

  read(): Promise<ReadResult> {
    if (this.state === 'failed') return Promise.reject(this.failure);
    const value = this.queue.shift();
    if (value) {
      this.queued -= value.length;
      if (this.res.isPaused() && this.queued < this.res.readableHighWaterMark) this.res.resume();
      return Promise.resolve({ done: false, value });
    }
    if (this.state === 'ended') return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** Nothing to release: one reader per body. */
  releaseLock(): void {}

  cancel(reason?: unknown): Promise<void> {
    this.fail(reason instanceof Error ? reason : new Error('the body was cancelled'));
    this.res.destroy(reason instanceof Error ? reason : undefined);
    return Promise.resolve();
  }

  private push(chunk: Buffer): void {
    if (this.state !== 'open') return;
    try {
      this.guard.push(chunk);
    } catch (error) {
      this.fail(error);
      this.res.destroy();
      return;
    }
    // A copy: the chunk may be a view of Node's shared pool.
    const value = new Uint8Array(chunk);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) return waiter.resolve({ done: false, value });
    this.queue.push(value);
    this.queued += value.length;
    if (this.queued >= this.res.readableHighWaterMark) this.res.pause();
  }

  private end(): void {
    if (this.state !== 'open') return;
    this.state = 'ended';
    this.waiter?.resolve({ done: true, value: undefined });
    this.waiter = undefined;
  }

  private fail(error: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = error;
    this.queue.length = 0;
    this.waiter?.reject(error);
    this.waiter = undefined;
  }
}

/** A body closed before its end reads as aborted, as `Readable.toWeb` reports it (an AbortError whose cause is the close). */
function prematureClose(error: Error): Error {
  if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') return error;
  return Object.assign(new Error('The operation was aborted', { cause: error }), { name: 'AbortError', code: 'ABORT_ERR' });
}
