import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { LineGuard } from './line-guard.js';

/** How long a reply may take to end after its `done` line before its connection is dropped instead of reused. */
const CLOSE_GRACE_MS = 1000;

/** A non-2xx answer, shaped as ollama-js reports it (`status_code`), so the backend classifies both alike. */
export class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly status_code: number,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

/**
 * Ollama's streamed POST endpoints over node:http, with a keep-alive agent of its own. A completion
 * is one small request on the keystroke path, and fetch (undici and web streams, with ollama-js's
 * parsing on top) spent 1–2 ms more per request than node:http against the same server
 * (`/api/generate`, 6 KB prompt, one token: p50 1.9–2.4 ms against 0.64 ms). Behaves as ollama-js
 * does: lines that are not JSON are skipped, an `{"error"}` line throws its message, a reply that
 * ends without `done` throws; aborting `signal` closes the connection, also before the headers.
 */
export class NdjsonPoster {
  private agent: http.Agent | undefined;

  /** `host` as the user wrote it; an invalid one fails the request that uses it, as with ollama-js. */
  constructor(private readonly host: string) {}

  /** POSTs `body` as JSON to `path` and yields each JSON object of the reply as its line arrives. */
  async *lines(path: string, body: unknown, signal: AbortSignal): AsyncGenerator<Record<string, unknown>> {
    const response = await this.post(path, JSON.stringify(body), signal);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw await statusError(response);
    const guard = new LineGuard();
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let finished = false;
    try {
      // Stopping at `done` must not destroy the response: the connection goes back to the agent (release below).
      const chunks = response.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
      for await (const bytes of chunks) {
        guard.push(bytes);
        const text = decoder.write(bytes);
        let start = 0;
        for (let end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
          const message = parseLine(pending + text.slice(start, end));
          pending = '';
          if (!message) continue;
          if ('error' in message) throw new Error(String(message['error']));
          yield message;
          if (message['done'] === true) {
            finished = true;
            return;
          }
        }
        pending += text.slice(start);
      }
      const last = parseLine(pending + decoder.end());
      if (last && 'error' in last) throw new Error(String(last['error']));
      if (last) yield last;
      finished = last?.['done'] === true;
      if (!finished) throw new Error('Did not receive done or success response in stream.');
    } finally {
      if (finished) release(response);
      else response.destroy();
    }
  }

  private post(path: string, body: string, signal: AbortSignal): Promise<http.IncomingMessage> {
    const base = new URL(ollamaHost(this.host));
    const url = new URL(base.pathname.replace(/\/+$/, '') + path, base);
    const secure = url.protocol === 'https:';
    const send = secure ? https.request : http.request;
    this.agent ??= secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    const agent = this.agent;
    return new Promise((resolve, reject) => {
      const request = send(url, { method: 'POST', agent, signal, headers: headersFor(url, body) }, resolve);
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** The host as ollama-js reads `host`: a missing scheme means http on port 11434; a trailing slash is dropped. */
export function ollamaHost(host: string): string {
  let explicit = host.includes('://');
  let spelled = host;
  if (spelled.startsWith(':')) {
    spelled = `http://127.0.0.1${spelled}`;
    explicit = true;
  }
  const url = new URL(explicit ? spelled : `http://${spelled}`);
  const port = url.port || (!explicit ? '11434' : url.protocol === 'https:' ? '443' : '80');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`.replace(/\/$/, '');
}

function headersFor(url: URL, body: string): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) };
  // Ollama's cloud takes its key from the environment, as ollama-js sends it.
  const key = process.env['OLLAMA_API_KEY'];
  if (url.protocol === 'https:' && url.hostname === 'ollama.com' && key) headers['Authorization'] = `Bearer ${key}`;
  return headers;
}

/** One line of the reply as an object; undefined for a blank or non-JSON line (skipped, as ollama-js does). */
function parseLine(line: string): Record<string, unknown> | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The error of a non-2xx answer: its JSON `error`, else its text, else the status line (as ollama-js words it). */
async function statusError(response: http.IncomingMessage): Promise<HttpStatusError> {
  const status = response.statusCode ?? 0;
  let text = '';
  try {
    response.setEncoding('utf8');
    for await (const chunk of response as AsyncIterable<string>) {
      text += chunk;
      if (text.length > 64 * 1024) break;
    }
  } catch {
    // The status says enough.
  } finally {
    response.destroy();
  }
  let message = text;
  if (String(response.headers['content-type']).includes('application/json')) {
    message = (parseLine(text)?.['error'] as string | undefined) ?? '';
  }
  return new HttpStatusError(message || `Error ${status}: ${response.statusMessage ?? ''}`, status);
}

/** A reply read to its `done` line: its remaining bytes are discarded so the connection goes back to the agent, or dropped when they do not come. */
function release(response: http.IncomingMessage): void {
  if (response.complete) return;
  const timer = setTimeout(() => response.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  response.once('end', () => clearTimeout(timer));
  response.once('close', () => clearTimeout(timer));
  response.resume();
}
