import { ModelError } from './backend.js';
import { causeCode, isConnectionCut, isTlsError, UNREACHABLE_CODES } from './network-errors.js';
import { isErrorPayload, messageOf, readErrorText, serverMessage } from './server-errors.js';
import { LineGuard } from './line-guard.js';
import { SseDecoder } from './sse.js';

export interface ModelHttpOptions {
  /** Every path is appended to this URL's path, so a prefix (`https://host/team/v1`) is kept. */
  baseUrl: string;
  /** The model name, for "model missing" messages. */
  model: string;
  /** Name of the environment variable holding the API key; '' for none. */
  apiKeyEnv: string;
  /** Extra headers for every request. */
  headers: Readonly<Record<string, string>>;
  /** Said after a 404 that does not name the model: what the URL should look like. */
  urlHint: string;
  /** Said when the server cannot be reached: how to start it. */
  startHint: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Most bytes of a JSON reply read whole. Embeddings are the large ones (64 texts × 768 numbers is
 * about 1 MB); a server that sends more than this is broken, and is not read to the end.
 */
export const MAX_JSON_REPLY_BYTES = 16 * 1024 * 1024;

/** How long a finished stream may take to close before its connection is dropped instead of reused. */
const CLOSE_GRACE_MS = 1000;

/**
 * HTTP for the model servers that speak JSON and server-sent events (OpenAI-compatible,
 * llama-server): the API key and extra headers on every request, one AbortSignal per request
 * that closes the connection also before the response headers arrive, and every failure turned
 * into a ModelError whose message carries the server's own words but never the key.
 */
export class ModelHttp {
  private readonly apiKey: string;

  constructor(private readonly options: ModelHttpOptions) {
    const env = options.env ?? process.env;
    this.apiKey = options.apiKeyEnv === '' ? '' : (env[options.apiKeyEnv] ?? '').trim();
  }

  /** The URL of `path` under the base URL; its query string, if any, is kept. */
  url(path: string): string {
    const url = new URL(this.options.baseUrl);
    url.pathname = url.pathname.replace(/\/+$/, '') + path;
    return url.toString();
  }

  /** GETs `path` and returns its JSON body (unvalidated: the caller's schema does that). */
  async getJson(path: string, signal: AbortSignal): Promise<unknown> {
    const response = await this.send('GET', path, undefined, signal);
    try {
      const body: unknown = await response.json();
      return body;
    } catch (error) {
      throw this.classify(error, signal, `GET ${path} did not answer JSON`);
    }
  }

  /** Like getJson, but undefined when the server has no such endpoint (404 or 405). */
  async getJsonIfPresent(path: string, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.getJson(path, signal);
    } catch (error) {
      if (error instanceof ModelError && (error.status === 404 || error.status === 405)) return undefined;
      throw error;
    }
  }

  /**
   * POSTs `body` and returns the JSON reply (unvalidated: the caller's schema does that). The reply
   * is one long line, so no line guard: it is read whole, but never past `maxBytes`.
   */
  async postJson(path: string, body: unknown, signal: AbortSignal, maxBytes = MAX_JSON_REPLY_BYTES): Promise<unknown> {
    const response = await this.send('POST', path, body, signal);
    const text = await this.readCapped(response, `POST ${path}`, signal, maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ModelError('malformed', `the model server answered POST ${path} with a body that is not JSON: ${JSON.stringify(this.redact(text).slice(0, 80))}`);
    }
  }

  /**
   * POSTs `body` with `stream: true` semantics and yields the JSON payload of each event. Ends at
   * `data: [DONE]`, at a payload `isFinal` accepts, or at the end of the body. Stopping early
   * (the consumer breaks out) closes the connection, so the server stops generating.
   */
  async *streamJson(path: string, body: unknown, signal: AbortSignal, isFinal: (payload: unknown) => boolean = () => false): AsyncGenerator<unknown> {
    const controller = new AbortController();
    const response = await this.send('POST', path, body, AbortSignal.any([signal, controller.signal]));
    if (!response.body) throw new ModelError('malformed', `the model server answered POST ${path} without a body`);
    const reader = response.body.getReader();
    const decoder = new SseDecoder();
    const guard = new LineGuard();
    let state: 'open' | 'final' | 'ended' = 'open';
    try {
      while (state === 'open') {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.classify(error, signal, 'reading the stream failed');
        }
        if (chunk.done) state = 'ended';
        else guard.push(chunk.value as Uint8Array);
        for (const item of chunk.done ? decoder.end() : decoder.push(chunk.value as Uint8Array)) {
          if (item.type === 'field') throw this.fieldError(item.field, item.value);
          if (item.data === '[DONE]') {
            state = state === 'ended' ? 'ended' : 'final';
            break;
          }
          const payload = this.parsePayload(item.data);
          yield payload;
          if (isFinal(payload)) {
            state = state === 'ended' ? 'ended' : 'final';
            break;
          }
        }
      }
    } finally {
      if (state === 'final') closeWhenDone(reader, controller);
      else if (state === 'open') controller.abort();
    }
  }

  /** Sends one request; throws a classified ModelError for network failures and non-2xx answers. */
  private async send(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw this.classify(error, signal, `${method} ${path} failed`);
    }
    if (!response.ok) throw this.statusError(response.status, method, path, this.redact(await readErrorText(response)));
    return response;
  }

  /** The body as text; past `maxBytes` the connection is closed and the reply fails. */
  private async readCapped(response: Response, request: string, signal: AbortSignal, maxBytes: number): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        const value = chunk.value as Uint8Array;
        bytes += value.length;
        if (bytes > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new ModelError('malformed', `the model server's answer to ${request} is longer than ${maxBytes} bytes; Ghostline stopped reading it`);
        }
        chunks.push(value);
      }
    } catch (error) {
      throw this.classify(error, signal, `reading the answer to ${request} failed`);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: json ? 'text/event-stream, application/json' : 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    Object.assign(headers, this.options.headers);
    if (this.apiKey !== '') headers['Authorization'] = `Bearer ${this.apiKey}`;
    return headers;
  }

  private parsePayload(data: string): unknown {
    let payload: unknown;
    try {
      payload = JSON.parse(data) as unknown;
    } catch {
      throw new ModelError('malformed', `the model server sent an event that is not JSON: ${JSON.stringify(this.redact(data).slice(0, 80))}`);
    }
    if (isErrorPayload(payload)) {
      const said = messageOf(payload) ?? serverMessage(data);
      throw new ModelError('http', `the model server failed mid-stream: ${this.redact(said)}`);
    }
    return payload;
  }

  /** llama-server reports a failure inside a stream as an `error:` line; any other unknown line is garbage. */
  private fieldError(field: string, value: string): ModelError {
    if (field === 'error') return new ModelError('http', `the model server failed mid-stream: ${this.redact(serverMessage(value))}`);
    const line = field + (value ? `: ${value}` : '');
    return new ModelError('malformed', `the model server sent a line that is not a server-sent event: ${JSON.stringify(this.redact(line).slice(0, 80))}`);
  }

  private statusError(status: number, method: string, path: string, body: string): ModelError {
    const said = serverMessage(body);
    const detail = said ? `: ${said}` : '';
    const where = this.options.baseUrl;
    const error = (kind: 'http' | 'model-missing', message: string) => new ModelError(kind, message, { status });
    if (status === 401 || status === 403) {
      return error('http', `the model server at ${where} refused the request (HTTP ${status}${detail}). ${this.authHint()}`);
    }
    // "The model `x` does not exist" (vLLM, OpenAI), "model not found" (llama-server's router);
    // a word boundary keeps a 404 for a path like /v1/models from reading as a missing model.
    if (status === 404 && /\bmodel\b/i.test(said)) {
      return error('model-missing', `model "${this.options.model}" is not available on ${where}${detail}`);
    }
    if (status === 404) {
      return error('http', `the model server at ${where} has no ${method} ${path} (HTTP 404${detail}); ${this.options.urlHint}`);
    }
    return error('http', `the model server answered HTTP ${status}${detail}`);
  }

  /** What to do about a refused key; names the variable, never its value. */
  private authHint(): string {
    const { apiKeyEnv } = this.options;
    if (apiKeyEnv === '') {
      return "It wants an API key: put the key in an environment variable of the editor and set ghostline model.apiKeyEnv to that variable's name.";
    }
    if (this.apiKey === '') {
      return `ghostline model.apiKeyEnv names the environment variable ${apiKeyEnv}, which is not set for the language server.`;
    }
    return `Check the API key in the environment variable ${apiKeyEnv} (named by ghostline model.apiKeyEnv).`;
  }

  private classify(error: unknown, signal: AbortSignal, context: string): ModelError {
    if (error instanceof ModelError) return error;
    if (signal.aborted) return new ModelError('aborted', 'request cancelled', { cause: error });
    const err = error instanceof Error ? error : new Error(String(error));
    if (err.name === 'AbortError') return new ModelError('aborted', 'request cancelled', { cause: err });
    const code = causeCode(err);
    const where = this.options.baseUrl;
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new ModelError('unreachable', `cannot reach the model server at ${where} (${code}). ${this.options.startHint}`, { cause: err });
    }
    if (isTlsError(code)) {
      return new ModelError('http', `TLS to ${where} failed (${code}); for a certificate from a private CA, start the editor with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`, {
        cause: err,
      });
    }
    if (isConnectionCut(err, code)) return new ModelError('http', 'the connection to the model server was cut', { cause: err });
    const reason = err.cause instanceof Error ? err.cause.message : err.message;
    return new ModelError('http', `${context}: ${this.redact(reason)}${code ? ` (${code})` : ''}`, { cause: err });
  }

  /** Removes the key from text that came from elsewhere (a server may echo what it was sent). */
  private redact(text: string): string {
    return this.apiKey === '' ? text : text.split(this.apiKey).join('[redacted]');
  }
}

/**
 * After the last event, lets the server close the response so the keep-alive connection can be
 * reused (a new TLS handshake costs round trips); drops the connection if it does not.
 */
function closeWhenDone(reader: ReadableStreamDefaultReader<Uint8Array>, controller: AbortController): void {
  const timer = setTimeout(() => controller.abort(), CLOSE_GRACE_MS);
  timer.unref();
  const drain = async (): Promise<void> => {
    for (;;) {
      const { done } = await reader.read();
      if (done) return;
    }
  };
  drain()
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
}
