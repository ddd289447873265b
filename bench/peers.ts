/**
 * `npm run bench -- peers`: Ghostline beside tabby-agent 1.5.0 in one run, on the same generated
 * 5,000-line files, with the same scripted model latency and replies. Each server is started as its
 * users run it, with a probe in its process for the event-loop delay and memory.
 */
import { generateCorpus, type CorpusFile, type CorpusLanguage } from './corpus.js';
import { atMost, type BenchPart, type TargetCheck } from './part.js';
import { cursorCandidates, pickCursors, statementEnd } from './positions.js';
import { Random } from './random.js';
import {
  measureCancel,
  measureDidChange,
  measureMemory,
  measureOverhead,
  type CancelResult,
  type DidChangeResult,
  type MemoryResult,
  type OverheadResult,
} from './peers/measure.js';
import { printPeers, summarizeReplays, type ConfigResult, type ReplaySummary } from './peers/print.js';
import { replay } from './peers/replay.js';
import { startServer, tabbyAgentCli, TABBY_AGENT_VERSION, type Debounce, type ServerKind } from './peers/servers.js';

const SEED = 7;
const LINES = 5000;
const LANGUAGES: CorpusLanguage[] = ['go', 'typescript', 'python'];
const KINDS: ServerKind[] = ['ghostline-items', 'ghostline-inline', 'tabby-agent'];
const DEBOUNCES: Debounce[] = ['defaults', 'debounce-0'];
/** The scripted model: 150 ms to the (single-chunk) answer, for overhead and the replay. */
const MODEL_MS = 150;
const OVERHEAD = { samples: 100, warmup: 10 };
const REPLAY = { cursors: 4, intervalMs: 100, graceMs: 5000, pauseMs: 1000 };
const MEMORY = { warmup: 200, completions: 2000 };
const CANCEL_TRIES = 5;
/** How much of each measurement a run makes; `--quick` checks that the part works in about a minute, its figures are not comparable. */
interface Scale {
  languages: CorpusLanguage[];
  overheadSamples: number;
  replayCursors: number;
  memory: { warmup: number; completions: number };
}
const FULL: Scale = { languages: LANGUAGES, overheadSamples: OVERHEAD.samples, replayCursors: REPLAY.cursors, memory: MEMORY };
const QUICK: Scale = { languages: ['go'], overheadSamples: 10, replayCursors: 1, memory: { warmup: 10, completions: 50 } };
/** Typed during the replay; the last Enter is the keystroke the figure starts from. */
const SCRIPT: Record<CorpusLanguage, { script: string; continuation: string; openLine: string }> = {
  go: { script: 'count := len(pending)\nif count > limit {\n', continuation: 'return count', openLine: 'if err := store.Save(ctx, func(entry *Entry) error {' },
  typescript: {
    script: 'const count = pending.length;\nif (count > limit) {\n',
    continuation: 'return count;',
    openLine: 'const kept = entries.filter((entry) => { if (entry.size > limit) {',
  },
  python: { script: 'count = len(pending)\nif count > limit:\n', continuation: 'return count', openLine: 'kept = [entry for entry in entries if weigh(entry, limits[entry.kind' },
};
/** Issue #14 asks for an overhead p50 of at most 5 ms on a 5,000-line Python file. */
const TARGETS = { suggestionRatio: 0.8, overheadP50Ratio: 0.7, overheadP99Ms: 20, rssMarginMB: 5, eventLoopMaxMs: 10, pythonOverheadP50Ms: 5 };

/** The peers part: per-request overhead, didChange blocking, keystroke → suggestion, cancellation, memory. */
export const peersPart: BenchPart = {
  name: 'peers',
  description: `Ghostline beside tabby-agent ${TABBY_AGENT_VERSION}: overhead, didChange, keystroke → suggestion, cancellation, memory`,
  async run(print, flags) {
    const scale = flags.includes('--quick') ? QUICK : FULL;
    const tabbyCli = tabbyAgentCli(print);
    const configs: ConfigResult[] = [];
    for (const language of scale.languages) {
      const file = generateCorpus({ language, lines: LINES, seed: SEED });
      for (const kind of KINDS) {
        for (const debounce of DEBOUNCES) {
          print(`   ${language} · ${kind} · ${debounce} …`);
          configs.push(await runConfig({ file, kind, debounce, tabbyCli, scale }));
        }
      }
    }
    const targets = checkTargets(configs);
    printPeers(print, configs);
    return {
      results: {
        settings: { seed: SEED, lines: LINES, modelMs: MODEL_MS, overhead: OVERHEAD, replay: REPLAY, memory: MEMORY, scale, scripts: SCRIPT, tabbyAgent: TABBY_AGENT_VERSION },
        configs,
      },
      targets,
      sanity: sanity(configs),
    };
  },
};

async function runConfig(input: { file: CorpusFile; kind: ServerKind; debounce: Debounce; tabbyCli: string; scale: Scale }): Promise<ConfigResult> {
  const { file, kind, debounce, scale } = input;
  const s = await startServer({ kind, debounce, ttftMs: MODEL_MS, tabbyCli: input.tabbyCli });
  try {
    await s.client.open(file.uri, file.language, file.text);
    const cursors = pickCursors(file.text, { perKind: 40, seed: SEED });
    s.model.reply(() => ({ text: 'return count' }));
    let overhead: OverheadResult | undefined;
    let didChange: DidChangeResult | undefined;
    let memory: MemoryResult | undefined;
    let cancel: CancelResult | undefined;
    // Overhead and memory want no debounce in the figure; the didChange cost does not depend on it.
    if (debounce === 'debounce-0') {
      const warmup = pickCursors(file.text, { perKind: 4, seed: SEED + 1 }).map((c) => c.position);
      overhead = await measureOverhead({ s, file, cursors: cursors.slice(0, scale.overheadSamples).map((c) => c.position), warmup, scriptedMs: MODEL_MS });
      const at = statementEnd(file.text);
      if (!at) throw new Error(`${file.uri}: no statement to type after`);
      didChange = await measureDidChange({ s, file, at: at.position, line: SCRIPT[file.language].openLine });
      cancel = await measureCancel({ s, file, cursors: cursors.slice(-CANCEL_TRIES).map((c) => c.position) });
    } else {
      // One answered request first, as an editor makes when the file opens: the replay then measures typing, not start-up.
      await s.client.completion(file.uri, cursors[0]?.position ?? { line: 0, character: 0 }).catch(() => null);
    }
    const replays: ReplaySummary = summarizeReplays(await runReplays(s, file, scale.replayCursors));
    if (debounce === 'debounce-0' && file.language === 'go') {
      s.model.setDefaultLatency({ ttftMs: 0, perTokenMs: 0 });
      s.model.reply(() => ({ text: 'return count' }));
      const candidates = cursorCandidates(file.text, new Random(SEED));
      const positions = [...candidates['line-end'], ...candidates['mid-expression']].sort((a, b) => a.offset - b.offset).map((c) => c.position);
      memory = await measureMemory({ s, file, positions, warmup: scale.memory.warmup, count: scale.memory.completions });
    }
    return { language: file.language, kind, debounce, overhead, didChange, cancel, replays, memory };
  } catch (error) {
    throw new Error(
      `${kind} (${debounce}, ${file.language}): ${error instanceof Error ? error.message : String(error)}\n--- server stderr (tail) ---\n${s.client.stderr.slice(-2000)}`,
    );
  } finally {
    await s.close();
  }
}

async function runReplays(s: Awaited<ReturnType<typeof startServer>>, file: CorpusFile, count: number): Promise<Awaited<ReturnType<typeof replay>>[]> {
  const blanks = pickCursors(file.text, { perKind: 100, seed: SEED }).filter((c) => c.kind === 'blank-in-body');
  const runs = [];
  for (let i = 0; i < count; i++) {
    const at = blanks[Math.floor(((i + 0.5) * blanks.length) / count)];
    if (!at) throw new Error(`${file.uri}: no blank line in a body to type into`);
    const { script, continuation } = SCRIPT[file.language];
    runs.push(await replay({ s, file, at: at.position, script, continuation, intervalMs: REPLAY.intervalMs, graceMs: REPLAY.graceMs }));
    // A pause between bursts, as between two edits; each replay then starts from an idle server.
    await new Promise((resolve) => setTimeout(resolve, REPLAY.pauseMs));
  }
  return runs;
}

function find(configs: ConfigResult[], kind: ServerKind, debounce: Debounce, language: CorpusLanguage = 'go'): ConfigResult | undefined {
  return configs.find((c) => c.kind === kind && c.debounce === debounce && c.language === language);
}

function ratio(a: number | undefined, b: number | undefined): number {
  return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? Number.NaN : Math.round((a / b) * 100) / 100;
}

function checkTargets(configs: ConfigResult[]): TargetCheck[] {
  const targets: TargetCheck[] = [];
  for (const debounce of DEBOUNCES) {
    const tabby = find(configs, 'tabby-agent', debounce)?.replays.lastKeyToSuggestionMs.p50;
    for (const kind of ['ghostline-items', 'ghostline-inline'] as const) {
      const ours = find(configs, kind, debounce)?.replays.lastKeyToSuggestionMs.p50;
      targets.push(atMost({ name: `keystroke → suggestion p50, ${kind} / tabby-agent, ${debounce} (go)`, measured: ratio(ours, tabby), limit: TARGETS.suggestionRatio }));
    }
  }
  const tabby = find(configs, 'tabby-agent', 'debounce-0');
  for (const kind of ['ghostline-items', 'ghostline-inline'] as const) {
    const ours = find(configs, kind, 'debounce-0');
    targets.push(
      atMost({
        name: `overhead p50, ${kind} / tabby-agent (go)`,
        measured: ratio(ours?.overhead?.overheadMs.p50, tabby?.overhead?.overheadMs.p50),
        limit: TARGETS.overheadP50Ratio,
      }),
    );
    targets.push(atMost({ name: `overhead p99, ${kind} (go)`, measured: ours?.overhead?.overheadMs.p99 ?? Number.NaN, limit: TARGETS.overheadP99Ms, unit: 'ms' }));
    const margin = (ours?.memory?.rssTrendMB ?? Number.NaN) - (tabby?.memory?.rssTrendMB ?? Number.NaN);
    targets.push(
      atMost({
        name: `RSS growth (post-GC trend) over ${ours?.memory?.completions ?? 0} completions, ${kind} minus tabby-agent`,
        measured: Math.round(margin * 100) / 100,
        limit: TARGETS.rssMarginMB,
        unit: 'MB',
      }),
    );
  }
  for (const kind of ['ghostline-items', 'ghostline-inline'] as const) {
    const python = find(configs, kind, 'debounce-0', 'python')?.overhead?.overheadMs.p50;
    if (python !== undefined) targets.push(atMost({ name: `overhead p50, ${kind} (python)`, measured: python, limit: TARGETS.pythonOverheadP50Ms, unit: 'ms' }));
  }
  for (const language of new Set(configs.map((c) => c.language))) {
    const worst = Math.max(...configs.filter((c) => c.language === language && c.kind !== 'tabby-agent').map((c) => c.replays.eventLoopMaxMs));
    targets.push(atMost({ name: `event-loop delay max while typing, Ghostline (${language})`, measured: worst, limit: TARGETS.eventLoopMaxMs, unit: 'ms' }));
  }
  return targets;
}

function sanity(configs: ConfigResult[]): TargetCheck[] {
  return [
    atMost({ name: 'requests unanswered after the replays', measured: configs.reduce((n, c) => n + c.replays.unanswered, 0), limit: 0 }),
    atMost({ name: 'overhead requests that did not reach the model once', measured: configs.reduce((n, c) => n + (c.overhead?.notOneModelRequest ?? 0), 0), limit: 0 }),
    atMost({ name: 'replays whose last answer was empty', measured: configs.reduce((n, c) => n + c.replays.emptyLast, 0), limit: 0 }),
  ];
}
