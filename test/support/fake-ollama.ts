/**
 * A scripted stand-in for Ollama's HTTP API on 127.0.0.1, for integration tests and benchmarks.
 * It is a real server so clients exercise real sockets: headers that only arrive with the first
 * token, sockets that die mid-stream, refused connections while "Ollama" is down.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  beginResponse,
  FakeHttpServer,
  flushed,
  hangUntilAborted,
  isRecord,
  killSocket,
  planChunks,
  sendJson,
  sleep,
  sleepUntil,
  str,
  type BaseReply,
  type Exchange,
  type FakeServer,
  type Json,
  type Latency,
  type RecordedRequest,
} from './fake-http.js';
import { EmbedScript, inputTexts, type Embedder, type EmbedReply, type EmbeddingControls } from './fake-embeddings.js';

export type { Latency, RecordedRequest, WaitForRequestsOptions } from './fake-http.js';

/** Ways a scripted reply can go wrong; each mirrors a failure seen from Ollama or its socket. */
export type Fault =
  | 'http500' // status 500 + {"error"} instead of a stream, as when the runner crashes while loading
  | 'cut' // half the chunks, then the socket closes without a done line
  | 'hang' // headers and chunks, then silence until the client gives up
  | 'malformed' // a line that is not JSON after the first chunk, then the rest as normal
  | 'reset-before-headers' // TCP reset before any byte of the response
  | 'error-line'; // half the chunks, then {"error"} on the 200 stream: how Ollama reports mid-stream failures

/** A scripted answer; each chunk counts as one token for `num_predict`. */
export interface Reply extends BaseReply {
  fault?: Fault;
}

/** `template` is what /api/show reports; FIM ("insert") support is inferred from `.Suffix` in it. */
export interface FakeModel {
  name: string;
  template?: string;
}

export interface FakeOllamaOptions {
  /** Models present at start; default: [DEFAULT_MODEL]. */
  models?: FakeModel[];
  /** Default: no delay at all. */
  latency?: Partial<Latency>;
  /** Models /api/pull can fetch; when absent any name can be pulled. */
  registry?: FakeModel[];
  /**
   * The fake runs on the thread of the server it answers (a benchmark's in-process server): it waits for the
   * scripted time by timers alone, never by a blocking pause, which would stall that server's event loop and be
   * counted as its stall. Answers may then come up to a timer's lateness past the scripted time.
   */
  sharesThread?: boolean;
  /** Vectors for /api/embed; default hashedWordVector. */
  embed?: Embedder;
  /** false: an Ollama older than /api/embed, which answers it "404 page not found". Default true. */
  embeddings?: boolean;
}

export type Responder = Reply | ((request: RecordedRequest) => Reply);

export interface FakeOllama extends FakeServer<Reply>, EmbeddingControls {
  /** /api/generate with a prompt and /api/chat with messages: the requests that generate. */
  generateRequests(): RecordedRequest[];
  setModels(models: FakeModel[]): void;
  hasModel(name: string): boolean;
}

export const QWEN_FIM_TEMPLATE = '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}{{ .Prompt }}{{ end }}';
export const DEFAULT_MODEL: FakeModel = { name: 'qwen2.5-coder:1.5b-base', template: QWEN_FIM_TEMPLATE };

const RUNNER_CRASH = 'llama runner process has terminated: exit status 2';
const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';
const MODEL_SIZE = 986_061_472;

interface Generation {
  kind: 'generate' | 'chat';
  model: string;
  stream: boolean;
  raw: boolean;
  suffix: string;
  /** Empty prompt / no messages: Ollama only loads (keep_alive 0: unloads) the model. */
  loadOnly: boolean;
  keepAliveZero: boolean;
  promptChars: number;
  numPredict: number;
  stops: string[];
}

interface Plan {
  chunks: string[];
  doneReason: 'stop' | 'length';
}

/** Starts a fake Ollama on 127.0.0.1 with a random port. */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const fake = new FakeOllamaServer(options);
  await fake.start();
  return fake;
}

class FakeOllamaServer extends FakeHttpServer<Reply> implements FakeOllama {
  private models = new Map<string, FakeModel>();
  private readonly registry: Map<string, FakeModel> | undefined;
  /** How much of the scripted wait may be a blocking pause (sleepUntil's default, or none). */
  private readonly blockMs: number | undefined;
  private readonly embedding: EmbedScript;

  constructor(private readonly options: FakeOllamaOptions) {
    super('fake-ollama', { text: 'fake completion' }, options.latency);
    this.blockMs = options.sharesThread ? 0 : undefined;
    this.setModels(options.models ?? [DEFAULT_MODEL]);
    this.registry = options.registry && new Map(options.registry.map((m) => [canonicalName(m.name), m]));
    this.embedding = new EmbedScript(options.embed);
  }

  embedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/api/embed');
  }

  setEmbedder(embed: Embedder): void {
    this.embedding.setEmbedder(embed);
  }

  enqueueEmbed(...replies: EmbedReply[]): void {
    this.embedding.enqueue(...replies);
  }

  generateRequests(): RecordedRequest[] {
    return this.requests.filter(isGeneration);
  }

  setModels(models: FakeModel[]): void {
    this.models = new Map(models.map((m) => [canonicalName(m.name), m]));
  }

  hasModel(name: string): boolean {
    return this.models.has(canonicalName(name));
  }

  protected async route(x: Exchange): Promise<void> {
    const body = isRecord(x.record.body) ? x.record.body : {};
    switch (`${x.record.method} ${x.record.path}`) {
      case 'GET /':
      case 'HEAD /':
        x.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Ollama is running');
        return;
      case 'GET /api/version':
        return sendJson(x.res, 200, { version: '0.12.0' });
      case 'GET /api/tags':
        return sendJson(x.res, 200, { models: [...this.models.values()].map(describeModel) });
      case 'POST /api/show':
        return this.show(x, str(body['model']) || str(body['name']) || '');
      case 'POST /api/pull':
        return this.pull(x, str(body['model']) || str(body['name']) || '', body['stream'] !== false);
      case 'POST /api/generate':
      case 'POST /api/chat':
        if (!isRecord(x.record.body)) return sendJson(x.res, 400, { error: 'missing request body' });
        return this.generate(x, parseGeneration(x.record.path === '/api/chat' ? 'chat' : 'generate', body));
      case 'POST /api/embed':
        // An Ollama older than /api/embed does not know the path.
        return this.options.embeddings === false ? pageNotFound(x) : this.embed(x, body);
      default:
        return pageNotFound(x);
    }
  }

  private async generate(x: Exchange, g: Generation): Promise<void> {
    if (g.model === '') return sendJson(x.res, 400, { error: 'model is required' });
    const model = this.models.get(canonicalName(g.model));
    // Ollama's wording, which clients match to suggest `ollama pull`.
    if (!model) return sendJson(x.res, 404, { error: `model "${g.model}" not found, try pulling it first` });
    if (g.suffix !== '' && !supportsInsert(model)) {
      return sendJson(x.res, 400, { error: `${g.model} does not support insert` });
    }
    if (g.loadOnly) {
      return sendJson(x.res, 200, { ...frame(g, '', true), done_reason: g.keepAliveZero ? 'unload' : 'load' });
    }
    const reply = this.takeReply(x.record);
    // The scripted time runs from here, the whole request read, as a real server starts on a prompt.
    const startedAt = performance.now();
    await this.generating(x, () => serveGeneration(x, g, reply, { latency: this.latency, startedAt, blockMs: this.blockMs }));
  }

  private async embed(x: Exchange, body: Json): Promise<void> {
    const name = str(body['model']) ?? '';
    if (name === '') return sendJson(x.res, 400, { error: 'model is required' });
    if (!this.hasModel(name)) return sendJson(x.res, 404, { error: `model "${name}" not found, try pulling it first` });
    const texts = inputTexts(body['input']);
    if (!texts) return sendJson(x.res, 400, { error: 'invalid input type' });
    const wrap = (embeddings: unknown[]): Json => ({ model: name, embeddings, total_duration: 1_000_000, load_duration: 500_000, prompt_eval_count: texts.length });
    await this.embedding.serve(x, { texts, latency: this.latency, wrap, errorBody: (_status, error) => ({ error }) });
  }

  private show(x: Exchange, name: string): void {
    if (name === '') return sendJson(x.res, 400, { error: 'model is required' });
    const model = this.models.get(canonicalName(name));
    if (!model) return sendJson(x.res, 404, { error: `model '${name}' not found` });
    const template = model.template ?? '{{ .Prompt }}';
    sendJson(x.res, 200, {
      license: '',
      modelfile: `# Modelfile generated by "ollama show"\nFROM ${model.name}\nTEMPLATE """${template}"""\n`,
      parameters: '',
      template,
      details: modelDetails(model),
      model_info: { 'general.architecture': familyOf(model.name) },
      capabilities: supportsInsert(model) ? ['completion', 'insert'] : ['completion'],
      modified_at: new Date().toISOString(),
    });
  }

  private async pull(x: Exchange, name: string, stream: boolean): Promise<void> {
    if (name === '') return sendJson(x.res, 400, { error: 'invalid model name' });
    const found = this.registry ? this.registry.get(canonicalName(name)) : { name };
    const digest = `sha256:${digestOf(name)}`;
    const progress = (f: number): Json => ({
      status: `pulling ${digest.slice(7, 19)}`,
      digest,
      total: MODEL_SIZE,
      completed: Math.round(MODEL_SIZE * f),
    });
    const steps: Json[] = [{ status: 'pulling manifest' }, ...[0, 0.3, 0.7, 1].map(progress), { status: 'verifying sha256 digest' }, { status: 'writing manifest' }];
    const notFound = { error: 'pull model manifest: file does not exist' };
    if (!stream) {
      if (!(await sleep(5 * steps.length, x.signal))) return;
      if (!found) return sendJson(x.res, 500, notFound);
      this.models.set(canonicalName(name), { ...found, name });
      return sendJson(x.res, 200, { status: 'success' });
    }
    x.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
    // An unknown model fails after "pulling manifest", so the error comes as a line on a 200 stream.
    for (const step of found ? steps : steps.slice(0, 1)) {
      if (!(await sleep(5, x.signal))) return;
      x.res.write(ndjson(step));
    }
    if (found) this.models.set(canonicalName(name), { ...found, name });
    x.res.end(ndjson(found ? { status: 'success' } : notFound));
  }
}

async function serveGeneration(x: Exchange, g: Generation, reply: Reply, at: { latency: Latency; startedAt: number; blockMs: number | undefined }): Promise<void> {
  const { latency } = at;
  const perTokenMs = reply.perTokenMs ?? latency.perTokenMs;
  const fault = reply.fault;
  // Ollama evaluates the whole prompt before it writes anything, headers included.
  if (!(await sleepUntil(at.startedAt + (reply.ttftMs ?? latency.ttftMs), x.signal, at.blockMs))) return;
  if (fault === 'reset-before-headers') return killSocket(x, 'reset');
  if (fault === 'http500') return sendJson(x.res, 500, { error: RUNNER_CRASH });
  const plan = planOutput(reply, g);
  const final = (content: string): Json => ({
    ...frame(g, content, true),
    ...stats(x.record, g, plan),
    done_reason: plan.doneReason,
  });

  if (!g.stream) {
    if (!(await sleep(perTokenMs * Math.max(0, plan.chunks.length - 1), x.signal))) return;
    // Without streaming, Ollama turns a mid-generation error into the status code.
    if (fault === 'error-line') return sendJson(x.res, 500, { error: RUNNER_CRASH });
    const body = JSON.stringify(final(plan.chunks.join('')));
    beginResponse(x, JSON_TYPE);
    if (fault === 'cut') x.res.write(body.slice(0, body.length >> 1));
    else if (fault === 'malformed') x.res.end('this body is not JSON');
    else if (fault !== 'hang') x.res.end(body);
  } else {
    let lines = plan.chunks.map((chunk) => ndjson(frame(g, chunk, false)));
    if (fault === 'cut' || fault === 'error-line') lines = lines.slice(0, Math.ceil(lines.length / 2));
    if (fault === 'malformed') lines.splice(Math.min(1, lines.length), 0, 'this line is not JSON\n');
    beginResponse(x, NDJSON_TYPE);
    for (const [i, line] of lines.entries()) {
      if (i > 0 && !(await sleep(perTokenMs, x.signal))) return;
      x.res.write(line);
    }
    if (fault === 'error-line') x.res.end(ndjson({ error: RUNNER_CRASH }));
    else if (fault !== 'cut' && fault !== 'hang') x.res.end(ndjson(final('')));
  }
  if (fault === 'cut') {
    await flushed(x);
    killSocket(x, 'close');
  } else if (fault === 'hang') {
    await hangUntilAborted(x);
  }
}

/** Ollama's router's answer for a path it does not know. */
function pageNotFound(x: Exchange): void {
  x.res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
}

function planOutput(reply: Reply, g: Generation): Plan {
  const { chunks, hitLimit } = planChunks(reply, g.numPredict, g.stops);
  return { chunks, doneReason: hitLimit ? 'length' : 'stop' };
}

function parseGeneration(kind: Generation['kind'], body: Json): Generation {
  const options = isRecord(body['options']) ? body['options'] : {};
  const stop = options['stop'];
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const prompt = str(body['prompt']) ?? '';
  const suffix = str(body['suffix']) ?? '';
  const keepAlive = body['keep_alive'];
  return {
    kind,
    model: str(body['model']) ?? '',
    stream: body['stream'] !== false,
    raw: body['raw'] === true,
    suffix,
    loadOnly: kind === 'chat' ? messages.length === 0 : prompt === '',
    keepAliveZero: keepAlive === 0 || (typeof keepAlive === 'string' && parseFloat(keepAlive) === 0),
    promptChars: kind === 'chat' ? JSON.stringify(messages).length : prompt.length + suffix.length,
    numPredict: typeof options['num_predict'] === 'number' ? options['num_predict'] : -1,
    stops: (typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : []).filter((s): s is string => typeof s === 'string' && s !== ''),
  };
}

function isGeneration(record: RecordedRequest): boolean {
  const body = isRecord(record.body) ? record.body : {};
  if (record.path === '/api/generate') return (str(body['prompt']) ?? '') !== '';
  return record.path === '/api/chat' && Array.isArray(body['messages']) && body['messages'].length > 0;
}

function frame(g: Generation, content: string, done: boolean): Json {
  const head = { model: g.model, created_at: new Date().toISOString() };
  return g.kind === 'chat' ? { ...head, message: { role: 'assistant', content }, done } : { ...head, response: content, done };
}

/** The statistics Ollama appends to the done line; durations are in nanoseconds. */
function stats(record: RecordedRequest, g: Generation, plan: Plan): Json {
  const ns = (ms: number): number => Math.round(ms * 1e6);
  const now = performance.now();
  const firstTokenAt = record.firstTokenAt ?? now;
  return {
    total_duration: ns(now - record.receivedAt),
    load_duration: ns(0.5),
    prompt_eval_count: Math.ceil(g.promptChars / 4),
    prompt_eval_duration: ns(firstTokenAt - record.receivedAt),
    eval_count: plan.chunks.length,
    eval_duration: ns(now - firstTokenAt),
    ...(g.kind === 'generate' && !g.raw ? { context: [1, 2, 3] } : {}),
  };
}

function describeModel(model: FakeModel): Json {
  const { name } = model;
  const modified_at = new Date().toISOString();
  return { name, model: name, modified_at, size: MODEL_SIZE, digest: digestOf(name), details: modelDetails(model) };
}

function modelDetails(model: FakeModel): Json {
  const family = familyOf(model.name);
  const size = /(\d+(?:\.\d+)?)b/i.exec(model.name.split(':')[1] ?? '')?.[1];
  const parameter_size = size ? `${size}B` : '7B';
  return { parent_model: '', format: 'gguf', family, families: [family], parameter_size, quantization_level: 'Q4_K_M' };
}

/** "qwen2.5-coder:1.5b" → "qwen2", like the architecture names Ollama reports. */
function familyOf(name: string): string {
  const base = name.split(':')[0]?.split('/').pop() ?? name;
  return /^[a-z]+\d*/i.exec(base)?.[0].toLowerCase() ?? base;
}

function supportsInsert(model: FakeModel): boolean {
  return (model.template ?? '').includes('.Suffix');
}

/** Ollama treats "name" and "name:latest" as one model, case-insensitively. */
function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return /:[^/]*$/.test(lower) ? lower : `${lower}:latest`;
}

function digestOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function ndjson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
