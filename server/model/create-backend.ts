import type { ModelBackend } from './backend.js';
import { OllamaBackend } from './ollama-backend.js';

/** What a backend needs to know; the model section of the settings satisfies it. */
export interface BackendSettings {
  url: string;
  name: string;
  keepAlive: string;
}

/** Builds the backend for a model section of the settings. */
export function createBackend(settings: BackendSettings): ModelBackend {
  return new OllamaBackend({ url: settings.url, model: settings.name, keepAlive: settings.keepAlive });
}

/** A key that changes exactly when the backend must be rebuilt. */
export function backendKey(settings: BackendSettings): string {
  return JSON.stringify([settings.url, settings.name, settings.keepAlive]);
}
