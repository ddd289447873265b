import type { Settings } from '../config/schema.js';
import { detectFamily } from '../completion/family.js';
import { ModelError, type BackendDescription, type ModelBackend } from '../model/backend.js';
import { silentLogger } from '../util/logger.js';
import { inCliWords } from './arguments.js';
import { createEngineHost } from './engine-host.js';
import { actionModelCheck, embeddingModelCheck, settingWarnings } from './doctor-warnings.js';

/** One row of the table; `warn` rows say something worth fixing that does not stop completions. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  warn?: boolean;
}

const SAMPLE = 'package main\n\nimport "fmt"\n\n// greet prints a greeting for name.\nfunc greet(name string) {\n\t\n}\n';

/** `ghostline doctor`: checks each link from the editor to the model and prints a short table. */
export async function runDoctor(settings: Settings): Promise<number> {
  const host = createEngineHost({ ...settings, completion: { ...settings.completion, debounceMs: 0, cacheSize: 0 } }, silentLogger);
  const checks: Check[] = [];

  const grammars = host.languages.loadAll();
  checks.push({ name: 'grammars', ok: grammars.failed.length === 0, detail: grammars.failed.length ? `failed: ${grammars.failed.join('; ')}` : grammars.loaded.join(', ') });

  const modelChecks = await checkModelServer(settings, host.backend);
  checks.push(...modelChecks);

  // The FIM row may fail and the sample still says what the server answers.
  if (modelChecks.filter((check) => check.name !== 'FIM format').every((check) => check.ok)) {
    const started = performance.now();
    const outcome = await host.completeAt({ path: 'doctor-sample.go', text: SAMPLE, line: 6, character: 1, budgetMs: 60_000 });
    const ms = Math.round(performance.now() - started);
    const detail = outcome.kind === 'completion' ? `${ms} ms: ${JSON.stringify(outcome.text.split('\n')[0])}` : `${ms} ms, empty: ${outcome.reason}`;
    checks.push({ name: 'sample completion', ok: outcome.kind === 'completion', detail });
  }
  if (modelChecks.find((check) => check.name === 'model server')?.ok) {
    checks.push(await actionModelCheck(settings));
    const embedding = await embeddingModelCheck(settings);
    if (embedding) checks.push(embedding);
  }
  checks.push(...settingWarnings(settings));

  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    const status = !check.ok ? 'FAIL' : check.warn ? 'warn' : 'ok  ';
    process.stdout.write(`${status}  ${check.name.padEnd(width)}  ${inCliWords(check.detail)}\n`);
  }
  return checks.every((check) => check.ok) ? 0 : 1;
}

/** Reachable, model present, FIM format: one row each, as far as the earlier ones succeed; the backend describes itself. */
async function checkModelServer(settings: Settings, backend: ModelBackend): Promise<Check[]> {
  const description = backend.describe ? await backend.describe(AbortSignal.timeout(15_000)) : await describeByInfo(settings, backend);
  if (!description.ready) return description.checks;
  return [...description.checks, description.fim ?? fimCheck(settings, description.template)];
}

/** For a backend without `describe`: the model row from `info`. */
async function describeByInfo(settings: Settings, backend: ModelBackend): Promise<BackendDescription> {
  try {
    const info = await backend.info(AbortSignal.timeout(5000));
    return { checks: [{ name: 'model', ok: info.present, detail: settings.model.name }], ready: info.present, template: info.template };
  } catch (error) {
    return { checks: [{ name: 'model server', ok: false, detail: messageOf(error) }], ready: false };
  }
}

function fimCheck(settings: Settings, template: string | undefined): Check {
  const detected = detectFamily({ modelName: settings.model.name, template, override: settings.model.template });
  return { name: 'FIM format', ok: detected.family !== undefined, detail: detected.family ? `${detected.family} (from ${detected.source})` : detected.reason };
}

function messageOf(error: unknown): string {
  return error instanceof ModelError || error instanceof Error ? error.message : String(error);
}
