import type { BackendDescription, ChatRequest, EmbedRequest, GenerateRequest, ModelBackend, ModelInfo } from './backend.js';
import { describeOpenAi } from './backend-checks.js';
import { embedOpenAi } from './embeddings.js';
import { ModelHttp } from './model-http.js';
import { listModels, streamChat, streamCompletion } from './openai-protocol.js';

export interface OpenAiBackendOptions {
  /** The OpenAI base URL, as such servers document it: `http://gpu-box:8000/v1`, `https://host/team/v1`. */
  url: string;
  model: string;
  apiKeyEnv: string;
  headers: Readonly<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Any OpenAI-compatible server (vLLM, LM Studio, text-generation-inference, llama-server's /v1).
 * Such servers do not know fill-in-the-middle, so completions send the prompt Ghostline's template
 * stage built to /completions (not /chat/completions, which would wrap it in a chat template).
 */
export class OpenAiBackend implements ModelBackend {
  readonly promptFormat = 'client';
  private readonly http: ModelHttp;

  constructor(private readonly options: OpenAiBackendOptions) {
    this.http = new ModelHttp({
      baseUrl: options.url,
      model: options.model,
      apiKeyEnv: options.apiKeyEnv,
      headers: options.headers,
      env: options.env,
      urlHint: "ghostline model.url must be the server's OpenAI base URL, usually ending in /v1 (e.g. http://gpu-box:8000/v1)",
      startHint: 'Start the server (vLLM, LM Studio, llama-server …) or point ghostline model.url at it.',
    });
  }

  generate(request: GenerateRequest): AsyncIterable<string> {
    return streamCompletion(this.http, '/completions', { ...request, model: this.options.model });
  }

  chat(request: ChatRequest): AsyncIterable<string> {
    return streamChat(this.http, '/chat/completions', this.options.model, request);
  }

  /** One vector per text from /embeddings; the configured model must be an embedding model. */
  embed(request: EmbedRequest): Promise<number[][]> {
    const endpoint = {
      http: this.http,
      path: '/embeddings',
      model: this.options.model,
      server: `the model server at ${this.options.url}`,
      hint: 'point ghostline at a server that serves an embedding model at /v1/embeddings (vLLM, LM Studio, llama-server --embeddings)',
    };
    return embedOpenAi(endpoint, request);
  }

  /** Present when /models lists the model; assumed present when the server has no /models. */
  async info(signal: AbortSignal): Promise<ModelInfo> {
    const models = await listModels(this.http, '/models', signal);
    return { present: models === undefined || models.includes(this.options.model) };
  }

  /**
   * Generates nothing: a shared server keeps its model loaded (vLLM cannot even unload it), and a
   * token per editor start on a shared or paid server is waste. It only asks /models, so an
   * unreachable server or a refused key shows up in the log at start rather than at the first
   * keystroke.
   */
  async preload(signal: AbortSignal): Promise<void> {
    await listModels(this.http, '/models', signal);
  }

  /** The model ids the server lists, or undefined when it has no /models; for `ghostline doctor`. */
  listedModels(signal: AbortSignal): Promise<string[] | undefined> {
    return listModels(this.http, '/models', signal);
  }

  /** One line about the server for `ghostline doctor`. */
  /** Doctor's rows: the server answers and lists the model. */
  describe(signal: AbortSignal): Promise<BackendDescription> {
    return describeOpenAi(this, { url: this.options.url, model: this.options.model }, signal);
  }

  async describeServer(signal: AbortSignal): Promise<string> {
    const models = await this.listedModels(signal);
    const listed = models === undefined ? 'no /models endpoint' : `${models.length} model${models.length === 1 ? '' : 's'} listed`;
    return `${this.options.url} (OpenAI-compatible, ${listed})`;
  }
}
