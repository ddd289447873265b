import type { PromptParts } from '../core/prompt.js';

/**
 * The one interface every model server speaks to the engines.
 * The core never asks which backend it talks to.
 */
export interface GenerateRequest {
  /** The full prompt in the model family's FIM format (used when `promptFormat` is 'client'). */
  prompt: string;
  /** The same request as parts, for servers that apply the model's FIM tokens themselves. */
  parts: PromptParts;
  /** Upper bound on generated tokens. */
  maxTokens: number;
  /** Stop strings the server should honour. */
  stop: string[];
  temperature: number;
  /** Aborting it must close the HTTP request, also before the first token. */
  signal: AbortSignal;
  /**
   * The time the whole request may take, when known. Servers that can stop generating on their
   * own in time (llama-server's `t_max_predict_ms`) use it to end with whole lines instead of
   * being cut off with nothing.
   */
  budgetMs?: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** An instruction-following request (code actions, hover); the last message may be a prefilled assistant opening. */
export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens: number;
  stop: string[];
  temperature: number;
  signal: AbortSignal;
}

/** Texts to embed with the backend's model (an embedding model such as nomic-embed-text). */
export interface EmbedRequest {
  input: string[];
  signal: AbortSignal;
}

export interface ModelInfo {
  /** The model exists on the server. */
  present: boolean;
  /** The server-side prompt template, when the server reports one (Ollama's /api/show). */
  template?: string;
}

export interface ModelBackend {
  /**
   * 'client': Ghostline builds the fill-in-the-middle prompt (`GenerateRequest.prompt`).
   * 'server': the server applies the model's own FIM tokens and reads `GenerateRequest.parts`.
   */
  readonly promptFormat: 'client' | 'server';
  /** Streams the generated text in chunks as they arrive. Throws ModelError. */
  generate(request: GenerateRequest): AsyncIterable<string>;
  /** Streams an instruction-following answer. Throws ModelError. */
  chat(request: ChatRequest): AsyncIterable<string>;
  /** Reports whether the configured model exists. Throws ModelError when the server is unreachable. */
  info(signal: AbortSignal): Promise<ModelInfo>;
  /** Asks the server to load the model into memory so the first request is fast. */
  preload(signal: AbortSignal): Promise<void>;
  /** Optional: downloads the configured model (Ollama). Absent where the server cannot fetch models. */
  pull?(onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void>;
  /** Optional: what `ghostline doctor` reports about the server and the model. */
  describe?(signal: AbortSignal): Promise<BackendDescription>;
  /** Optional: one vector per input, in order, from the backend's model. Throws ModelError ('malformed' when the reply's count, dimensions or numbers are wrong). */
  embed?(request: EmbedRequest): Promise<number[][]>;
}

/** The doctor's rows for a backend: server and model, and what the FIM row needs. */
export interface BackendDescription {
  checks: BackendCheck[];
  /** Server reachable and model present: the FIM row and the sample completion may run. */
  ready: boolean;
  /** The model's prompt template, when the server reports one (Ollama), to recognise its FIM family. */
  template?: string;
  /** The FIM row, when the server applies the FIM tokens itself and the family does not matter. */
  fim?: BackendCheck;
}

/** One step of a model download, as the server reports it. */
export interface PullProgress {
  status: string;
  total?: number;
  completed?: number;
}

/** One line of `ghostline doctor`: what was checked, whether it is fine, and the detail a user acts on. */
export interface BackendCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export type ModelErrorKind = 'unreachable' | 'model-missing' | 'http' | 'malformed' | 'timeout' | 'aborted';

/** An error from the model server, classified so the LSP layer can tell the user once what to do. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  /** The HTTP status the server answered, when the error is one. */
  readonly status: number | undefined;
  constructor(kind: ModelErrorKind, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.kind = kind;
    this.status = options?.status;
    this.name = 'ModelError';
  }
}
