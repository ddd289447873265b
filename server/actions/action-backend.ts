import type { Settings } from '../config/schema.js';
import { backendKey, createBackend, type BackendSettings } from '../model/create-backend.js';
import type { ModelBackend } from '../model/backend.js';

/**
 * The backend settings for code actions and hover: the completion model's section (so any
 * provider choice there applies too) with the action model and, when set, its own server.
 */
export function actionBackendSettings(settings: Settings): Settings['model'] & BackendSettings {
  return { ...settings.model, url: settings.actions.url || settings.model.url, name: settings.actions.model };
}

export function createActionBackend(settings: Settings): ModelBackend {
  return createBackend(actionBackendSettings(settings));
}

/** Changes exactly when the action backend must be rebuilt. */
export function actionBackendKey(settings: Settings): string {
  return backendKey(actionBackendSettings(settings));
}
