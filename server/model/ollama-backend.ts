import { Ollama } from 'ollama';
import { z } from 'zod';
import type { BackendDescription, ChatRequest, EmbedRequest, GenerateRequest, ModelBackend, ModelInfo } from './backend.js';
import { describeOllama } from './backend-checks.js';
import { ModelError } from './backend.js';
import { checkedVectors } from './embeddings.js';
import { nodeFetch } from './node-fetch.js';
import { causeCode, isConnectionCut, UNREACHABLE_CODES } from './network-errors.js';

export interface OllamaBackendOptions {
  url: string;
  model: string;
  keepAlive: string;
}

/** One progress line of `ollama pull`, validated because it crosses a boundary. */
const pullProgress = z.object({
  status: z.string(),
  total: z.number().optional(),
  completed: z.number().optional(),
});
export type PullProgress = z.infer<typeof pullProgress>;

/** /api/embed's reply; what is inside each vector is checked by checkedVectors. */
const embedReply = z.object({ embeddings: z.array(z.unknown()) });

/**
 * Talks to Ollama through ollama-js. Each request gets its own client whose fetch carries the
 * request's AbortSignal: ollama-js only lets a stream be aborted once headers have arrived, and
 * Ollama sends headers with the first token, so without this a cancel during prompt evaluation
 * would leave the model busy.
 */
export class OllamaBackend implements ModelBackend {
  readonly promptFormat = 'client';

  constructor(private readonly options: OllamaBackendOptions) {}

  generate(request: GenerateRequest): AsyncIterable<string> {
    const start = (client: Ollama) =>
      client.generate({
        model: this.options.model,
        prompt: request.prompt,
        // raw keeps the prompt byte-stable for KV-cache reuse and skips the chat template.
        raw: true,
        stream: true,
        keep_alive: this.options.keepAlive,
        options: { num_predict: request.maxTokens, stop: request.stop, temperature: request.temperature },
      });
    return this.stream(request.signal, start, (part) => part.response, 'a chunk without a response field');
  }

  chat(request: ChatRequest): AsyncIterable<string> {
    const start = (client: Ollama) =>
      client.chat({
        model: this.options.model,
        messages: request.messages,
        stream: true,
        keep_alive: this.options.keepAlive,
        options: { num_predict: request.maxTokens, stop: request.stop, temperature: request.temperature },
      });
    const content = (part: { message?: { content?: unknown } }) => part.message?.content;
    return this.stream(request.signal, start, content, 'a chat chunk without message content');
  }

  /** Streams the text of each NDJSON part, validated, and closes the HTTP request when the consumer stops early. */
  private async *stream<Part extends { done?: boolean }>(
    signal: AbortSignal,
    start: (client: Ollama) => Promise<AsyncIterable<Part> & { abort(): void }>,
    text: (part: Part) => unknown,
    malformed: string,
  ): AsyncIterable<string> {
    let stream;
    try {
      stream = await start(this.client(signal));
    } catch (error) {
      throw classify(error, signal, this.options);
    }
    let finished = false;
    try {
      for await (const part of stream) {
        const chunk = text(part);
        if (typeof chunk !== 'string') throw new ModelError('malformed', `Ollama sent ${malformed}`);
        if (chunk) yield chunk;
        if (part.done) finished = true;
      }
      finished = true;
    } catch (error) {
      throw classify(error, signal, this.options);
    } finally {
      // The consumer may stop reading early (a stream filter decided the rest is junk): close the
      // HTTP request so Ollama stops generating and frees its single slot.
      if (!finished) stream.abort();
    }
  }

  async info(signal: AbortSignal): Promise<ModelInfo> {
    try {
      const shown = await this.client(signal).show({ model: this.options.model });
      return { present: true, template: typeof shown.template === 'string' ? shown.template : undefined };
    } catch (error) {
      const classified = classify(error, signal, this.options);
      if (classified.kind === 'model-missing') return { present: false };
      throw classified;
    }
  }

  async preload(signal: AbortSignal): Promise<void> {
    try {
      // An empty prompt loads the model without generating (Ollama's documented preload).
      await this.client(signal).generate({ model: this.options.model, prompt: '', keep_alive: this.options.keepAlive, stream: false });
    } catch (error) {
      throw classify(error, signal, this.options);
    }
  }

  /** Pulls the configured model, reporting progress; resolves when Ollama reports success. */
  async pull(onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void> {
    try {
      const stream = await this.client(signal).pull({ model: this.options.model, stream: true });
      for await (const part of stream) {
        const parsed = pullProgress.safeParse(part);
        if (parsed.success) onProgress(parsed.data);
      }
    } catch (error) {
      throw classify(error, signal, this.options);
    }
  }

  /** One vector per text from /api/embed; the configured model must be an embedding model (nomic-embed-text …). */
  async embed(request: EmbedRequest): Promise<number[][]> {
    if (request.input.length === 0) return [];
    const { model, keepAlive, url } = this.options;
    let reply: unknown;
    try {
      reply = await this.client(request.signal).embed({ model, input: request.input, keep_alive: keepAlive });
    } catch (error) {
      throw embedError(error, request.signal, this.options);
    }
    const parsed = embedReply.safeParse(reply);
    if (!parsed.success) throw new ModelError('malformed', `Ollama at ${url} answered /api/embed without a list of embeddings`);
    return checkedVectors(parsed.data.embeddings, request.input.length, `Ollama at ${url}`);
  }

  /** Doctor's rows: Ollama's version, then the model and its template. */
  describe(signal: AbortSignal): Promise<BackendDescription> {
    return describeOllama(this, { url: this.options.url, model: this.options.model }, signal);
  }

  private client(signal: AbortSignal): Ollama {
    const fetchWithSignal: typeof fetch = async (input, init) => {
      const signals = init?.signal ? [init.signal, signal] : [signal];
      // nodeFetch's bodies carry the line guard (line-guard.ts) already.
      return nodeFetch(input, { ...init, signal: AbortSignal.any(signals) });
    };
    return new Ollama({ host: this.options.url, fetch: fetchWithSignal });
  }
}

/**
 * classify for /api/embed. A 404 that names no model ("404 page not found") comes from an Ollama
 * older than /api/embed, not from a missing model; a body that is not JSON is a broken reply.
 */
function embedError(error: unknown, signal: AbortSignal, options: OllamaBackendOptions): ModelError {
  if (signal.aborted || !(error instanceof Error)) return classify(error, signal, options);
  const status = (error as { status_code?: unknown }).status_code;
  if (status === 404 && !/\bmodel\b/i.test(error.message)) {
    const message = `Ollama at ${options.url} does not serve embeddings (POST /api/embed answered HTTP 404: ${error.message}); a newer Ollama does`;
    return new ModelError('http', message, { cause: error, status: 404 });
  }
  if (error instanceof SyntaxError) return new ModelError('malformed', `Ollama at ${options.url} answered /api/embed with a body that is not JSON`, { cause: error });
  return classify(error, signal, options);
}

/** Maps whatever fetch or ollama-js threw onto the few kinds the LSP layer acts on. */
export function classify(error: unknown, signal: AbortSignal, options: OllamaBackendOptions): ModelError {
  if (error instanceof ModelError) return error;
  if (signal.aborted) return new ModelError('aborted', 'request cancelled', { cause: error });
  const err = error instanceof Error ? error : new Error(String(error));
  if (err.name === 'AbortError') return new ModelError('aborted', 'request cancelled', { cause: err });
  const status = (err as { status_code?: unknown }).status_code;
  if (typeof status === 'number') {
    if (status === 404 && /not found/i.test(err.message)) {
      return new ModelError('model-missing', `model "${options.model}" is not available on ${options.url}: ${err.message}`, { cause: err });
    }
    return new ModelError('http', `model server answered HTTP ${status}: ${err.message}`, { cause: err });
  }
  const code = causeCode(err);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new ModelError('unreachable', `cannot reach the model server at ${options.url} (${code})`, { cause: err });
  }
  if (/did not receive done/i.test(err.message)) {
    return new ModelError('malformed', 'the model server ended the stream without finishing it', { cause: err });
  }
  if (isConnectionCut(err, code)) {
    return new ModelError('http', 'the connection to the model server was cut', { cause: err });
  }
  return new ModelError('http', `model server request failed: ${err.message}${code ? ` (${code})` : ''}`, { cause: err });
}
