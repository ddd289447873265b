/**
 * A scripted stand-in for an OpenAI-compatible server (vLLM, LM Studio) on 127.0.0.1: /models,
 * /completions, /chat/completions and /embeddings under a base path, streamed as server-sent events, with an
 * optional API key and OpenAI's cap of four stop strings.
 */
import { FakeHttpServer, isRecord, sendJson, str, type Exchange, type FakeServer, type Json, type Latency, type RecordedRequest, type TlsOptions } from './fake-http.js';
import { authorized, BAD_KEY, serveSse, type SseDialect, type SseReply } from './fake-sse.js';
import { EmbedScript, inputTexts, openAiEmbeddingList, type Embedder, type EmbedReply, type EmbeddingControls } from './fake-embeddings.js';

export type { SseFault as Fault, SseReply as Reply } from './fake-sse.js';

export const DEFAULT_OPENAI_MODEL = 'Qwen/Qwen2.5-Coder-1.5B';

export interface FakeOpenAiOptions {
  /** Model ids /models lists and requests may name; default [DEFAULT_OPENAI_MODEL]. */
  models?: string[];
  /** Where the API lives, like a proxy's prefix: default '/v1'. */
  basePath?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** A careless server: its 401 message repeats the Authorization header it got. */
  echoAuthorization?: boolean;
  /** Most stop strings accepted (OpenAI's API: 4); more gets a 400. */
  maxStops?: number;
  latency?: Partial<Latency>;
  /** Serve https with this certificate. */
  tls?: TlsOptions;
  /** Vectors for /embeddings; default hashedWordVector. */
  embed?: Embedder;
  /** false: no /embeddings route (404 Not Found), as a server or gateway that only generates. Default true. */
  embeddings?: boolean;
}

export interface FakeOpenAi extends FakeServer<SseReply>, EmbeddingControls {
  /** The base URL to configure (`url` + basePath). */
  readonly baseUrl: string;
  /** The /completions and /chat/completions requests. */
  generateRequests(): RecordedRequest[];
  setModels(models: string[]): void;
}

/** Starts a fake OpenAI-compatible server on 127.0.0.1 with a random port. */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const fake = new FakeOpenAiServer(options);
  await fake.start();
  return fake;
}

const CREATED = 1_700_000_000;

class FakeOpenAiServer extends FakeHttpServer<SseReply> implements FakeOpenAi {
  private models: string[];
  private readonly basePath: string;
  private readonly embedding: EmbedScript;

  constructor(private readonly options: FakeOpenAiOptions) {
    super('fake-openai', { text: 'fake completion' }, options.latency, options.tls);
    this.models = options.models ?? [DEFAULT_OPENAI_MODEL];
    this.basePath = options.basePath ?? '/v1';
    this.embedding = new EmbedScript(options.embed);
  }

  embedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === `${this.basePath}/embeddings`);
  }

  setEmbedder(embed: Embedder): void {
    this.embedding.setEmbedder(embed);
  }

  enqueueEmbed(...replies: EmbedReply[]): void {
    this.embedding.enqueue(...replies);
  }

  get baseUrl(): string {
    return `${this.url}${this.basePath}`;
  }

  generateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && /\/(chat\/)?completions$/.test(r.path));
  }

  setModels(models: string[]): void {
    this.models = models;
  }

  protected async route(x: Exchange): Promise<void> {
    const { method, path } = x.record;
    const route = path.startsWith(`${this.basePath}/`) ? `${method} ${path.slice(this.basePath.length)}` : '';
    if (route !== '' && !authorized(x.record, this.options.apiKey)) {
      const echo = this.options.echoAuthorization ? ` (got "${x.record.headers['authorization'] ?? ''}")` : '';
      return sendJson(x.res, 401, openAiError(401, `${BAD_KEY}${echo}`));
    }
    switch (route) {
      case 'GET /models':
        return sendJson(x.res, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'vllm' })) });
      case 'POST /completions':
        return this.generate(x, 'completion');
      case 'POST /chat/completions':
        return this.generate(x, 'chat');
      case 'POST /embeddings':
        if (this.options.embeddings !== false) return this.embed(x);
        return sendJson(x.res, 404, { detail: 'Not Found' });
      default:
        // FastAPI's answer for an unknown path, as vLLM gives it.
        return sendJson(x.res, 404, { detail: 'Not Found' });
    }
  }

  private async generate(x: Exchange, kind: 'completion' | 'chat'): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    const model = str(body['model']) ?? '';
    if (!this.models.includes(model)) return sendJson(x.res, 404, openAiError(404, `The model \`${model}\` does not exist.`));
    const invalid = validate(kind, body, this.options.maxStops ?? 4);
    if (invalid) return sendJson(x.res, 400, openAiError(400, invalid));
    const reply = this.takeReply(x.record);
    const dialect = kind === 'chat' ? chatDialect(model, x.record.id) : completionDialect(model, x.record.id);
    await this.generating(x, () => serveSse(x, { reply, latency: this.latency, dialect, tokenLimit: numberOr(body['max_tokens'], -1), stops: stopsOf(body['stop']) }));
  }

  private async embed(x: Exchange): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    const model = str(body['model']) ?? '';
    if (!this.models.includes(model)) return sendJson(x.res, 404, openAiError(404, `The model \`${model}\` does not exist.`));
    const texts = inputTexts(body['input']);
    if (!texts || texts.length === 0) return sendJson(x.res, 400, openAiError(400, "'input' must be a non-empty string or list of strings"));
    await this.embedding.serve(x, { texts, latency: this.latency, wrap: openAiEmbeddingList(model, texts), errorBody: openAiError });
  }
}

/** What OpenAI's API rejects with a 400; the reason, or undefined when the body is fine. */
function validate(kind: 'completion' | 'chat', body: Json, maxStops: number): string | undefined {
  if (kind === 'completion' && typeof body['prompt'] !== 'string') return "'prompt' is a required property";
  if (kind === 'chat' && !Array.isArray(body['messages'])) return "'messages' is a required property";
  if (body['stream'] !== true) return 'this fake only streams: send "stream": true';
  const stop = body['stop'];
  if (Array.isArray(stop) && stop.length > maxStops) return `[] is too long - 'stop': at most ${maxStops} stop sequences`;
  return undefined;
}

/** The /v1/completions stream: one text_completion object per token, a finish_reason, then [DONE]. */
export function completionDialect(model: string, id: number): SseDialect {
  const head = { id: `cmpl-${id}`, object: 'text_completion', created: CREATED, model };
  const choice = (text: string, finish: string | null) => ({ ...head, choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] });
  return {
    frame: (chunk) => choice(chunk, null),
    closing: (hitLimit) => `data: ${JSON.stringify(choice('', hitLimit ? 'length' : 'stop'))}\n\ndata: [DONE]\n\n`,
    errorBody: openAiError,
    midStreamError: (message) => `data: ${JSON.stringify(openAiError(500, message))}\n\n`,
  };
}

/** The /v1/chat/completions stream: the role in the first delta, then content deltas. */
export function chatDialect(model: string, id: number): SseDialect {
  const head = { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created: CREATED, model };
  const choice = (delta: Json, finish: string | null) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  return {
    frame: (chunk, index) => choice(index === 0 ? { role: 'assistant', content: chunk } : { content: chunk }, null),
    closing: (hitLimit) => `data: ${JSON.stringify(choice({}, hitLimit ? 'length' : 'stop'))}\n\ndata: [DONE]\n\n`,
    errorBody: openAiError,
    midStreamError: (message) => `data: ${JSON.stringify(openAiError(500, message))}\n\n`,
  };
}

/** OpenAI's error object. */
export function openAiError(status: number, message: string): Json {
  const type = status === 401 ? 'authentication_error' : status === 404 ? 'NotFoundError' : status === 400 ? 'BadRequestError' : 'InternalServerError';
  return { error: { message, type, param: null, code: status } };
}

export function stopsOf(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((s): s is string => typeof s === 'string' && s !== '');
}

export function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
