/**
 * A scripted stand-in for llama.cpp's llama-server on 127.0.0.1: /health, /props, /v1/models,
 * /infill (streamed as `data: {"content","stop"}` events, failures inside the stream as an
 * `error:` line) and the OpenAI-compatible /v1/chat/completions and /v1/embeddings.
 */
import { FakeHttpServer, isRecord, sendJson, type Exchange, type FakeServer, type Json, type Latency, type RecordedRequest } from './fake-http.js';
import { chatDialect, numberOr, stopsOf } from './fake-openai.js';
import { authorized, BAD_KEY, serveSse, type SseDialect, type SseReply } from './fake-sse.js';
import { EmbedScript, inputTexts, openAiEmbeddingList, type Embedder, type EmbedReply, type EmbeddingControls } from './fake-embeddings.js';

export type { SseFault as Fault, SseReply as Reply } from './fake-sse.js';

export const DEFAULT_LLAMACPP_MODEL = 'qwen2.5-coder-1.5b-q8_0.gguf';

export interface FakeLlamaCppOptions {
  /** The model the server was started with, as /v1/models lists it. */
  model?: string;
  /** When set, requests other than /health without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** /health answers 503 "Loading model" while true. */
  loading?: boolean;
  latency?: Partial<Latency>;
  /** Vectors for /v1/embeddings; default hashedWordVector. */
  embed?: Embedder;
  /** false: started without --embeddings, so /v1/embeddings answers 501. Default true. */
  embeddings?: boolean;
}

export interface FakeLlamaCpp extends FakeServer<SseReply>, EmbeddingControls {
  /** The /infill and /v1/chat/completions requests. */
  generateRequests(): RecordedRequest[];
  setLoading(loading: boolean): void;
}

/** Starts a fake llama-server on 127.0.0.1 with a random port. */
export async function startFakeLlamaCpp(options: FakeLlamaCppOptions = {}): Promise<FakeLlamaCpp> {
  const fake = new FakeLlamaCppServer(options);
  await fake.start();
  return fake;
}

class FakeLlamaCppServer extends FakeHttpServer<SseReply> implements FakeLlamaCpp {
  private loading: boolean;
  private readonly model: string;
  private readonly embedding: EmbedScript;

  constructor(private readonly options: FakeLlamaCppOptions) {
    super('fake-llamacpp', { text: 'fake completion' }, options.latency);
    this.loading = options.loading ?? false;
    this.model = options.model ?? DEFAULT_LLAMACPP_MODEL;
    this.embedding = new EmbedScript(options.embed);
  }

  embedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/embeddings');
  }

  setEmbedder(embed: Embedder): void {
    this.embedding.setEmbedder(embed);
  }

  enqueueEmbed(...replies: EmbedReply[]): void {
    this.embedding.enqueue(...replies);
  }

  generateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && (r.path === '/infill' || r.path === '/v1/chat/completions'));
  }

  setLoading(loading: boolean): void {
    this.loading = loading;
  }

  protected async route(x: Exchange): Promise<void> {
    const route = `${x.record.method} ${x.record.path}`;
    // /health is public in llama-server; everything else checks the key.
    if (route === 'GET /health') {
      return this.loading ? sendJson(x.res, 503, llamaError(503, 'Loading model')) : sendJson(x.res, 200, { status: 'ok' });
    }
    if (!authorized(x.record, this.options.apiKey)) return sendJson(x.res, 401, llamaError(401, BAD_KEY));
    if (this.loading) return sendJson(x.res, 503, llamaError(503, 'Loading model'));
    switch (route) {
      case 'GET /props':
        return sendJson(x.res, 200, { build_info: 'b5000-fake', model_path: `/models/${this.model}`, total_slots: 1, default_generation_settings: { n_ctx: 4096 } });
      case 'GET /v1/models':
      case 'GET /models':
        return sendJson(x.res, 200, { object: 'list', data: [{ id: this.model, object: 'model', created: 1_700_000_000, owned_by: 'llamacpp' }] });
      case 'POST /infill':
        return this.infill(x);
      case 'POST /v1/chat/completions':
        return this.chat(x);
      case 'POST /v1/embeddings':
        return this.embed(x);
      default:
        return sendJson(x.res, 404, llamaError(404, 'File Not Found'));
    }
  }

  private async infill(x: Exchange): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    const invalid = validateInfill(body);
    if (invalid) return sendJson(x.res, 400, llamaError(400, invalid));
    const reply = this.takeReply(x.record);
    const dialect = infillDialect(this.model);
    await this.generating(x, () => serveSse(x, { reply, latency: this.latency, dialect, tokenLimit: numberOr(body['n_predict'], -1), stops: stopsOf(body['stop']) }));
  }

  private async chat(x: Exchange): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    if (!Array.isArray(body['messages'])) return sendJson(x.res, 400, llamaError(400, "'messages' is required"));
    const reply = this.takeReply(x.record);
    await this.generating(x, () =>
      serveSse(x, { reply, latency: this.latency, dialect: chatDialect(this.model, x.record.id), tokenLimit: numberOr(body['max_tokens'], -1), stops: stopsOf(body['stop']) }),
    );
  }

  /** llama-server embeds with the model it was started with, whatever name the request gives. */
  private async embed(x: Exchange): Promise<void> {
    if (this.options.embeddings === false) {
      return sendJson(x.res, 501, llamaError(501, 'This server does not support embeddings. Start it with `--embeddings`'));
    }
    const body = isRecord(x.record.body) ? x.record.body : {};
    const texts = inputTexts(body['input']);
    if (!texts || texts.length === 0) return sendJson(x.res, 400, llamaError(400, '"input" must be a string or an array of strings'));
    await this.embedding.serve(x, { texts, latency: this.latency, wrap: openAiEmbeddingList(this.model, texts), errorBody: llamaError });
  }
}

/** llama-server's checks of an /infill body: the reason it would answer 400, if any. */
function validateInfill(body: Json): string | undefined {
  for (const field of ['input_prefix', 'input_suffix', 'prompt']) {
    if (field in body && typeof body[field] !== 'string') return `"${field}" must be a string`;
  }
  const extra = body['input_extra'];
  if (extra !== undefined) {
    const chunks = Array.isArray(extra) ? extra : [undefined];
    for (const chunk of chunks) {
      if (!isRecord(chunk) || typeof chunk['filename'] !== 'string' || typeof chunk['text'] !== 'string') {
        return '"input_extra" must be an array of {"filename": string, "text": string}';
      }
    }
  }
  if (body['stream'] !== true) return 'this fake only streams: send "stream": true';
  return undefined;
}

/** The /infill stream: `{content, stop: false}` per token, then a `stop: true` event with statistics; no [DONE]. */
function infillDialect(model: string): SseDialect {
  return {
    frame: (content, index) => ({ index: 0, content, tokens: [], stop: false, id_slot: 0, tokens_predicted: index + 1, tokens_evaluated: 42 }),
    closing: (hitLimit, tokens) =>
      `data: ${JSON.stringify({
        index: 0,
        content: '',
        tokens: [],
        id_slot: 0,
        stop: true,
        model,
        tokens_predicted: tokens,
        tokens_evaluated: 42,
        stop_type: hitLimit ? 'limit' : 'eos',
        stopping_word: '',
        tokens_cached: 40,
        timings: { prompt_n: 2, prompt_ms: 1.5, predicted_n: tokens, predicted_ms: 3.2 },
      })}\n\n`,
    errorBody: llamaError,
    // llama-server's non-OpenAI endpoints report a failure inside a stream as an `error:` field.
    midStreamError: (message) => `error: ${JSON.stringify({ code: 500, message, type: 'server_error' })}\n\n`,
  };
}

/** llama-server's error object. */
function llamaError(status: number, message: string): Json {
  const type =
    status === 401 ? 'authentication_error' : status === 503 ? 'unavailable_error' : status === 404 ? 'not_found_error' : status === 400 ? 'invalid_request_error' : 'server_error';
  return { error: { code: status, message, type } };
}
