/**
 * The one interface every model server speaks to the completion engine.
 * The core never asks which backend it talks to.
 */
export interface GenerateRequest {
  /** The full prompt, already in the model family's FIM format. */
  prompt: string;
  /** Upper bound on generated tokens. */
  maxTokens: number;
  /** Stop strings the server should honour. */
  stop: string[];
  temperature: number;
  /** Aborting it must close the HTTP request, also before the first token. */
  signal: AbortSignal;
}

export interface ModelInfo {
  /** The model exists on the server. */
  present: boolean;
  /** The server-side prompt template, when the server reports one (Ollama's /api/show). */
  template?: string;
}

export interface ModelBackend {
  /** Streams the generated text in chunks as they arrive. Throws ModelError. */
  generate(request: GenerateRequest): AsyncIterable<string>;
  /** Reports whether the configured model exists. Throws ModelError when the server is unreachable. */
  info(signal: AbortSignal): Promise<ModelInfo>;
  /** Asks the server to load the model into memory so the first completion is fast. */
  preload(signal: AbortSignal): Promise<void>;
}

export type ModelErrorKind =
  | 'unreachable'
  | 'model-missing'
  | 'http'
  | 'malformed'
  | 'timeout'
  | 'aborted';

/** An error from the model server, classified so the LSP layer can tell the user once what to do. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  constructor(kind: ModelErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'ModelError';
  }
}
