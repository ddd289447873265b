import type { Provider } from '../config/sections/model.js';
import type { ModelError } from '../model/backend.js';

/** Something the user must act on. `key` identifies it so each distinct problem is shown once. */
export interface Problem {
  key: string;
  message: string;
  /** Offer to pull the missing model from the editor. */
  offerPull?: string;
}

/** The settings a problem's advice names: the completion model's, or the action model's (ask, code actions, tasks). */
export interface ModelSettingNames {
  /** The server's URL: the action model's is its own setting, else the completion model's. */
  url: string;
  model: string;
}

export const COMPLETION_SETTINGS: ModelSettingNames = { url: 'model.url', model: 'model.name' };
export const ACTION_SETTINGS: ModelSettingNames = { url: 'actions.url (or model.url)', model: 'actions.model' };

/** What to run or set when the model server cannot be reached, per protocol. */
function startHint(provider: Provider, url: string): string {
  switch (provider) {
    case 'ollama':
      return `Start it with \`ollama serve\`, or point the setting ghostline ${url} at it.`;
    case 'openai':
      return `Check that the server (vLLM, LM Studio, …) runs and that the setting ghostline ${url} is its OpenAI base URL (usually ending in /v1).`;
    case 'llamacpp':
      return `Start \`llama-server\`, or point the setting ghostline ${url} at its root.`;
  }
}

/**
 * Turns a model server error into what the user should be told, or undefined for noise (cancellations). `names`: the
 * settings the advice names, the completion model's unless the request was the action model's.
 */
export function problemFromError(error: ModelError, url: string, model: string, provider: Provider = 'ollama', names = COMPLETION_SETTINGS): Problem | undefined {
  switch (error.kind) {
    case 'unreachable':
      return {
        key: `unreachable:${url}`,
        message: `Ghostline cannot reach the model server at ${url}. ${startHint(provider, names.url)}`,
      };
    case 'model-missing':
      if (provider !== 'ollama') {
        return {
          key: `missing:${url}:${model}`,
          message: `The model "${model}" is not on the model server at ${url}. Set ghostline ${names.model} to a model the server lists (${provider === 'openai' ? 'GET /v1/models' : 'llama-server serves the model it was started with'}).`,
        };
      }
      return {
        key: `missing:${url}:${model}`,
        message: `The model "${model}" is not on the model server at ${url}. Run \`ollama pull ${model}\`, or set ghostline ${names.model} to a model you have.`,
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
