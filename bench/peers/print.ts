/** The peers benchmark's figures per server configuration, and the tables printed from them. */
import { round, summarize, type Summary } from '../stats.js';
import { renderTable } from '../table.js';
import type { CancelResult, DidChangeResult, MemoryResult, OverheadResult } from './measure.js';
import type { ReplayRun } from './replay.js';
import type { Debounce, ServerKind } from './servers.js';

/** The replays of one configuration, folded into distributions and totals. */
export interface ReplaySummary {
  runs: number;
  lastKeyToSuggestionMs: Summary;
  /** Replays whose last request got no non-empty suggestion (left out of the distribution above). */
  emptyLast: number;
  requestsSent: number;
  unanswered: number;
  modelRequestsStarted: number;
  modelRequestsAborted: number;
  maxInFlight: number;
  eventLoopMaxMs: number;
  eventLoopP99Ms: number;
  each: ReplayRun[];
}

export interface ConfigResult {
  language: string;
  kind: ServerKind;
  debounce: Debounce;
  overhead: OverheadResult | undefined;
  didChange: DidChangeResult | undefined;
  cancel: CancelResult | undefined;
  replays: ReplaySummary;
  memory: MemoryResult | undefined;
}

/** Folds the replays of one configuration. */
export function summarizeReplays(runs: ReplayRun[]): ReplaySummary {
  const sum = (pick: (r: ReplayRun) => number): number => runs.reduce((n, r) => n + pick(r), 0);
  const answered = runs.map((r) => r.lastKeyToSuggestionMs).filter(Number.isFinite);
  return {
    runs: runs.length,
    lastKeyToSuggestionMs: summarize(answered),
    emptyLast: runs.length - answered.length,
    requestsSent: sum((r) => r.requestsSent),
    unanswered: sum((r) => r.unanswered),
    modelRequestsStarted: sum((r) => r.modelRequestsStarted),
    modelRequestsAborted: sum((r) => r.modelRequestsAborted),
    maxInFlight: Math.max(0, ...runs.map((r) => r.maxInFlight)),
    eventLoopMaxMs: Math.max(0, ...runs.map((r) => r.eventLoopMaxMs)),
    eventLoopP99Ms: Math.max(0, ...runs.map((r) => r.eventLoopP99Ms)),
    each: runs,
  };
}

const NAMES: Record<ServerKind, string> = { 'ghostline-items': 'Ghostline items', 'ghostline-inline': 'Ghostline inline', 'tabby-agent': 'tabby-agent' };

/** Prints the comparison tables, with each Ghostline figure's ratio to tabby-agent's in the same configuration. */
export function printPeers(print: (text: string) => void, configs: ConfigResult[]): void {
  const tabbyOf = (c: ConfigResult): ConfigResult | undefined => configs.find((t) => t.kind === 'tabby-agent' && t.language === c.language && t.debounce === c.debounce);
  const ratio = (a: number | undefined, b: number | undefined): number => (a === undefined || b === undefined || !b ? Number.NaN : round(a / b));
  const zero = configs.filter((c) => c.debounce === 'debounce-0');

  print(
    "\n1. Per-request overhead (answer time minus the scripted 150 ms), one request at a time, debounce 0; net = answer time minus the model's service time as its fake saw it (received → last byte; the fake's late timer is the bench's); ms",
  );
  print(
    renderTable(
      ['file', 'server', 'n', 'p50', 'p95', 'p99', 'max', 'p50 / tabby', 'p99 / tabby', 'model late p50', 'net p50', 'net p95', 'net p99', 'net p50 / tabby'],
      zero
        .filter((c) => c.overhead)
        .map((c) => [
          c.language,
          NAMES[c.kind],
          c.overhead?.samples ?? 0,
          c.overhead?.overheadMs.p50 ?? Number.NaN,
          c.overhead?.overheadMs.p95 ?? Number.NaN,
          c.overhead?.overheadMs.p99 ?? Number.NaN,
          c.overhead?.overheadMs.max ?? Number.NaN,
          ratio(c.overhead?.overheadMs.p50, tabbyOf(c)?.overhead?.overheadMs.p50),
          ratio(c.overhead?.overheadMs.p99, tabbyOf(c)?.overhead?.overheadMs.p99),
          c.overhead?.modelLateMs.p50 ?? Number.NaN,
          c.overhead?.netOverheadMs.p50 ?? Number.NaN,
          c.overhead?.netOverheadMs.p95 ?? Number.NaN,
          c.overhead?.netOverheadMs.p99 ?? Number.NaN,
          ratio(c.overhead?.netOverheadMs.p50, tabbyOf(c)?.overhead?.netOverheadMs.p50),
        ]),
    ),
  );

  print('\n2. One didChange (a keystroke of a line that leaves brackets open) then at once a hover: hover round trip; ms');
  print(
    renderTable(
      ['file', 'server', 'keys', 'hover alone p50', 'after didChange p50', 'p99', 'max', 'blocked p50 (diff)'],
      zero
        .filter((c) => c.didChange)
        .map((c) => {
          const d = c.didChange as DidChangeResult;
          return [
            c.language,
            NAMES[c.kind],
            d.keystrokes,
            d.hoverAloneMs.p50,
            d.changeThenHoverMs.p50,
            d.changeThenHoverMs.p99,
            d.changeThenHoverMs.max,
            round(d.changeThenHoverMs.p50 - d.hoverAloneMs.p50),
          ];
        }),
    ),
  );

  print('\n3. Keystroke replay at 10 keys/s: last keystroke (Enter) → non-empty suggestion; cancellation; event-loop delay in the server; ms');
  print(
    renderTable(
      ['file', 'server', 'debounce', 'runs', 'p50', 'max', 'p50 / tabby', 'empty', 'LSP req', 'model req', 'model req closed', 'in flight', 'loop max', 'loop p99'],
      configs.map((c) => {
        const r = c.replays;
        return [
          c.language,
          NAMES[c.kind],
          c.debounce,
          r.runs,
          r.lastKeyToSuggestionMs.p50,
          r.lastKeyToSuggestionMs.max,
          ratio(r.lastKeyToSuggestionMs.p50, tabbyOf(c)?.replays.lastKeyToSuggestionMs.p50),
          r.emptyLast,
          r.requestsSent,
          r.modelRequestsStarted,
          r.modelRequestsAborted,
          r.maxInFlight,
          r.eventLoopMaxMs,
          r.eventLoopP99Ms,
        ];
      }),
    ),
  );

  print('\n   Cancellation: a lone request cancelled ($/cancelRequest) while its model request is in flight');
  print(
    renderTable(
      ['file', 'server', 'tries', 'model request closed', 'answered RequestCancelled', 'answered empty', 'answered with a suggestion'],
      zero
        .filter((c) => c.cancel)
        .map((c) => {
          const x = c.cancel as CancelResult;
          return [c.language, NAMES[c.kind], x.tries, x.modelRequestsClosed, x.answeredWithCancelError, x.answeredEmpty, x.answeredNonEmpty];
        }),
    ),
  );

  print(
    '\n4. Memory over completions after warm-up (scripted model 0 ms, debounce 0): VmRSS and V8 heap, each read after a full GC in the server; raw = VmRSS read before that GC; trend = Theil–Sen slope over 9 readings × completions (the target); after − before split into heap used, heap committed and native (RSS − committed heap − external); MB',
  );
  print(
    renderTable(
      ['file', 'server', 'completions', 'RSS before', 'RSS after', 'RSS trend', 'minus tabby', 'RSS after − before', 'raw', 'heap trend', 'heap used', 'heap committed', 'native'],
      zero
        .filter((c) => c.memory)
        .map((c) => {
          const m = c.memory as MemoryResult;
          const tabby = tabbyOf(c)?.memory?.rssTrendMB;
          return [
            c.language,
            NAMES[c.kind],
            m.completions,
            m.rssBeforeMB,
            m.rssAfterMB,
            m.rssTrendMB,
            tabby === undefined ? Number.NaN : round(m.rssTrendMB - tabby),
            m.rssGrowthMB,
            m.rawRssGrowthMB,
            m.heapTrendMB,
            m.heapGrowthAfterGcMB,
            m.heapTotalGrowthMB,
            m.nativeGrowthMB,
          ];
        }),
    ),
  );
}
