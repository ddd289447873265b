import type { Settings } from '../config/schema.js';
import { detectFamily } from '../completion/family.js';
import { ModelError, type ModelBackend } from '../model/backend.js';
import { LlamaCppBackend } from '../model/llamacpp-backend.js';
import { OpenAiBackend } from '../model/openai-backend.js';
import { silentLogger } from '../util/logger.js';
import { inCliWords } from './arguments.js';
import { createEngineHost } from './engine-host.js';
import { actionModelCheck, settingWarnings } from './doctor-warnings.js';

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
  if (modelChecks.find((check) => check.name === 'model server')?.ok) checks.push(await actionModelCheck(settings));
  checks.push(...settingWarnings(settings));

  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    const status = !check.ok ? 'FAIL' : check.warn ? 'warn' : 'ok  ';
    process.stdout.write(`${status}  ${check.name.padEnd(width)}  ${inCliWords(check.detail)}\n`);
  }
  return checks.every((check) => check.ok) ? 0 : 1;
}

/** Reachable, model present, FIM format: one row each, as far as the earlier ones succeed. */
async function checkModelServer(settings: Settings, backend: ModelBackend): Promise<Check[]> {
  if (backend instanceof OpenAiBackend) return checkOpenAi(settings, backend);
  if (backend instanceof LlamaCppBackend) return checkLlamaCpp(backend);
  return checkOllama(settings, backend);
}

async function checkOllama(settings: Settings, backend: ModelBackend): Promise<Check[]> {
  const { url, name } = settings.model;
  const checks: Check[] = [];
  try {
    const response = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(3000) });
    const body = (await response.json()) as { version?: unknown };
    checks.push({ name: 'model server', ok: response.ok, detail: `${url} (Ollama ${String(body.version ?? '?')})` });
  } catch (error) {
    checks.push({ name: 'model server', ok: false, detail: `${url} unreachable: ${(error as Error).message}. Start it with \`ollama serve\`, or point the setting ghostline model.url at it.` });
    return checks;
  }
  try {
    const info = await backend.info(AbortSignal.timeout(5000));
    checks.push({ name: 'model', ok: info.present, detail: info.present ? name : `${name} missing: run \`ollama pull ${name}\`` });
    if (info.present) checks.push(fimCheck(settings, info.template));
  } catch (error) {
    checks.push({ name: 'model', ok: false, detail: messageOf(error) });
  }
  return checks;
}

async function checkOpenAi(settings: Settings, backend: OpenAiBackend): Promise<Check[]> {
  const { name } = settings.model;
  let models: string[] | undefined;
  try {
    models = await backend.listedModels(AbortSignal.timeout(5000));
  } catch (error) {
    return [{ name: 'model server', ok: false, detail: messageOf(error) }];
  }
  const checks: Check[] = [{ name: 'model server', ok: true, detail: await backend.describeServer(AbortSignal.timeout(5000)) }];
  if (models === undefined) {
    checks.push({ name: 'model', ok: true, detail: `${name} (the server has no /models to check it against)` });
  } else if (models.includes(name)) {
    checks.push({ name: 'model', ok: true, detail: name });
  } else {
    const listed = models.length ? models.slice(0, 5).join(', ') + (models.length > 5 ? ', …' : '') : 'none';
    checks.push({ name: 'model', ok: false, detail: `${name} is not listed by the server; set --model (model.name) to one of: ${listed}` });
    return checks;
  }
  checks.push(fimCheck(settings, undefined));
  return checks;
}

async function checkLlamaCpp(backend: LlamaCppBackend): Promise<Check[]> {
  try {
    const server = await backend.describeServer(AbortSignal.timeout(5000));
    const loaded = await backend.loadedModel(AbortSignal.timeout(5000));
    return [
      { name: 'model server', ok: true, detail: server },
      { name: 'model', ok: true, detail: loaded ?? 'loaded (the server does not say which)' },
      { name: 'FIM format', ok: true, detail: 'applied by llama-server (/infill)' },
    ];
  } catch (error) {
    return [{ name: 'model server', ok: false, detail: messageOf(error) }];
  }
}

function fimCheck(settings: Settings, template: string | undefined): Check {
  const detected = detectFamily({ modelName: settings.model.name, template, override: settings.model.template });
  return { name: 'FIM format', ok: detected.family !== undefined, detail: detected.family ? `${detected.family} (from ${detected.source})` : detected.reason };
}

function messageOf(error: unknown): string {
  return error instanceof ModelError || error instanceof Error ? error.message : String(error);
}
