import type { Settings } from '../config/schema.js';
import { detectFamily } from '../completion/family.js';
import { ModelError } from '../model/backend.js';
import { silentLogger } from '../util/logger.js';
import { createEngineHost } from './engine-host.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const SAMPLE = 'package main\n\nimport "fmt"\n\n// greet prints a greeting for name.\nfunc greet(name string) {\n\t\n}\n';

/** `ghostline doctor`: checks each link from the editor to the model and prints a short table. */
export async function runDoctor(settings: Settings): Promise<number> {
  const host = createEngineHost({ ...settings, completion: { ...settings.completion, debounceMs: 0, cacheSize: 0 } }, silentLogger);
  const { url, name, template } = settings.model;
  const checks: Check[] = [];

  const grammars = host.languages.loadAll();
  checks.push({ name: 'grammars', ok: grammars.failed.length === 0, detail: grammars.failed.length ? `failed: ${grammars.failed.join('; ')}` : grammars.loaded.join(', ') });

  let reachable = false;
  try {
    const response = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(3000) });
    const body = (await response.json()) as { version?: unknown };
    reachable = true;
    checks.push({ name: 'model server', ok: response.ok, detail: `${url} (Ollama ${String(body.version ?? '?')})` });
  } catch (error) {
    checks.push({ name: 'model server', ok: false, detail: `${url} unreachable: ${(error as Error).message}. Start it with \`ollama serve\` or pass --url.` });
  }

  let present = false;
  if (reachable) {
    try {
      const info = await host.backend.info(AbortSignal.timeout(5000));
      present = info.present;
      checks.push({ name: 'model', ok: present, detail: present ? name : `${name} missing: run \`ollama pull ${name}\`` });
      const detected = detectFamily({ modelName: name, template: info.template, override: template });
      checks.push({ name: 'FIM format', ok: detected.family !== undefined, detail: detected.family ? `${detected.family} (from ${detected.source})` : detected.reason });
    } catch (error) {
      checks.push({ name: 'model', ok: false, detail: error instanceof ModelError ? error.message : String(error) });
    }
  }

  if (present) {
    const started = performance.now();
    const outcome = await host.completeAt({ path: 'doctor-sample.go', text: SAMPLE, line: 6, character: 1, budgetMs: 60_000 });
    const ms = Math.round(performance.now() - started);
    const detail = outcome.kind === 'completion' ? `${ms} ms: ${JSON.stringify(outcome.text.split('\n')[0])}` : `${ms} ms, empty: ${outcome.reason}`;
    checks.push({ name: 'sample completion', ok: outcome.kind === 'completion', detail });
  }

  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(width)}  ${check.detail}\n`);
  }
  return checks.every((check) => check.ok) ? 0 : 1;
}
