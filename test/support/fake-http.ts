/**
 * What every scripted model server fake shares (fake-ollama, fake-openai, fake-llamacpp): a real
 * HTTP server on 127.0.0.1 with a random port, requests recorded with their headers and body,
 * whether the client went away before the first token, a reply queue, latency, and stop/start
 * that really refuses connections.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { text as readText } from 'node:stream/consumers';
import { setTimeout as delay } from 'node:timers/promises';

export interface Latency {
  ttftMs: number;
  perTokenMs: number;
}

export interface RecordedRequest {
  id: number;
  method: string;
  /** Without the query string. */
  path: string;
  /** Lower-cased names, as Node reports them. */
  headers: Record<string, string>;
  /** The client's port: requests with the same one came over the same (kept-alive) connection. */
  remotePort: number | undefined;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** performance.now() timestamps. */
  receivedAt: number;
  /** When the 200 headers left, which (as with real servers under load) is together with the first token. */
  firstTokenAt?: number;
  finishedAt?: number;
  /**
   * When the fake handed its last byte to the socket (`end()` called), which leaves at once: `finishedAt` comes
   * later, when this process's event loop gets to the 'finish' event, by which time the client may be reading.
   */
  lastByteAt?: number;
  abortedByClient: boolean;
  abortedBeforeFirstToken: boolean;
}

export interface WaitForRequestsOptions {
  /** Which requests count; default: all. */
  where?: (request: RecordedRequest) => boolean;
  timeoutMs?: number;
}

/** The part of a scripted reply every fake understands. */
export interface BaseReply {
  /** Tokens in order; each counts as one token for the request's token limit. */
  chunks?: string[];
  /** Split into ~3-character chunks when `chunks` is absent. */
  text?: string;
  ttftMs?: number;
  perTokenMs?: number;
  /** Send every chunk whatever the request's token limit, as a broken or hostile server would. */
  ignoreTokenLimit?: boolean;
}

/** The controls every fake offers to tests and benchmarks. */
export interface FakeServer<R extends BaseReply> {
  /** e.g. `http://127.0.0.1:43123`; the same across stop()/start(). */
  readonly url: string;
  /** Every request in arrival order, recorded once its body has been read. */
  readonly requests: readonly RecordedRequest[];
  /** Generating requests being served right now. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Sets the reply used when the queue is empty. */
  reply(responder: R | ((request: RecordedRequest) => R)): void;
  /** Queues one-shot replies, used first-in first-out before the default one. */
  enqueue(...replies: R[]): void;
  setDefaultLatency(latency: Partial<Latency>): void;
  /** Forgets recorded requests and sets maxInFlight back to inFlight. */
  resetStats(): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Waits until `count` recorded requests match and returns the matches. */
  waitForRequests(count: number, options?: WaitForRequestsOptions): Promise<RecordedRequest[]>;
  /**
   * Closes the listener and destroys every socket, so the URL refuses connections. A client in
   * another process may still see one "other side closed" on a pooled socket, as with a real restart.
   */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface Exchange {
  res: ServerResponse;
  record: RecordedRequest;
  /** Aborted when the client goes away or the fake stops: generation must end at once. */
  signal: AbortSignal;
  abort(): void;
  /** Set before the fake itself kills the socket, so that is not booked as a client abort. */
  endedByServer: boolean;
}

export type Json = Record<string, unknown>;

/** A certificate and key in PEM: the fake then speaks https. */
export interface TlsOptions {
  key: string;
  cert: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The lifecycle, recording and reply bookkeeping; subclasses route requests. */
export abstract class FakeHttpServer<R extends BaseReply> implements FakeServer<R> {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  protected latency: Latency;
  private server: Server | undefined;
  private port = 0;
  private nextId = 1;
  private readonly sockets = new Set<Socket>();
  private readonly exchanges = new Set<Exchange>();
  private readonly generations = new Set<Exchange>();
  private readonly queue: R[] = [];
  private responder: R | ((request: RecordedRequest) => R);

  constructor(
    private readonly name: string,
    defaultReply: R,
    latency: Partial<Latency> = {},
    private readonly tls?: TlsOptions,
  ) {
    this.responder = defaultReply;
    this.latency = { ttftMs: 0, perTokenMs: 0, ...latency };
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  reply(responder: R | ((request: RecordedRequest) => R)): void {
    this.responder = responder;
  }

  enqueue(...replies: R[]): void {
    this.queue.push(...replies);
  }

  setDefaultLatency(latency: Partial<Latency>): void {
    this.latency = { ...this.latency, ...latency };
  }

  resetStats(): void {
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate()) {
      if (performance.now() > deadline) throw new Error(`${this.name}: condition not met within ${timeoutMs} ms`);
      await delay(5);
    }
  }

  async waitForRequests(count: number, options: WaitForRequestsOptions = {}): Promise<RecordedRequest[]> {
    const { where = () => true, timeoutMs } = options;
    await this.waitFor(() => this.requests.filter(where).length >= count, timeoutMs);
    return this.requests.filter(where);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    const server: Server = this.tls ? createTlsServer(this.tls, handler) : createServer(handler);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // The default answers malformed requests with a 400; a fake should just drop them.
    server.on('clientError', (_error, socket) => socket.destroy());
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error(`${this.name}: no TCP address`);
    this.port = address.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const exchange of this.exchanges) {
      exchange.endedByServer = true;
      exchange.abort();
    }
    const closed = new Promise((resolve) => server.close(resolve));
    // server.close() alone waits for keep-alive and hanging connections; a fake must never hang.
    for (const socket of this.sockets) socket.destroy();
    await closed;
    // Let in-process clients read the FINs; otherwise fetch may reuse a dead keep-alive socket and
    // fail with "other side closed" instead of the ECONNREFUSED a test of "the server is down" expects.
    await delay(5);
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /** Answers one request; `x.record` holds the parsed body. */
  protected abstract route(x: Exchange): Promise<void> | void;

  /** The next scripted reply: the queue first, else the default. */
  protected takeReply(record: RecordedRequest): R {
    const { responder } = this;
    return this.queue.shift() ?? (typeof responder === 'function' ? responder(record) : responder);
  }

  /**
   * Runs a generation, counted in inFlight and maxInFlight. It is counted one event-loop turn
   * late, and only while its client is still connected: a client that drops one request and
   * sends the next at once has closed the first socket before the second arrives, but this
   * process may see the second request before the first one's 'close' event.
   */
  protected async generating(x: Exchange, serve: () => Promise<void>): Promise<void> {
    this.generations.add(x);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      this.inFlight = this.liveGenerations();
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await serve();
    } finally {
      this.generations.delete(x);
      this.inFlight = this.liveGenerations();
    }
  }

  /** Generations whose client is still connected; a socket the client closed may not have fired 'close' yet. */
  private liveGenerations(): number {
    return [...this.generations].filter((g) => !g.signal.aborted && g.res.socket !== null && !g.res.socket.destroyed).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    const record: RecordedRequest = {
      id: this.nextId++,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      headers: headersOf(req),
      remotePort: req.socket.remotePort,
      body: undefined,
      receivedAt: performance.now(),
      abortedByClient: false,
      abortedBeforeFirstToken: false,
    };
    const abort = (): void => controller.abort();
    const x: Exchange = { res, record, signal: controller.signal, abort, endedByServer: false };
    this.exchanges.add(x);
    res.on('error', () => undefined); // writes racing a disconnect are expected here
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      record.lastByteAt ??= performance.now();
      return end(...args);
    }) as ServerResponse['end'];
    res.on('finish', () => (record.finishedAt ??= performance.now()));
    res.on('close', () => {
      this.exchanges.delete(x);
      record.finishedAt ??= performance.now();
      if (!res.writableFinished && !x.endedByServer) {
        record.abortedByClient = true;
        record.abortedBeforeFirstToken = record.firstTokenAt === undefined;
      }
      controller.abort();
    });
    record.body = await readBody(req);
    this.requests.push(record);
    if (x.signal.aborted) return;
    try {
      await this.route(x);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: String(error) });
    }
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Applies a token limit (one chunk = one token) and stop strings, which servers never echo back. */
export function planChunks(reply: BaseReply, tokenLimit: number, stops: readonly string[]): { chunks: string[]; hitLimit: boolean } {
  let chunks = reply.chunks ?? splitText(reply.text ?? '');
  let hitLimit = false;
  if (tokenLimit > 0 && chunks.length > tokenLimit && !reply.ignoreTokenLimit) {
    chunks = chunks.slice(0, tokenLimit);
    hitLimit = true;
  }
  const text = chunks.join('');
  const cut = Math.min(
    ...stops
      .filter((s) => s !== '')
      .map((s) => text.indexOf(s))
      .filter((i) => i >= 0),
  );
  if (!Number.isFinite(cut)) return { chunks, hitLimit };
  // Servers hold back text that may start a stop string, so no part of one leaks into any chunk.
  const clipped: string[] = [];
  for (let i = 0, offset = 0; i < chunks.length && offset < cut; i++) {
    const chunk = chunks[i] ?? '';
    clipped.push(chunk.slice(0, cut - offset));
    offset += chunk.length;
  }
  return { chunks: clipped.filter((c) => c !== ''), hitLimit: false };
}

/** Sends the 200 headers, which is the moment of the first token. */
export function beginResponse(x: Exchange, contentType: string): void {
  x.res.writeHead(200, { 'Content-Type': contentType });
  x.record.firstTokenAt = performance.now();
}

export function killSocket(x: Exchange, how: 'reset' | 'close'): void {
  x.endedByServer = true;
  if (how === 'reset') x.res.socket?.resetAndDestroy();
  else x.res.socket?.destroy();
}

/** Resolves once the headers and everything written so far have left for the socket. */
export function flushed(x: Exchange): Promise<void> {
  x.res.flushHeaders();
  const socket = x.res.socket;
  // An empty write on the socket itself completes after every write queued before it.
  return new Promise((resolve) => (socket ? socket.write('', () => resolve()) : resolve()));
}

/** Keeps the response open, sending nothing more, until the client gives up or the fake stops. */
export async function hangUntilAborted(x: Exchange): Promise<void> {
  x.res.flushHeaders();
  if (!x.signal.aborted) await once(x.signal, 'abort');
}

/** Splits on code points so no chunk ends in half a surrogate pair. */
export function splitText(text: string, size = 3): string[] {
  const chars = Array.from(text);
  const count = Math.ceil(chars.length / size);
  return Array.from({ length: count }, (_, i) => chars.slice(i * size, (i + 1) * size).join(''));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  // A client that goes away mid-body leaves it empty; the close handler records the abort.
  const text = await readText(req).catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Resolves true after `ms`, or false as soon as `signal` aborts. No delay still yields to I/O (so an
 * abort is seen), but through setImmediate: a timer would add about a millisecond per token.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return new Promise((resolve) => setImmediate(() => resolve(!signal.aborted)));
  return delay(ms, true, { signal }).catch(() => false);
}

/**
 * How much of a wait is left to a blocking pause instead of a timer. A timer fires up to a millisecond or two late (its
 * clock has a millisecond's grain, and this busy process reaches it when it can), and the benches subtract the scripted
 * time from the answer time: the fake's lateness read as the server's overhead (Python misses: the fake took 20.76 ms
 * p50 for its 20).
 */
const ON_TIME_MS = 2;
/** Never signalled: Atomics.wait on it is a pause of a given length that spends no CPU, unlike turns of the event loop. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Resolves true at `at` (performance.now()), or false once `signal` has aborted. A timer waits until `blockMs` before
 * `at` and a blocking pause the rest (this process answers nothing meanwhile, which can only add to a measured
 * answer time, never take from it); a time already past still yields to I/O once, as `sleep(0)`. A timer that
 * fires early (its clock has a millisecond's grain) leaves a pause up to a millisecond longer than `blockMs`; a fake that
 * shares its thread with the server it answers (did-change.js) passes 0 and never blocks it.
 */
export async function sleepUntil(at: number, signal: AbortSignal, blockMs = ON_TIME_MS): Promise<boolean> {
  if (!(await sleep(Math.max(0, at - performance.now() - blockMs), signal))) return false;
  // Only a fake that must never block re-arms its timer: another timer would land a millisecond or two late, and that
  // lateness would read as the server's overhead in the benches that subtract the scripted time.
  for (let early = at - performance.now(); blockMs === 0 && early > 0; early = at - performance.now()) {
    if (!(await sleep(early, signal))) return false;
  }
  const left = at - performance.now();
  if (left > 0) Atomics.wait(PAUSE, 0, 0, left);
  return !signal.aborted;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE }).end(JSON.stringify(value));
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
