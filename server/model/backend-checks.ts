import { ModelError, type BackendCheck, type BackendDescription, type ModelBackend } from './backend.js';

/** What the checks of one server need: where it is and which model it should serve. */
interface Target {
  url: string;
  model: string;
}

function messageOf(error: unknown): string {
  return error instanceof ModelError || error instanceof Error ? error.message : String(error);
}

/** Ollama: its version answers, then the model is present (with its template for the FIM row). */
export async function describeOllama(backend: ModelBackend, { url, model }: Target, signal: AbortSignal): Promise<BackendDescription> {
  const checks: BackendCheck[] = [];
  try {
    const response = await fetch(`${url}/api/version`, { signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) });
    const body = (await response.json()) as { version?: unknown };
    checks.push({ name: 'model server', ok: response.ok, detail: `${url} (Ollama ${String(body.version ?? '?')})` });
  } catch (error) {
    checks.push({
      name: 'model server',
      ok: false,
      detail: `${url} unreachable: ${(error as Error).message}. Start it with \`ollama serve\`, or point the setting ghostline model.url at it.`,
    });
    return { checks, ready: false };
  }
  try {
    const info = await backend.info(AbortSignal.any([signal, AbortSignal.timeout(5000)]));
    checks.push({ name: 'model', ok: info.present, detail: info.present ? model : `${model} missing: run \`ollama pull ${model}\`` });
    return { checks, ready: info.present, template: info.template };
  } catch (error) {
    checks.push({ name: 'model', ok: false, detail: messageOf(error) });
    return { checks, ready: false };
  }
}

/** An OpenAI-compatible server: it answers, and lists the model when it lists any. */
export async function describeOpenAi(
  server: { listedModels(signal: AbortSignal): Promise<string[] | undefined>; describeServer(signal: AbortSignal): Promise<string> },
  { model }: Target,
  signal: AbortSignal,
): Promise<BackendDescription> {
  let models: string[] | undefined;
  try {
    models = await server.listedModels(AbortSignal.any([signal, AbortSignal.timeout(5000)]));
  } catch (error) {
    return { checks: [{ name: 'model server', ok: false, detail: messageOf(error) }], ready: false };
  }
  const checks: BackendCheck[] = [{ name: 'model server', ok: true, detail: await server.describeServer(AbortSignal.any([signal, AbortSignal.timeout(5000)])) }];
  if (models === undefined) {
    checks.push({ name: 'model', ok: true, detail: `${model} (the server has no /models to check it against)` });
  } else if (models.includes(model)) {
    checks.push({ name: 'model', ok: true, detail: model });
  } else {
    const listed = models.length ? models.slice(0, 5).join(', ') + (models.length > 5 ? ', …' : '') : 'none';
    checks.push({ name: 'model', ok: false, detail: `${model} is not listed by the server; set ghostline model.name to one of: ${listed}` });
    return { checks, ready: false };
  }
  return { checks, ready: true };
}

/** llama-server: it answers and says which model it loaded; it applies the FIM tokens itself. */
export async function describeLlamaCpp(
  server: { describeServer(signal: AbortSignal): Promise<string>; loadedModel(signal: AbortSignal): Promise<string | undefined> },
  signal: AbortSignal,
): Promise<BackendDescription> {
  try {
    const described = await server.describeServer(AbortSignal.any([signal, AbortSignal.timeout(5000)]));
    const loaded = await server.loadedModel(AbortSignal.any([signal, AbortSignal.timeout(5000)]));
    return {
      checks: [
        { name: 'model server', ok: true, detail: described },
        { name: 'model', ok: true, detail: loaded ?? 'loaded (the server does not say which)' },
      ],
      ready: true,
      fim: { name: 'FIM format', ok: true, detail: 'applied by llama-server (/infill)' },
    };
  } catch (error) {
    return { checks: [{ name: 'model server', ok: false, detail: messageOf(error) }], ready: false };
  }
}
