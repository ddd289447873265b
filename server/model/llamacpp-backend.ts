import { z } from 'zod';
import { ModelError, type BackendDescription, type ChatRequest, type EmbedRequest, type GenerateRequest, type ModelBackend, type ModelInfo } from './backend.js';
import { describeLlamaCpp } from './backend-checks.js';
import { embedOpenAi } from './embeddings.js';
import { textFromEvents } from './event-text.js';
import { ModelHttp } from './model-http.js';
import { listModels, streamChat } from './openai-protocol.js';

export interface LlamaCppBackendOptions {
  /** The root of llama-server (`http://gpu-box:8080`); a trailing /v1 is dropped, its native endpoints live at the root. */
  url: string;
  model: string;
  apiKeyEnv: string;
  headers: Readonly<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
}

/** One event of a streamed /infill answer; the last one has `stop: true`. */
const infillChunk = z.object({ content: z.string(), stop: z.boolean().optional() });

const health = z.object({ status: z.string() });
const props = z.object({ build_info: z.string().optional(), model_path: z.string().optional(), total_slots: z.number().optional() });

/** Shortest and longest generation time asked of the server, in ms. */
const MIN_PREDICT_MS = 100;

/**
 * llama.cpp's llama-server through its /infill endpoint: the server applies the model's own
 * fill-in-the-middle tokens (and its repository-level format for the snippets in input_extra),
 * so Ghostline sends the parts, not a templated prompt, and needs no template for the model.
 */
export class LlamaCppBackend implements ModelBackend {
  readonly promptFormat = 'server';
  private readonly http: ModelHttp;
  private readonly root: string;

  constructor(private readonly options: LlamaCppBackendOptions) {
    this.root = options.url.replace(/\/v1\/?$/, '').replace(/\/+$/, '');
    this.http = new ModelHttp({
      baseUrl: this.root,
      model: options.model,
      apiKeyEnv: options.apiKeyEnv,
      headers: options.headers,
      env: options.env,
      urlHint: 'ghostline model.url must be the root of llama-server (e.g. http://gpu-box:8080), and the server a build with /infill',
      startHint: 'Start llama-server (e.g. `llama-server --fim-qwen-1.5b-default --host 0.0.0.0`) or point ghostline model.url at it.',
    });
  }

  generate(request: GenerateRequest): AsyncIterable<string> {
    const { parts } = request;
    const body = {
      input_prefix: parts.prefix,
      input_suffix: parts.suffix,
      input_extra: (parts.snippets ?? []).map((snippet) => ({ filename: snippet.path, text: snippet.content })),
      prompt: '',
      n_predict: request.maxTokens,
      ...(request.budgetMs === undefined ? {} : { t_max_predict_ms: maxPredictMs(request.budgetMs) }),
      stop: request.stop,
      temperature: request.temperature,
      // Reuse the KV cache for the part of the prompt that did not change since the last keystroke.
      cache_prompt: true,
      stream: true,
    };
    return textFromEvents({
      payloads: this.http.streamJson('/infill', body, request.signal, (payload) => (payload as { stop?: unknown }).stop === true),
      schema: infillChunk,
      pick: (chunk) => chunk.content,
      what: 'infill',
    });
  }

  chat(request: ChatRequest): AsyncIterable<string> {
    return streamChat(this.http, '/v1/chat/completions', this.options.model, request);
  }

  /** One vector per text from the OpenAI-compatible /v1/embeddings, which llama-server serves when started with --embeddings. */
  embed(request: EmbedRequest): Promise<number[][]> {
    const endpoint = {
      http: this.http,
      path: '/v1/embeddings',
      model: this.options.model,
      server: `llama-server at ${this.root}`,
      hint: 'start it with --embeddings and an embedding model (e.g. `llama-server -m nomic-embed-text-v1.5.Q8_0.gguf --embeddings`)',
    };
    return embedOpenAi(endpoint, request);
  }

  /**
   * Present once /health says the model is loaded (503 while it loads). llama-server serves the
   * model it was started with, whatever its name; only a router serving several must list ours.
   */
  async info(signal: AbortSignal): Promise<ModelInfo> {
    await this.checkHealth(signal);
    const models = await listModels(this.http, '/v1/models', signal);
    return { present: models === undefined || models.length <= 1 || models.includes(this.options.model) };
  }

  /** llama-server loads its model at start, so this only waits for /health to answer. */
  async preload(signal: AbortSignal): Promise<void> {
    await this.checkHealth(signal);
  }

  /** One line about the server for `ghostline doctor`. */
  /** Doctor's rows: the server, the model it loaded, and the FIM tokens it applies itself. */
  describe(signal: AbortSignal): Promise<BackendDescription> {
    return describeLlamaCpp(this, signal);
  }

  async describeServer(signal: AbortSignal): Promise<string> {
    await this.checkHealth(signal);
    const parsed = props.safeParse(await this.http.getJsonIfPresent('/props', signal));
    const about = parsed.success
      ? [parsed.data.build_info && `build ${parsed.data.build_info}`, parsed.data.total_slots && `${parsed.data.total_slots} slots`].filter(Boolean).join(', ')
      : '';
    return `${this.root} (llama-server${about ? `, ${about}` : ''})`;
  }

  /** The model loaded on the server, from /props, for `ghostline doctor`. */
  async loadedModel(signal: AbortSignal): Promise<string | undefined> {
    const models = await listModels(this.http, '/v1/models', signal);
    if (models?.length) return models.join(', ');
    const parsed = props.safeParse(await this.http.getJsonIfPresent('/props', signal));
    return parsed.success ? parsed.data.model_path : undefined;
  }

  private async checkHealth(signal: AbortSignal): Promise<void> {
    if (!health.safeParse(await this.http.getJson('/health', signal)).success) {
      throw new ModelError('malformed', `${this.root}/health did not answer like llama-server; is ghostline model.url its root?`);
    }
  }
}

/**
 * llama-server's own generation time limit. It counts from the first token and only ends after a
 * newline, so the answer is whole lines; half the request's budget leaves the other half for
 * reading the prompt (which the server does before that clock starts).
 */
export function maxPredictMs(budgetMs: number): number {
  return Math.max(MIN_PREDICT_MS, Math.floor(budgetMs / 2));
}
