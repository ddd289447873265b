/**
 * `node dist/bench/latency/stages.js [--per-kind=N]`: where a cache miss's server overhead goes, stage by stage.
 * The same requests as the latency part's misses (5,000-line files, three cursor kinds, a scripted model that
 * answers one chunk after 20 ms, debounce 0), with the server's debug log on: each request logs when it reached
 * each stage (completion/stage-clock.ts). Prints the median time of each stage since the request arrived in
 * the server and the median gap from the stage before (with its p95 and p99: where the slow requests lose
 * their time), beside the client's and the fake model's view (request sent → generate request received;
 * fake's last byte → answer received). The debug log adds a little to every request: the latency part gives
 * the headline figures, this one says where they come from. `--only=python,go` measures those languages only.
 */
import { performance } from 'node:perf_hooks';
import { generateCorpus, type CorpusFile, type CorpusLanguage } from '../corpus.js';
import { generatedSince, lastRequestId, openCorpus, within, withServer, type BenchServer } from '../harness.js';
import { pickCursors, type CursorPosition } from '../positions.js';
import { renderTable } from '../table.js';
import { summarize } from '../stats.js';
import { MISS_REPLY } from './overhead.js';

const TTFT_MS = 20;
const SEED = 7;
const LINES = 5000;
const LANGUAGES: CorpusLanguage[] = ['go', 'typescript', 'python'];
const STAGES = ['debounced', 'checked', 'gathered', 'prompt', 'sent', 'facts', 'first', 'read', 'cut', 'gated'] as const;
const STAGE_LINE = /completion stages for (\S+) \(ms since the request\): (.*)$/;

interface Sample {
  stages: Map<string, number>;
  wallMs: number;
  toModelMs: number;
  afterModelMs: number;
  /** The scripted model's own time past its 20 ms (its timer fires late on a busy machine): in the wall time, not the server's. */
  modelLateMs: number;
}

async function requestOnce(server: BenchServer, file: CorpusFile, cursor: CursorPosition): Promise<Sample | undefined> {
  const since = lastRequestId(server.fake);
  const logsBefore = server.client.logs.length;
  const sentAt = performance.now();
  await within(server.client.inline(file.uri, cursor.position), { ms: 10_000, what: `inline completion at ${file.uri}` });
  const answeredAt = performance.now();
  const generated = generatedSince(server.fake, since);
  const request = generated[0];
  // The log line is sent before the answer, so it has arrived with it.
  const line = server.client.logs
    .slice(logsBefore)
    .map((entry) => STAGE_LINE.exec(entry.message))
    .find((match) => match?.[1] === file.uri);
  // The fake's last byte leaves when it calls end(); its 'finish' event may come after the server read the reply.
  const lastByteAt = request?.lastByteAt ?? request?.finishedAt;
  if (generated.length !== 1 || !request || lastByteAt === undefined || !line?.[2]) return undefined;
  const stages = new Map<string, number>();
  for (const part of line[2].split(' · ')) {
    const [stage, ms] = part.split(' ');
    if (stage && ms) stages.set(stage, Number(ms));
  }
  const modelLateMs = lastByteAt - request.receivedAt - TTFT_MS;
  return { stages, wallMs: answeredAt - sentAt, toModelMs: request.receivedAt - sentAt, afterModelMs: answeredAt - lastByteAt, modelLateMs };
}

function rowsFor(language: string, samples: Sample[]): string[][] {
  const p50 = (values: number[]) => String(summarize(values).p50);
  const tail = (values: number[]) => `${summarize(values).p95} / ${summarize(values).p99}`;
  const rows: string[][] = [
    [language, 'client: sent → model request received', p50(samples.map((s) => s.toModelMs)), '', tail(samples.map((s) => s.toModelMs))],
    [language, 'client: model done → answer received', p50(samples.map((s) => s.afterModelMs)), '', tail(samples.map((s) => s.afterModelMs))],
    [language, 'client: wall − 20 ms model', p50(samples.map((s) => s.wallMs - TTFT_MS)), '', tail(samples.map((s) => s.wallMs - TTFT_MS))],
    [language, 'model: received → last byte − 20 ms', p50(samples.map((s) => s.modelLateMs)), '', tail(samples.map((s) => s.modelLateMs))],
    [
      language,
      'client: wall − model received → last byte',
      p50(samples.map((s) => s.wallMs - TTFT_MS - s.modelLateMs)),
      '',
      tail(samples.map((s) => s.wallMs - TTFT_MS - s.modelLateMs)),
    ],
  ];
  let previous: string | undefined;
  for (const stage of STAGES) {
    const reached = samples.filter((s) => s.stages.has(stage));
    if (reached.length === 0) continue;
    const gaps = reached.map((s) => (s.stages.get(stage) ?? 0) - (previous === undefined ? 0 : (s.stages.get(previous) ?? 0)));
    rows.push([language, `server: ${stage}`, p50(reached.map((s) => s.stages.get(stage) ?? 0)), p50(gaps), tail(gaps)]);
    previous = stage;
  }
  return rows;
}

async function main(): Promise<void> {
  const perKind = Number(process.argv.find((arg) => arg.startsWith('--per-kind='))?.split('=')[1] ?? 100);
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.split('=')[1]
    ?.split(',');
  const languages = only ? LANGUAGES.filter((language) => only.includes(language)) : LANGUAGES;
  const files = languages.map((language) => generateCorpus({ language, lines: LINES, seed: SEED }));
  const rows = await withServer({ latency: { ttftMs: TTFT_MS, perTokenMs: 0 }, completion: { debounceMs: 0, cacheSize: 0 }, log: { level: 'debug' } }, async (server) => {
    for (const file of files) await openCorpus(server.client, file);
    const all: string[][] = [];
    for (const file of files) {
      server.fake.reply({ chunks: [MISS_REPLY], ttftMs: TTFT_MS, perTokenMs: 0 });
      for (const cursor of pickCursors(file.text, { perKind: 10, seed: SEED + 1 })) await requestOnce(server, file, cursor);
      const samples: Sample[] = [];
      for (const cursor of pickCursors(file.text, { perKind, seed: SEED })) {
        const sample = await requestOnce(server, file, cursor);
        if (sample) samples.push(sample);
      }
      all.push(...rowsFor(`${file.language} (${samples.length})`, samples));
    }
    return all;
  });
  process.stdout.write(`${renderTable(['file (n)', 'stage', 'p50 ms', 'gap p50 ms', 'p95 / p99 ms'], rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
