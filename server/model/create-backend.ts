import type { Provider } from '../config/sections/model.js';
import type { ModelBackend } from './backend.js';
import { LlamaCppBackend } from './llamacpp-backend.js';
import { OllamaBackend } from './ollama-backend.js';
import { OpenAiBackend } from './openai-backend.js';

/** What a backend needs to know; the model section of the settings satisfies it. */
export interface BackendSettings {
  provider: Provider;
  url: string;
  name: string;
  keepAlive: string;
  apiKeyEnv: string;
  headers: Readonly<Record<string, string>>;
}

/** Builds the backend for a model section of the settings. */
export function createBackend(settings: BackendSettings, env: NodeJS.ProcessEnv = process.env): ModelBackend {
  const { url, name: model, apiKeyEnv, headers } = settings;
  switch (settings.provider) {
    case 'ollama':
      return new OllamaBackend({ url, model, keepAlive: settings.keepAlive });
    case 'openai':
      return new OpenAiBackend({ url, model, apiKeyEnv, headers, env });
    case 'llamacpp':
      return new LlamaCppBackend({ url, model, apiKeyEnv, headers, env });
  }
}

/** A key that changes exactly when the backend must be rebuilt. */
export function backendKey(settings: BackendSettings): string {
  return JSON.stringify([settings.provider, settings.url, settings.name, settings.keepAlive, settings.apiKeyEnv, settings.headers]);
}
