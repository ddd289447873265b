import type { Provider } from '../config/sections/model.js';
import type { ModelError } from '../model/backend.js';

/** Something the user must act on. `key` identifies it so each distinct problem is shown once. */
export interface Problem {
  key: string;
  message: string;
  /** Offer to pull the missing model from the editor. */
  offerPull?: string;
}

/** What to run or set when the model server cannot be reached, per protocol. */
const START_HINTS: Record<Provider, string> = {
  ollama: 'Start it with `ollama serve`, or point the setting ghostline model.url at it.',
  openai: 'Check that the server (vLLM, LM Studio, …) runs and that the setting ghostline model.url is its OpenAI base URL (usually ending in /v1).',
  llamacpp: 'Start `llama-server`, or point the setting ghostline model.url at its root.',
};

/** Turns a model server error into what the user should be told, or undefined for noise (cancellations). */
export function problemFromError(error: ModelError, url: string, model: string, provider: Provider = 'ollama'): Problem | undefined {
  switch (error.kind) {
    case 'unreachable':
      return {
        key: `unreachable:${url}`,
        message: `Ghostline cannot reach the model server at ${url}. ${START_HINTS[provider]}`,
      };
    case 'model-missing':
      if (provider !== 'ollama') {
        return {
          key: `missing:${url}:${model}`,
          message: `The model "${model}" is not on the model server at ${url}. Set ghostline model.name to a model the server lists (${provider === 'openai' ? 'GET /v1/models' : 'llama-server serves the model it was started with'}).`,
        };
      }
      return {
        key: `missing:${url}:${model}`,
        message: `The model "${model}" is not on the model server at ${url}. Run \`ollama pull ${model}\`, or set ghostline model.name to a model you have.`,
        offerPull: model,
      };
    case 'http':
    case 'malformed':
      return { key: `server:${error.message}`, message: `Ghostline: ${error.message}` };
    case 'timeout':
    case 'aborted':
      return undefined;
  }
}
