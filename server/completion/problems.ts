import type { ModelError } from '../model/backend.js';

/** Something the user must act on. `key` identifies it so each distinct problem is shown once. */
export interface Problem {
  key: string;
  message: string;
  /** Offer to pull the missing model from the editor. */
  offerPull?: string;
}

/** Turns a model server error into what the user should be told, or undefined for noise (cancellations). */
export function problemFromError(error: ModelError, url: string, model: string): Problem | undefined {
  switch (error.kind) {
    case 'unreachable':
      return {
        key: `unreachable:${url}`,
        message: `Ghostline cannot reach the model server at ${url}. Start it with \`ollama serve\`, or point the setting ghostline model.url at it.`,
      };
    case 'model-missing':
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
