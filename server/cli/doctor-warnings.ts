import { actionBackendSettings, createActionBackend } from '../actions/action-backend.js';
import type { Settings } from '../config/schema.js';
import { ModelError } from '../model/backend.js';
import { createBackend } from '../model/create-backend.js';
import type { Check } from './doctor.js';

// Chat-tuned models answer fill-in-the-middle prompts with prose, so completions come out empty
// or chatty; the name is the only hint a server gives before a completion is tried.
const INSTRUCT_NAME = /(^|[-_:./])(instruct|chat|it)([-_:./]|$)/i;

/**
 * The action model (code actions and hover) is a second model people forget to pull: the first
 * sign used to be an error when an action was picked. A missing one is a warning, not a failure,
 * since completions work without it.
 */
export async function actionModelCheck(settings: Settings): Promise<Check> {
  const { name, url } = actionBackendSettings(settings);
  const where = url === settings.model.url ? '' : ` at ${url}`;
  try {
    const info = await createActionBackend(settings).info(AbortSignal.timeout(5000));
    if (info.present) return { name: 'action model', ok: true, detail: `${name}${where}` };
    const fix = settings.model.provider === 'ollama' ? `run \`ollama pull ${name}\`` : 'set the setting ghostline actions.model to a model the server lists';
    return { name: 'action model', ok: true, warn: true, detail: `${name} missing${where}: code actions and hover need it; ${fix}` };
  } catch (error) {
    return { name: 'action model', ok: true, warn: true, detail: `${name}${where} not checked: ${(error as Error).message}` };
  }
}

/**
 * The embedding model of `ghostline task` (task.embeddingsModel), when one is set: it embeds one text and says how
 * long its vectors are. A problem is a warning: localization goes on without it.
 */
export async function embeddingModelCheck(settings: Settings): Promise<Check | undefined> {
  const name = settings.task.embeddingsModel;
  if (!name) return undefined;
  const backend = createBackend({ ...actionBackendSettings(settings), name });
  try {
    if (!backend.embed) throw new Error(`the ${settings.model.provider} provider cannot embed text`);
    const [vector] = await backend.embed({ input: ['ghostline doctor'], signal: AbortSignal.timeout(15_000) });
    return { name: 'embedding model', ok: true, detail: `${name}: vectors of ${vector!.length} numbers` };
  } catch (error) {
    const missing = error instanceof ModelError && error.kind === 'model-missing' && settings.model.provider === 'ollama';
    const fix = missing ? `; run \`ollama pull ${name}\`` : '';
    return {
      name: 'embedding model',
      ok: true,
      warn: true,
      detail: `${name}: ${(error as Error).message}${fix}; ghostline task localizes without it (the setting ghostline task.embeddingsModel)`,
    };
  }
}

/** Settings that work but are probably not what the user meant. */
export function settingWarnings(settings: Settings, env: NodeJS.ProcessEnv = process.env): Check[] {
  const checks: Check[] = [];
  const { name, apiKeyEnv } = settings.model;
  if (INSTRUCT_NAME.test(name)) {
    checks.push({
      name: 'completion model',
      ok: true,
      warn: true,
      detail: `${name} looks like an instruct (chat) model; completions need a base model with fill-in-the-middle, e.g. qwen2.5-coder:1.5b-base (set the setting ghostline model.name)`,
    });
  }
  if (apiKeyEnv && !env[apiKeyEnv]) {
    checks.push({ name: 'API key', ok: true, warn: true, detail: `$${apiKeyEnv} is not set in this environment: requests go without a key` });
  }
  return checks;
}
