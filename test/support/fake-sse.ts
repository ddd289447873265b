/**
 * Streaming a scripted reply as server-sent events, the way OpenAI-compatible servers and
 * llama-server do: nothing (not even headers) until the first token, one event per token, the
 * server's own closing events, and the faults seen from such servers and their sockets.
 */
import {
  beginResponse,
  flushed,
  hangUntilAborted,
  killSocket,
  planChunks,
  sendJson,
  sleep,
  type BaseReply,
  type Exchange,
  type Json,
  type Latency,
  type RecordedRequest,
} from './fake-http.js';

/** Ways a scripted reply can go wrong. */
export type SseFault =
  | 'http500' // status 500 with the server's JSON error body instead of a stream
  | 'http401' // status 401 at once, as a server that rejects the key before queueing the request
  | 'cut' // half the events, then the socket closes without the closing events
  | 'hang' // headers and events, then silence until the client gives up
  | 'malformed' // an event whose data is not JSON after the first one, then the rest as normal
  | 'error-event' // half the events, then the server's way of reporting a failure inside the stream
  | 'reset-before-headers'; // TCP reset before any byte of the response

export interface SseReply extends BaseReply {
  fault?: SseFault;
}

/** What differs between servers that stream SSE. */
export interface SseDialect {
  /** The JSON of the event that carries one token. */
  frame(chunk: string, index: number): Json;
  /** Raw SSE text after the last token: a finishing event, `data: [DONE]`. */
  closing(hitLimit: boolean, tokens: number): string;
  /** The body of an error status, in the server's format. */
  errorBody(status: number, message: string): Json;
  /** Raw SSE text by which the server reports a failure inside a stream. */
  midStreamError(message: string): string;
}

export const SSE_TYPE = 'text/event-stream';

/** Messages the fakes fail with, so tests can look for the server's own words. */
export const SERVER_CRASH = 'CUDA error: out of memory (fake)';
export const BAD_KEY = 'Invalid API Key';

/** One SSE event with JSON data. */
export function sse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** True when the request carries `Authorization: Bearer <apiKey>` (always, when no key is configured). */
export function authorized(record: RecordedRequest, apiKey: string | undefined): boolean {
  return apiKey === undefined || record.headers['authorization'] === `Bearer ${apiKey}`;
}

/** Serves one streamed generation. `tokenLimit` ≤ 0 means none. */
export async function serveSse(x: Exchange, input: { reply: SseReply; latency: Latency; dialect: SseDialect; tokenLimit: number; stops: readonly string[] }): Promise<void> {
  const { reply, dialect } = input;
  const fault = reply.fault;
  if (fault === 'http401') return sendJson(x.res, 401, dialect.errorBody(401, BAD_KEY));
  // The server reads the whole prompt before it writes anything, headers included.
  if (!(await sleep(reply.ttftMs ?? input.latency.ttftMs, x.signal))) return;
  if (fault === 'reset-before-headers') return killSocket(x, 'reset');
  if (fault === 'http500') return sendJson(x.res, 500, dialect.errorBody(500, SERVER_CRASH));

  const plan = planChunks(reply, input.tokenLimit, input.stops);
  let events = plan.chunks.map((chunk, i) => sse(dialect.frame(chunk, i)));
  if (fault === 'cut' || fault === 'error-event') events = events.slice(0, Math.ceil(events.length / 2));
  if (fault === 'malformed') events.splice(Math.min(1, events.length), 0, 'data: this is not JSON\n\n');
  beginResponse(x, SSE_TYPE);
  const perTokenMs = reply.perTokenMs ?? input.latency.perTokenMs;
  for (const [i, event] of events.entries()) {
    if (i > 0 && !(await sleep(perTokenMs, x.signal))) return;
    x.res.write(event);
  }
  if (fault === 'cut') {
    await flushed(x);
    return killSocket(x, 'close');
  }
  if (fault === 'hang') return hangUntilAborted(x);
  x.res.end(fault === 'error-event' ? dialect.midStreamError(SERVER_CRASH) : dialect.closing(plan.hitLimit, plan.chunks.length));
}
