/**
 * The server's own latency per model-server protocol: the same completions against a scripted
 * Ollama, OpenAI-compatible server and llama-server, each answering at once, so what remains is
 * Ghostline (LSP in, engine, HTTP out and back, SSE/NDJSON parsing, LSP out) plus the loopback.
 * Also counts the HTTP connections opened, which over a network each cost a TCP (and TLS)
 * handshake. Writes bench/results/backends.json.
 *
 *   npm run bench:backends [-- --positions 300]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { FakeServer, RecordedRequest } from '../test/support/fake-http.js';
import { startFakeLlamaCpp } from '../test/support/fake-llamacpp.js';
import { startFakeOllama } from '../test/support/fake-ollama.js';
import { DEFAULT_OPENAI_MODEL, startFakeOpenAi } from '../test/support/fake-openai.js';
import type { BaseReply } from '../test/support/fake-http.js';
import { CancellationTokenSource, TestClient } from '../test/support/lsp-client.js';
import { generateCorpus, type CorpusFile } from './corpus.js';
import { Random } from './random.js';

type Fake = FakeServer<BaseReply> & { generateRequests(): RecordedRequest[] };

interface Target {
  provider: 'ollama' | 'openai' | 'llamacpp';
  start(): Promise<{ fake: Fake; model: Record<string, unknown> }>;
}

const TARGETS: Target[] = [
  {
    provider: 'ollama',
    start: async () => {
      const fake = await startFakeOllama();
      return { fake, model: { url: fake.url } };
    },
  },
  {
    provider: 'openai',
    start: async () => {
      const fake = await startFakeOpenAi({ apiKey: 'bench-key' });
      return { fake, model: { provider: 'openai', url: fake.baseUrl, name: DEFAULT_OPENAI_MODEL, apiKeyEnv: 'GHOSTLINE_BENCH_KEY' } };
    },
  },
  {
    provider: 'llamacpp',
    start: async () => {
      const fake = await startFakeLlamaCpp({ apiKey: 'bench-key' });
      return { fake, model: { provider: 'llamacpp', url: fake.url, apiKeyEnv: 'GHOSTLINE_BENCH_KEY' } };
    },
  },
];

/** A short single-line answer in several tokens: enough events to exercise the stream parsing. */
const REPLY = { chunks: ['if ', 'err', ' != ', 'nil', ' {'] };

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), mean: round(values.reduce((a, b) => a + b, 0) / values.length) };
}

/** Cursor positions at the ends of distinct lines, so each is a cache miss and no prefilter skips it. */
function positions(file: CorpusFile, count: number, seed: number): Array<{ line: number; character: number }> {
  const lines = file.text.split('\n');
  const random = new Random(seed);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, lines.length - 2)) {
    const line = random.int(1, lines.length - 2);
    if ((lines[line] ?? '').trim() !== '') chosen.add(line);
  }
  return [...chosen].map((line) => ({ line, character: (lines[line] ?? '').length }));
}

async function measure(target: Target, file: CorpusFile, count: number) {
  const { fake, model } = await target.start();
  fake.reply(REPLY);
  const client = await TestClient.start({
    env: { GHOSTLINE_BENCH_KEY: 'bench-key' },
    initializationOptions: { model, completion: { debounceMs: 0, timeoutMs: 10_000 }, log: { level: 'warn' } },
  });
  try {
    await client.open(file.uri, file.language, file.text);
    for (const position of positions(file, 10, 999)) await client.inline(file.uri, position);
    fake.resetStats();
    const overhead: number[] = [];
    const total: number[] = [];
    let answered = 0;
    for (const position of positions(file, count, 7)) {
      const before = fake.generateRequests().length;
      const started = performance.now();
      const result = await client.inline(file.uri, position);
      const elapsed = performance.now() - started;
      if (result?.items.length) answered++;
      const request = fake.generateRequests()[before];
      const modelMs = request?.finishedAt !== undefined ? request.finishedAt - request.receivedAt : 0;
      total.push(elapsed);
      overhead.push(elapsed - modelMs);
    }
    const requests = fake.generateRequests();
    const connections = new Set(requests.map((r) => r.remotePort)).size;
    const cancelled = await cancelWhileEvaluating(client, fake);
    return {
      provider: target.provider,
      completions: count,
      answered,
      overheadMs: summarize(overhead),
      totalMs: summarize(total),
      httpRequests: requests.length,
      connections,
      cancelled,
    };
  } finally {
    await client.stop();
    await fake.close();
  }
}

/**
 * Requests cancelled while the model still reads the prompt, as when typing goes on: HTTP/1.1 can
 * only cancel a request by closing its connection, so each costs a new one.
 */
async function cancelWhileEvaluating(client: TestClient, fake: Fake) {
  const rounds = 30;
  // A file of its own, so no position is answered from the cache without asking the model.
  const file = generateCorpus({ language: 'typescript', lines: 2000, seed: 2 });
  await client.open(file.uri, file.language, file.text);
  fake.resetStats();
  fake.setDefaultLatency({ ttftMs: 100 });
  for (const position of positions(file, rounds, 11)) {
    const source = new CancellationTokenSource();
    const pending = client.inline(file.uri, position, source);
    await fake.waitForRequests(fake.generateRequests().length + 1, { where: (r) => fake.generateRequests().includes(r) });
    source.cancel();
    await pending;
  }
  await fake.waitFor(() => fake.generateRequests().every((r) => r.finishedAt !== undefined));
  fake.setDefaultLatency({ ttftMs: 0 });
  const requests = fake.generateRequests();
  return {
    requests: requests.length,
    closedBeforeFirstToken: requests.filter((r) => r.abortedBeforeFirstToken).length,
    connections: new Set(requests.map((r) => r.remotePort)).size,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { positions: { type: 'string', default: '300' } } });
  const count = Number(values.positions);
  const file = generateCorpus({ language: 'go', lines: 5000, seed: 1 });
  const results = [];
  for (const target of TARGETS) {
    const result = await measure(target, file, count);
    results.push(result);
    const o = result.overheadMs;
    process.stdout.write(
      `${result.provider.padEnd(9)} overhead p50 ${o.p50} ms  p95 ${o.p95} ms  p99 ${o.p99} ms  (${result.answered}/${result.completions} answered, ${result.httpRequests} requests over ${result.connections} connection${result.connections === 1 ? '' : 's'}; ` +
        `${result.cancelled.closedBeforeFirstToken}/${result.cancelled.requests} cancelled before the first token, over ${result.cancelled.connections} connections)\n`,
    );
  }
  mkdirSync(new URL('results/', import.meta.url.replace('/dist/bench/', '/bench/')), { recursive: true });
  const out = new URL('results/backends.json', import.meta.url.replace('/dist/bench/', '/bench/'));
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, file: { language: file.language, lines: file.lines }, results }, null, 2) + '\n');
  process.stdout.write(`written to ${out.pathname}\n`);
}

await main();
