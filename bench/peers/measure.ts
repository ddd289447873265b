/**
 * The sequential measurements of the peers benchmark, written once for every server: per-request
 * overhead on model misses, how long one didChange holds the server, and memory growth over many
 * completions. Each takes a started server with its file open.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { CompletionItem, CompletionList, InlineCompletionList, Position } from 'vscode-languageserver-protocol';
import type { CorpusFile } from '../corpus.js';
import { within } from '../harness.js';
import { advance, keystrokes } from '../latency/keys.js';
import { summarize, type Summary } from '../stats.js';
import { CancellationTokenSource, firstSuggestion } from './peer-client.js';
import type { Served } from './servers.js';

/** Asks for a suggestion the way this server is used: inline completions, or completion items. */
export function ask(s: Served, uri: string, position: Position, token?: CancellationTokenSource): Promise<CompletionList | CompletionItem[] | InlineCompletionList | null> {
  return s.kind === 'ghostline-inline' ? s.client.inline(uri, position, token) : s.client.completion(uri, position, token);
}

export interface OverheadResult {
  samples: number;
  /** Answer time minus the scripted model time. */
  overheadMs: Summary;
  /**
   * Answer time minus the model's own service time, as its fake saw it (request received → last byte handed
   * to the socket, `lastByteAt`): the scripted time plus the fake's timer firing late, which is the bench process's, not the
   * server's. Everything the server does between the client's send and the client's receipt stays in.
   */
  netOverheadMs: Summary;
  /** The fake's service time minus the scripted time: what `overheadMs` counts and `netOverheadMs` does not. */
  modelLateMs: Summary;
  /** Requests that did not reach the model exactly once (left out of the figures). */
  notOneModelRequest: number;
  nonEmpty: number;
}

/** One request at a time at each cursor (each a miss for every server), after `warmup` unmeasured ones. */
export async function measureOverhead(input: {
  s: Served;
  file: CorpusFile;
  cursors: readonly Position[];
  warmup: readonly Position[];
  scriptedMs: number;
}): Promise<OverheadResult> {
  const { s, file, scriptedMs } = input;
  for (const position of input.warmup) await within(ask(s, file.uri, position), { ms: 10_000, what: `${s.kind} warm-up` });
  const overheads: number[] = [];
  const nets: number[] = [];
  const lates: number[] = [];
  let notOne = 0;
  let nonEmpty = 0;
  for (const position of input.cursors) {
    const before = s.model.generateRequests().length;
    const sentAt = performance.now();
    const answer = await within(ask(s, file.uri, position), { ms: 10_000, what: `${s.kind} completion at line ${position.line}` });
    const wall = performance.now() - sentAt;
    const generated = s.model.generateRequests().slice(before);
    const served = (generated[0]?.lastByteAt ?? generated[0]?.finishedAt ?? Number.NaN) - (generated[0]?.receivedAt ?? Number.NaN);
    if (generated.length !== 1) {
      notOne++;
      continue;
    }
    overheads.push(wall - scriptedMs);
    if (Number.isFinite(served)) {
      nets.push(wall - served);
      lates.push(served - scriptedMs);
    }
    if (firstSuggestion(answer).trim() !== '') nonEmpty++;
  }
  return { samples: overheads.length, overheadMs: summarize(overheads), netOverheadMs: summarize(nets), modelLateMs: summarize(lates), notOneModelRequest: notOne, nonEmpty };
}

export interface DidChangeResult {
  keystrokes: number;
  /** A hover alone: the round trip of a request the server answers without the model. */
  hoverAloneMs: Summary;
  /** didChange sent, then at once the same hover: how long until the hover is answered. */
  changeThenHoverMs: Summary;
}

/**
 * Types `line` after the statement at `at` one keystroke at a time; before each keystroke a hover
 * alone, then the keystroke's didChange followed at once by the hover. The difference is what the
 * didChange held the server for. The typed text is removed afterwards.
 */
export async function measureDidChange(input: { s: Served; file: CorpusFile; at: Position; line: string }): Promise<DidChangeResult> {
  const { s, file, at } = input;
  const indent = /^[ \t]*/.exec(s.client.text(file.uri).split('\n')[at.line] ?? '')?.[0] ?? '';
  const keys = keystrokes(input.line, { indent, start: 'line-end' });
  // Hover at column 0 of the file's first blank line: never an identifier, for either server.
  const blank = s.client
    .text(file.uri)
    .split('\n')
    .findIndex((l) => l.trim() === '');
  const hoverAt: Position = { line: Math.max(0, blank), character: 0 };
  const alone: number[] = [];
  const after: number[] = [];
  let position = at;
  for (const key of keys) {
    let started = performance.now();
    await within(s.client.hover(file.uri, hoverAt), { ms: 10_000, what: `${s.kind} hover` });
    alone.push(performance.now() - started);
    started = performance.now();
    await s.client.type(file.uri, position, key);
    await within(s.client.hover(file.uri, hoverAt), { ms: 10_000, what: `${s.kind} hover after didChange` });
    after.push(performance.now() - started);
    position = advance(position, key);
  }
  await s.client.change(file.uri, [{ range: { start: at, end: position }, text: '' }]);
  return { keystrokes: keys.length, hoverAloneMs: summarize(alone), changeThenHoverMs: summarize(after) };
}

export interface MemoryResult {
  completions: number;
  warmup: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  /** VmRSS after minus before, read as it is: includes garbage V8 has not collected yet, so it swings by ±20 MB with GC timing. */
  rawRssGrowthMB: number;
  /** VmRSS after minus before, each read just after a full collection in the server: the target's figure. */
  rssGrowthMB: number;
  /** The V8 heap after a full collection, after minus before: what JavaScript really retains. */
  heapGrowthAfterGcMB: number;
  /** The V8 heap's committed size after a full collection, after minus before: heap headroom V8 chose to keep. */
  heapTotalGrowthMB: number;
  /** Post-GC VmRSS minus the V8 heap's committed size and external memory, after minus before: native allocations (tree-sitter, sockets, malloc). */
  nativeGrowthMB: number;
  /**
   * Theil–Sen slope of post-GC VmRSS over readings every count/STEPS completions, times count: a leak
   * rises at every step, while a GC or heap-sizing spike (±10 MB in one reading) does not move the median.
   */
  rssTrendMB: number;
  /** The same trend for the V8 heap used after GC. */
  heapTrendMB: number;
  /** Post-GC VmRSS at each reading, MB. */
  rssSeriesMB: number[];
}

const MB = 1024 * 1024;
/** Readings between warm-up and the end of the memory run. */
const STEPS = 8;

/** Theil–Sen slope of ys over xs: the median of the slopes between every two readings, so one spike cannot tilt it. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] ?? 0) - (xs[i] ?? 0);
      if (dx !== 0) slopes.push(((ys[j] ?? 0) - (ys[i] ?? 0)) / dx);
    }
  }
  slopes.sort((a, b) => a - b);
  return slopes.length === 0 ? 0 : ((slopes[(slopes.length - 1) >> 1] ?? 0) + (slopes[slopes.length >> 1] ?? 0)) / 2;
}

/** Completions one after another at distinct positions (misses while the list lasts); VmRSS and the heap after warm-up and at the end. */
export async function measureMemory(input: { s: Served; file: CorpusFile; positions: readonly Position[]; warmup: number; count: number }): Promise<MemoryResult> {
  const { s, file, warmup, count } = input;
  if (input.positions.length === 0) throw new Error('no positions to complete at');
  const run = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) {
      // Past the end of the list positions repeat: repeats may be answered from a cache, as in real use.
      const position = input.positions[i % input.positions.length];
      if (position) await within(ask(s, file.uri, position), { ms: 10_000, what: `${s.kind} completion ${i}` });
    }
  };
  // Both readings the same way for every server: settle, VmRSS as it is, then a full GC in the server (the probe) and VmRSS again.
  const read = async (): Promise<{ raw: number; rss: number; heap: number; heapTotal: number; native: number }> => {
    await delay(500);
    const raw = s.client.rss();
    const probe = await s.client.probe();
    await delay(200);
    const rss = s.client.rss();
    return { raw, rss, heap: probe.heapUsedAfterGc, heapTotal: probe.heapTotalAfterGc, native: rss - probe.heapTotalAfterGc - probe.externalAfterGc };
  };
  await run(0, warmup);
  const readings = [await read()];
  const done = [0];
  for (let step = 1; step <= STEPS; step++) {
    const upTo = Math.round((step * count) / STEPS);
    await run(warmup + (done.at(-1) ?? 0), warmup + upTo);
    done.push(upTo);
    readings.push(await read());
  }
  const before = readings[0] ?? (await read());
  const after = readings.at(-1) ?? before;
  const mb = (bytes: number): number => Math.round((bytes / MB) * 100) / 100;
  return {
    completions: count,
    warmup,
    rssBeforeMB: mb(before.rss),
    rssAfterMB: mb(after.rss),
    rawRssGrowthMB: mb(after.raw - before.raw),
    rssGrowthMB: mb(after.rss - before.rss),
    heapGrowthAfterGcMB: mb(after.heap - before.heap),
    heapTotalGrowthMB: mb(after.heapTotal - before.heapTotal),
    nativeGrowthMB: mb(after.native - before.native),
    rssTrendMB: mb(
      slope(
        done,
        readings.map((r) => r.rss),
      ) * count,
    ),
    heapTrendMB: mb(
      slope(
        done,
        readings.map((r) => r.heap),
      ) * count,
    ),
    rssSeriesMB: readings.map((r) => mb(r.rss)),
  };
}

export interface CancelResult {
  tries: number;
  /** Cancelled after the model request arrived: how many of those model requests the server closed. */
  modelRequestsClosed: number;
  /** How the cancelled LSP requests were answered. */
  answeredWithCancelError: number;
  answeredEmpty: number;
  answeredNonEmpty: number;
}

/**
 * A lone request cancelled with $/cancelRequest while its model request is in flight (nothing
 * supersedes it): does the server close the model request, and what does it answer?
 */
export async function measureCancel(input: { s: Served; file: CorpusFile; cursors: readonly Position[] }): Promise<CancelResult> {
  const { s, file } = input;
  const result: CancelResult = { tries: 0, modelRequestsClosed: 0, answeredWithCancelError: 0, answeredEmpty: 0, answeredNonEmpty: 0 };
  for (const position of input.cursors) {
    const before = s.model.generateRequests().length;
    const source = new CancellationTokenSource();
    const answer = ask(s, file.uri, position, source).then(
      (a) => (firstSuggestion(a).trim() === '' ? 'empty' : 'non-empty'),
      (error: unknown) => ((error as { code?: unknown }).code === -32800 ? 'cancel-error' : 'other-error'),
    );
    const deadline = performance.now() + 5000;
    while (s.model.generateRequests().length === before && performance.now() < deadline) await delay(2);
    const request = s.model.generateRequests()[before];
    if (!request) continue;
    source.cancel();
    const how = await within(answer, { ms: 10_000, what: `${s.kind} cancelled request` });
    // Let the model request finish (or close) before reading how it ended.
    await delay(300);
    result.tries++;
    if (request.abortedByClient) result.modelRequestsClosed++;
    if (how === 'cancel-error') result.answeredWithCancelError++;
    else if (how === 'empty') result.answeredEmpty++;
    else if (how === 'non-empty') result.answeredNonEmpty++;
  }
  return result;
}
