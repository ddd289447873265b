/**
 * bench/report.md: what a person reads after `npm run bench`, regenerated from the parts' JSON in
 * bench/results/ (whichever exist), with SVG charts beside it in bench/report/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { BENCH_DIR, RESULTS_DIR } from './paths.js';
import { STABILITY_COLUMNS, stabilityRow, type StabilityRow as Stability } from './quality/stability.js';
import type { Rates as GroupRates } from './quality/summary.js';
import { mergeReport, type ReportSection } from './report-merge.js';
import { pct } from './stats.js';
import { distributionChart, groupedBarChart, type Distribution } from './svg.js';

type Rates = GroupRates & { key?: string };
interface Check {
  name: string;
  target: string;
  measured: number;
  unit: string;
  met: boolean;
}
interface QualityCorpus {
  corpus: string;
  language: string;
  source: string;
  files: number;
  skippedFiles: string[];
  positions: number;
  completions: number;
  spanInFull: Rates;
  all: Rates;
  byMode: Rates[];
  byKind: Rates[];
  byShape: Rates[];
  failureClasses: Array<{ problems: string; n: number }>;
  examples: Array<{ path: string; kind: string; mode: string; variant: string; problems: string[]; expected: string; shown: string }>;
  stability: Stability;
}
interface QualityJson {
  machine: { date: string; node: string; cpuCount: number; cpuModel: string };
  seconds: number;
  targets: Check[];
  sanity: Check[];
  settings: { seed: number; perKind: number };
  definitions: Record<string, string>;
  corpora: QualityCorpus[];
}
interface Summary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}
interface LatencyJson {
  machine: { date: string; node: string; cpuCount: number; cpuModel: string };
  seconds: number;
  targets: Check[];
  overhead: Array<{ language: string; lines: number; samples: number; overheadMs: Summary; netOverheadMs: Summary }>;
  typedAhead: Array<{ language: string; lines: number; latencyMs: Summary }>;
}

interface ContextCorpus {
  corpus: string;
  files: number;
  declarations: number;
  indexMs: number;
  heapMB: number;
  samples: number;
  targets: number;
  recall: Record<'ghostline' | 'bm25' | 'currentFile', Record<string, number>>;
  gatherMs: { p50: number; p99: number; max: number };
  freshProcessGatherMs?: { lines: number; p50: number; p99: number };
  sameFunctionMs: { p50: number; p99: number };
  updateMs: { p50: number; p99: number };
}
interface ContextJson {
  machine: { date: string; node: string; cpuCount: number; cpuModel: string };
  seconds: number;
  targets: Check[];
  corpora: ContextCorpus[];
  twoThousandFiles: { files: number; coldMs: number; fromCacheMs: number };
}

interface PeersConfig {
  language: string;
  kind: string;
  debounce: string;
  overhead?: { overheadMs: Summary };
  replays: { lastKeyToSuggestionMs: Summary; eventLoopMaxMs: number; modelRequestsStarted: number; modelRequestsAborted: number; requestsSent: number };
  memory?: { completions: number; rssTrendMB: number; heapTrendMB: number };
  didChange?: { hoverAloneMs: Summary; changeThenHoverMs: Summary };
}
interface PeersJson {
  machine: { date: string; node: string; cpuCount: number; cpuModel: string; loadAverage1m: number };
  seconds: number;
  targets: Check[];
  settings: { tabbyAgent: string };
  configs: PeersConfig[];
}

const REPORT = `${BENCH_DIR}report.md`;
const CHARTS = `${BENCH_DIR}report/`;

/**
 * Rewrites the sections of bench/report.md (and their charts) for the parts whose JSON is in
 * bench/results/, keeping every other part's section as it was: a clone has no results, and a run of
 * one part must not delete the others' figures.
 */
export async function writeReport(): Promise<string> {
  const quality = await readJson<QualityJson>('quality.json');
  const latency = await readJson<LatencyJson>('latency.json');
  const context = await readJson<ContextJson>('context.json');
  const peers = await readJson<PeersJson>('peers.json');
  await mkdir(CHARTS, { recursive: true });
  const head = [
    '# Ghostline benchmark report',
    '',
    'Written by `npm run bench -- --write-report` (all parts) or `npm run bench -- <part> --write-report` from the JSON in `bench/results/`; a part that did not run keeps its section. Do not edit by hand.',
  ].join('\n');
  const fresh: ReportSection[] = [];
  if (quality) fresh.push({ part: 'quality', text: (await qualitySection(quality)).join('\n') });
  if (latency) fresh.push({ part: 'latency', text: (await latencySection(latency)).join('\n') });
  if (context) fresh.push({ part: 'context', text: (await contextSection(context)).join('\n') });
  if (peers) fresh.push({ part: 'peers', text: peersSection(peers).join('\n') });
  const existing = existsSync(REPORT) ? await readFile(REPORT, 'utf8') : '';
  await writeFile(REPORT, mergeReport({ head, existing, fresh }));
  return REPORT;
}

async function qualitySection(q: QualityJson): Promise<string[]> {
  const corpora = q.corpora;
  const kinds = corpora[0]?.byKind.map((r) => r.key ?? '') ?? [];
  await writeFile(
    `${CHARTS}exact-by-kind.svg`,
    groupedBarChart({
      title: 'Exact recovery by span kind (modes with the whole span in the reply)',
      series: corpora.map((c) => c.corpus),
      groups: kinds.map((kind) => ({ label: kind, values: corpora.map((c) => c.byKind.find((r) => r.key === kind)?.exact ?? 0) })),
      min: 90,
      max: 100,
      unit: ' %',
    }),
  );
  const rateHeader = ['n', 'exact %', 'prefix-correct %', 'overlap %', 'syntax-breaking %', 'empty %', 'edit similarity'];
  const rateCells = (r: Rates): Array<string | number> => [r.n, r.exact, r.prefixCorrect, r.overlap, r.syntaxBreaking, r.empty, r.editSimilarity];
  return [
    '## Completion quality — `npm run bench -- quality`',
    '',
    `Real code no one here wrote: ${corpora.map((c) => `**${c.corpus}** (${c.source}, ${c.files} files that parse cleanly)`).join(' and ')}. ` +
      `With seed ${q.settings.seed}, up to ${q.settings.perKind} cursor positions per span kind are drawn from every span the syntax tree offers; ` +
      'each span is removed from its file in the real language server (one didChange), an inline completion is asked at the cursor, and a scripted ' +
      'Ollama on 127.0.0.1 answers with each over-generation mode of issue 3; the span is put back with another didChange. ' +
      `Run of ${q.machine.date} on ${q.machine.cpuCount} × ${q.machine.cpuModel}, node ${q.machine.node}: ${q.seconds} s.`,
    '',
    '### Targets',
    '',
    targetsTable(q.targets),
    '',
    `Sanity checks: ${
      q.sanity.every((s) => s.met)
        ? 'all passed'
        : `**failed**: ${q.sanity
            .filter((s) => !s.met)
            .map((s) => s.name)
            .join('; ')}`
    } (${q.sanity.map((s) => s.name).join('; ')}).`,
    '',
    '### Per corpus',
    '',
    mdTable(
      ['corpus', 'modes', ...rateHeader],
      corpora.flatMap((c) => [
        [c.corpus, 'span in full', ...rateCells(c.spanInFull)],
        [c.corpus, 'all', ...rateCells(c.all)],
      ]),
    ),
    '',
    '![Exact recovery by span kind](report/exact-by-kind.svg)',
    '',
    '### Per span kind (modes with the whole span in the reply)',
    '',
    mdTable(
      ['corpus', 'kind', ...rateHeader],
      corpora.flatMap((c) => c.byKind.map((r) => [c.corpus, r.key ?? '', ...rateCells(r)])),
    ),
    '',
    '### Per over-generation mode',
    '',
    mdTable(
      ['corpus', 'mode', ...rateHeader],
      corpora.flatMap((c) => c.byMode.map((r) => [c.corpus, r.key ?? '', ...rateCells(r)])),
    ),
    '',
    '### Per cursor shape (modes with the whole span in the reply)',
    '',
    mdTable(
      ['corpus', 'shape', ...rateHeader],
      corpora.flatMap((c) => c.byShape.map((r) => [c.corpus, r.key ?? '', ...rateCells(r)])),
    ),
    '',
    '### Prompt stability while typing inside one function',
    '',
    'One single-line statement per function is removed and retyped a character at a time (didChange, then an inline request); consecutive FIM prompts are compared.',
    '',
    mdTable(
      STABILITY_COLUMNS,
      corpora.map((c) => stabilityRow(c.stability)),
    ),
    '',
    '### What the figures mean',
    '',
    ...Object.entries(q.definitions).map(([name, text]) => `- **${name}**: ${text}`),
    '',
    '### What still fails',
    '',
    ...corpora.flatMap((c) => [
      `${c.corpus}: ${c.failureClasses.length === 0 ? 'nothing in the modes with the whole span.' : c.failureClasses.map((f) => `${f.problems} ×${f.n}`).join(', ')}`,
      '',
      ...c.examples
        .slice(0, 4)
        .map((e) => `- \`${e.path}\` ${e.kind} / ${e.mode} (${e.variant}): ${e.problems.join(', ')} — expected \`${oneLine(e.expected)}\`, shown \`${oneLine(e.shown)}\``),
      '',
    ]),
  ];
}

async function latencySection(l: LatencyJson): Promise<string[]> {
  const rows: Distribution[] = l.overhead.map((o) => ({ label: `${o.language}, ${o.lines} lines`, ...o.overheadMs }));
  await writeFile(`${CHARTS}latency.svg`, distributionChart({ title: 'Server overhead on cache misses (answer time minus scripted model time)', rows, unit: 'ms' }));
  return [
    '## Latency — `npm run bench -- latency`',
    '',
    `Run of ${l.machine.date} on ${l.machine.cpuCount} × ${l.machine.cpuModel}, node ${l.machine.node}: ${l.seconds} s. Figures from a busy machine have inflated tails.`,
    '',
    targetsTable(l.targets),
    '',
    '![Server overhead distribution](report/latency.svg)',
    '',
    mdTable(
      ['file', 'lines', 'n', 'min', 'p50', 'p95', 'p99', 'max', 'net p50', 'net p99'],
      l.overhead.map((o) => [
        o.language,
        o.lines,
        o.samples,
        o.overheadMs.min,
        o.overheadMs.p50,
        o.overheadMs.p95,
        o.overheadMs.p99,
        o.overheadMs.max,
        o.netOverheadMs.p50,
        o.netOverheadMs.p99,
      ]),
    ),
    '',
  ];
}

async function contextSection(c: ContextJson): Promise<string[]> {
  const budgets = ['256', '512', '1024'];
  const methods = ['ghostline', 'bm25', 'currentFile'] as const;
  await writeFile(
    `${CHARTS}context-recall.svg`,
    groupedBarChart({
      title: 'Recall of cross-file definitions at 1,024 tokens',
      series: [...methods],
      groups: c.corpora.map((corpus) => ({ label: corpus.corpus, values: methods.map((m) => pct(corpus.recall[m]['1024'] ?? 0)) })),
      min: 0,
      max: 100,
      unit: ' %',
    }),
  );
  const ms = (x: number): number => Math.round(x * 100) / 100;
  const t = c.twoThousandFiles;
  return [
    '## Repository context — `npm run bench -- context`',
    '',
    'A line that calls something defined in another file is masked in a random function of the Go standard library and of rxjs; the figure is the share of ' +
      'those definitions present in the packed repository context, against the current file alone and BM25 alone. ' +
      `Run of ${c.machine.date} on ${c.machine.cpuCount} × ${c.machine.cpuModel}, node ${c.machine.node}: ${c.seconds} s. Figures from a busy machine have inflated tails.`,
    '',
    targetsTable(c.targets),
    '',
    '![Recall at 1,024 tokens](report/context-recall.svg)',
    '',
    mdTable(
      ['corpus', 'method', ...budgets.map((b) => `recall@${b} %`)],
      c.corpora.flatMap((corpus) => methods.map((m) => [corpus.corpus, m, ...budgets.map((b) => pct(corpus.recall[m][b] ?? 0))])),
    ),
    '',
    mdTable(
      [
        'corpus',
        'files',
        'declarations',
        'index s',
        'heap MB',
        'gather p50 ms',
        'gather p99 ms',
        'fresh process gather p99 ms',
        'same function p99 ms',
        'update p50 ms',
        'update p99 ms',
      ],
      c.corpora.map((corpus) => [
        corpus.corpus,
        corpus.files,
        corpus.declarations,
        ms(corpus.indexMs / 1000),
        Math.round(corpus.heapMB),
        ms(corpus.gatherMs.p50),
        ms(corpus.gatherMs.p99),
        corpus.freshProcessGatherMs ? ms(corpus.freshProcessGatherMs.p99) : '-',
        ms(corpus.sameFunctionMs.p99),
        ms(corpus.updateMs.p50),
        ms(corpus.updateMs.p99),
      ]),
    ),
    '',
    `A ${t.files}-file repository (the first 2,000 Go files listed) indexed in ${ms(t.coldMs / 1000)} s, and in ${ms(t.fromCacheMs / 1000)} s from the on-disk cache.`,
    '',
  ];
}

function peersSection(p: PeersJson): string[] {
  const ms = (x: number | undefined): number | string => (x === undefined || !Number.isFinite(x) ? '-' : Math.round(x * 100) / 100);
  return [
    '## Beside tabby-agent — `npm run bench -- peers`',
    '',
    `Ghostline (completion items and inline completions) and tabby-agent ${p.settings.tabbyAgent} in one run, on the same generated 5,000-line files, each against a scripted model answering in 150 ms. ` +
      `Run of ${p.machine.date} on ${p.machine.cpuCount} × ${p.machine.cpuModel}, node ${p.machine.node}, load ${p.machine.loadAverage1m} at the start: ${p.seconds} s. Figures from a busy machine have inflated tails.`,
    '',
    targetsTable(p.targets),
    '',
    mdTable(
      [
        'file',
        'server',
        'debounce',
        'overhead p50',
        'overhead p99',
        'didChange+hover p50',
        'p99',
        'keystroke → suggestion p50',
        'loop max',
        'LSP / model req / closed',
        'RSS trend MB',
      ],
      p.configs.map((c) => [
        c.language,
        c.kind,
        c.debounce,
        ms(c.overhead?.overheadMs.p50),
        ms(c.overhead?.overheadMs.p99),
        ms(c.didChange?.changeThenHoverMs.p50),
        ms(c.didChange?.changeThenHoverMs.p99),
        ms(c.replays.lastKeyToSuggestionMs.p50),
        ms(c.replays.eventLoopMaxMs),
        `${c.replays.requestsSent} / ${c.replays.modelRequestsStarted} / ${c.replays.modelRequestsAborted}`,
        ms(c.memory?.rssTrendMB),
      ]),
    ),
    '',
  ];
}

/** A part's targets as a table: what was wanted, what was measured, met or missed. */
function targetsTable(targets: readonly Check[]): string {
  return mdTable(
    ['target', 'wanted', 'measured', ''],
    targets.map((t) => [t.name, t.target, `${t.measured}${t.unit ? ` ${t.unit}` : ''}`, t.met ? 'met' : '**missed**']),
  );
}

function mdTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cell = (v: string | number): string => String(v).replace(/\|/g, '\\|');
  const align = headers.map((_, i) => (rows.length > 0 && rows.every((r) => typeof r[i] === 'number') ? '---:' : '---'));
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\n/g, '⏎').replace(/\t/g, '→').replace(/`/g, "'");
  return flat.length > 90 ? `${flat.slice(0, 90)}…` : flat;
}

async function readJson<T>(name: string): Promise<T | undefined> {
  const file = `${RESULTS_DIR}${name}`;
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as T;
}
