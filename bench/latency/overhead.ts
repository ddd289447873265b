import { performance } from 'node:perf_hooks';
import type { CorpusFile } from '../corpus.js';
import { generatedSince, lastRequestId, within, type BenchServer } from '../harness.js';
import type { CursorKind, CursorPosition } from '../positions.js';
import { round, summarize, type Summary } from '../stats.js';

/** The model's scripted reply for cache misses: one chunk, so the fake waits exactly ttft and nothing per token. */
export const MISS_REPLY = 'pendingTotal + 1';

export interface MissSample {
  kind: CursorKind;
  line: number;
  character: number;
  /** LSP request sent → answer received. */
  wallMs: number;
  /** wallMs minus the scripted model time: what the server (and the client library) added. */
  overheadMs: number;
  /** Request sent → the fake receives the generate request: prefilter, context, prompt, HTTP connect. */
  toModelMs: number;
  /** What the fake really spent (scripted time plus its timer's lateness). */
  modelMs: number;
  /** The fake's last byte → answer received: stream reading, post-processing, the LSP reply. */
  afterModelMs: number;
  modelRequests: number;
  nonEmpty: boolean;
}

export interface MissResult {
  language: string;
  lines: number;
  scriptedModelMs: number;
  samples: number;
  overheadMs: Summary;
  /** Answer time minus what the fake really spent (its timer fires up to ~1 ms late): the server's own share. */
  netOverheadMs: Summary;
  wallMs: Summary;
  breakdownMs: { toModel: Summary; model: Summary; afterModel: Summary };
  byKind: Record<string, { samples: number; overheadMs: Summary }>;
  /** Generate requests per LSP request; 1 when every request was a real miss. */
  modelRequestsPerMiss: number;
  /** Requests that did not cause exactly one model request (left out of the figures). */
  notOneModelRequest: number;
  nonEmptyAnswers: number;
  warmup: number;
}

/**
 * Requests a completion at each cursor, one at a time, and measures how much longer the answer took
 * than the scripted model did. The caller sets the fake's reply and latency and opens the file.
 */
export async function measureMisses(input: {
  server: BenchServer;
  file: CorpusFile;
  cursors: readonly CursorPosition[];
  warmup: readonly CursorPosition[];
  scriptedModelMs: number;
}): Promise<MissResult> {
  const { server, file, scriptedModelMs } = input;
  for (const cursor of input.warmup) await requestOnce({ server, file, cursor, scriptedModelMs });
  const samples: MissSample[] = [];
  for (const cursor of input.cursors) samples.push(await requestOnce({ server, file, cursor, scriptedModelMs }));

  const valid = samples.filter((s) => s.modelRequests === 1);
  const byKind: MissResult['byKind'] = {};
  for (const kind of new Set(valid.map((s) => s.kind))) {
    const ofKind = valid.filter((s) => s.kind === kind);
    byKind[kind] = { samples: ofKind.length, overheadMs: summarize(ofKind.map((s) => s.overheadMs)) };
  }
  return {
    language: file.language,
    lines: file.lines,
    scriptedModelMs,
    samples: valid.length,
    overheadMs: summarize(valid.map((s) => s.overheadMs)),
    netOverheadMs: summarize(valid.map((s) => s.wallMs - s.modelMs)),
    wallMs: summarize(valid.map((s) => s.wallMs)),
    breakdownMs: {
      toModel: summarize(valid.map((s) => s.toModelMs)),
      model: summarize(valid.map((s) => s.modelMs)),
      afterModel: summarize(valid.map((s) => s.afterModelMs)),
    },
    byKind,
    modelRequestsPerMiss: round(samples.reduce((n, s) => n + s.modelRequests, 0) / Math.max(1, samples.length)),
    notOneModelRequest: samples.length - valid.length,
    nonEmptyAnswers: valid.filter((s) => s.nonEmpty).length,
    warmup: input.warmup.length,
  };
}

async function requestOnce(input: { server: BenchServer; file: CorpusFile; cursor: CursorPosition; scriptedModelMs: number }): Promise<MissSample> {
  const { server, file, cursor, scriptedModelMs } = input;
  const { client, fake } = server;
  const since = lastRequestId(fake);
  const sentAt = performance.now();
  const answer = await within(client.inline(file.uri, cursor.position), { ms: 10_000, what: `inline completion at ${file.uri}:${cursor.position.line}` });
  const answeredAt = performance.now();
  const generated = generatedSince(fake, since);
  const request = generated[0];
  const receivedAt = request?.receivedAt ?? Number.NaN;
  // The last byte leaves when the fake calls end(); its 'finish' event can come after the server read the reply.
  const finishedAt = request?.lastByteAt ?? request?.finishedAt ?? Number.NaN;
  const wallMs = answeredAt - sentAt;
  return {
    kind: cursor.kind,
    line: cursor.position.line,
    character: cursor.position.character,
    wallMs,
    overheadMs: wallMs - scriptedModelMs,
    toModelMs: receivedAt - sentAt,
    modelMs: finishedAt - receivedAt,
    afterModelMs: answeredAt - finishedAt,
    modelRequests: generated.length,
    nonEmpty: (answer?.items[0]?.insertText ?? '') !== '',
  };
}
