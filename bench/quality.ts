import { writeFile } from 'node:fs/promises';
import { withServer } from './harness.js';
import { BENCH_DIR, RESULTS_DIR } from './paths.js';
import { atMost, type BenchPart, type PartReport, type TargetCheck } from './part.js';
import { Random } from './random.js';
import { parserFor, prepareFiles, sampleCases, type PreparedFile, type QualityCase } from './quality/cases.js';
import { chooseFiles, selectCorpora, type CorpusName } from './quality/corpus.js';
import { driveCases, type CaseResult } from './quality/drive.js';
import { FULL_SPAN_MODES, REPLY_MODES } from './quality/replies.js';
import { writeSample } from './quality/sample.js';
import { measureStability, STABILITY_COLUMNS, stabilityRow, type StabilityResult } from './quality/stability.js';
import { SPAN_KINDS, type SpanKind } from './quality/spans.js';
import { failureExample, groupRates, isFullSpan, problemsOf, rates, type Rates } from './quality/summary.js';
import { pct } from './stats.js';
import { renderTable } from './table.js';

const SEED = 3;
/** Cursor positions per span kind and corpus; every one is asked once per reply mode. */
const PER_KIND = 250;
const TYPING_STATEMENTS = 12;
/** Files drawn per corpus, and their size range: small files hold few spans; huge ones make every parse slow. The small libraries are taken nearly whole. */
/** How many files of which sizes each corpus lends the quality part (also read by quality/diagnose.ts). */
export const SIZES: Record<CorpusName, { files: number; minBytes: number; maxBytes: number }> = {
  'go-stdlib': { files: 80, minBytes: 2_000, maxBytes: 40_000 },
  'urfave-cli': { files: 40, minBytes: 1_000, maxBytes: 60_000 },
  chi: { files: 60, minBytes: 1_000, maxBytes: 60_000 },
  prometheus: { files: 80, minBytes: 2_000, maxBytes: 60_000 },
  rxjs: { files: 140, minBytes: 1_000, maxBytes: 40_000 },
  'query-core': { files: 30, minBytes: 1_000, maxBytes: 60_000 },
  'python-stdlib': { files: 80, minBytes: 2_000, maxBytes: 40_000 },
  // Small libraries, taken whole (attr/_make.py is about 100 KB).
  'python-requests': { files: 40, minBytes: 1_000, maxBytes: 120_000 },
  'python-attr': { files: 40, minBytes: 1_000, maxBytes: 120_000 },
};
/** The fixed cases `npm test` runs (test/integration/quality-sample.test.ts), written with --write-sample. */
const SAMPLE_FILE = `${BENCH_DIR}../test/fixtures/quality-sample.json`;
const SAMPLE_SIZE = 30;
const TARGETS = { exact: 95, overlap: 0, syntaxBreaking: 1, prefixReuse: 90 };
/** Settings for the server: every request reaches the scripted model (no debounce, no cache). */
const COMPLETION = { debounceMs: 0, cacheSize: 0, timeoutMs: 30_000 };

interface CorpusRun {
  corpus: CorpusName;
  language: string;
  source: string;
  files: number;
  skippedFiles: string[];
  /** Spans of each kind found in the files, before sampling. */
  available: Record<SpanKind, number>;
  positions: number;
  cases: QualityCase[];
  results: CaseResult[];
  stability: StabilityResult;
}

/** Quality: how often the shown completion is exactly what the user was about to write, on real code. */
export const qualityPart: BenchPart = {
  name: 'quality',
  description:
    'completion cuts on the Go and Python standard libraries, three Go libraries, rxjs and query-core, per span kind and over-generation mode; prompt stability while typing',
  async run(print, flags) {
    const runs: CorpusRun[] = [];
    // `--corpus=chi` (a name, several separated by commas, or a language) runs only those: the whole part takes many minutes on a busy machine.
    const only = flags.find((flag) => flag.startsWith('--corpus='))?.slice('--corpus='.length);
    for (const spec of selectCorpora(only)) {
      const corpus = { ...spec, ...SIZES[spec.name] };
      const root = spec.root(print);
      const parser = parserFor(corpus.language);
      const chosen = chooseFiles({ corpus: corpus.name, root, count: corpus.files, seed: SEED, minBytes: corpus.minBytes, maxBytes: corpus.maxBytes });
      const { prepared, skipped } = prepareFiles(chosen, corpus.language, parser);
      const { cases, available } = sampleCases({ files: prepared, parser, perKind: PER_KIND, seed: SEED });
      const statements = typingStatements(prepared, parser);
      const results: CaseResult[] = [];
      const stability = await withServer({ latency: { ttftMs: 0, perTokenMs: 0 }, completion: COMPLETION }, async (server) => {
        await driveCases({ server, corpus: corpus.name, cases, parser, seed: SEED, onResult: (r) => results.push(r) });
        return measureStability({ server, corpus: corpus.name, statements });
      });
      const source = `${spec.source} (${root})`;
      runs.push({
        corpus: corpus.name,
        language: corpus.language,
        source,
        files: prepared.length,
        skippedFiles: skipped,
        available,
        positions: cases.length,
        cases,
        results,
        stability,
      });
      print(`   ${corpus.name}: ${prepared.length} files, ${cases.length} positions × ${REPLY_MODES.length} modes = ${results.length} completions`);
    }
    printTables(print, runs);
    await writeFailures(
      `${RESULTS_DIR}quality-failures.json`,
      runs.flatMap((run) => run.results),
    );
    if (flags.includes('--write-sample')) {
      const written = await withServer({ latency: { ttftMs: 0, perTokenMs: 0 }, completion: COMPLETION }, (server) =>
        writeSample({ server, file: SAMPLE_FILE, count: SAMPLE_SIZE, seed: SEED, runs }),
      );
      print(`   wrote ${written} cases to ${SAMPLE_FILE}`);
    }
    return report(runs);
  },
};

/** Single-line statements of 20–80 characters in different files, to retype inside their functions. */
function typingStatements(files: readonly PreparedFile[], parser: ReturnType<typeof parserFor>): QualityCase[] {
  const all = sampleCases({ files, parser, perKind: 1_000_000, seed: SEED + 1 }).cases.filter((c) => {
    const body = c.file.text.slice(c.span.start, c.span.end);
    return c.span.kind === 'statement' && !body.includes('\n') && body.length >= 20 && body.length <= 80;
  });
  const random = new Random(SEED + 2);
  const chosen: QualityCase[] = [];
  for (const c of random.sample(all, all.length)) {
    if (chosen.length < TYPING_STATEMENTS && !chosen.some((x) => x.file === c.file)) chosen.push(c);
  }
  return chosen;
}

function printTables(print: (text: string) => void, runs: readonly CorpusRun[]): void {
  const header = ['n', 'exact %', 'prefix-correct %', 'overlap %', 'syntax-breaking %', 'empty %', 'edit sim'];
  const cells = (r: Rates): number[] => [r.n, r.exact, r.prefixCorrect, r.overlap, r.syntaxBreaking, r.empty, r.editSimilarity];
  print('\n1. Per corpus: modes with the whole span in the reply | all modes');
  print(
    renderTable(
      ['corpus', 'modes', ...header],
      runs.flatMap((run) => [
        [run.corpus, 'span in full', ...cells(rates(run.results.filter(isFullSpan)))],
        [run.corpus, 'all', ...cells(rates(run.results))],
      ]),
    ),
  );
  print('\n2. Per over-generation mode');
  print(
    renderTable(
      ['corpus', 'mode', ...header],
      runs.flatMap((run) => groupRates(run.results, (r) => r.mode, REPLY_MODES).map((g) => [run.corpus, g.key, ...cells(g)])),
    ),
  );
  print('\n3. Per span kind (modes with the whole span)');
  print(
    renderTable(
      ['corpus', 'kind', ...header],
      runs.flatMap((run) => groupRates(run.results.filter(isFullSpan), (r) => r.kind, SPAN_KINDS).map((g) => [run.corpus, g.key, ...cells(g)])),
    ),
  );
  print('\n4. Prompt stability while retyping a statement inside a function (one keystroke per character)');
  print(
    renderTable(
      STABILITY_COLUMNS,
      runs.map((run) => stabilityRow(run.stability)),
    ),
  );
}

function report(runs: readonly CorpusRun[]): PartReport {
  const targets: TargetCheck[] = [];
  const sanity: TargetCheck[] = [];
  for (const run of runs) {
    const full = rates(run.results.filter(isFullSpan));
    const all = rates(run.results);
    targets.push({ name: `exact recovery, span in full, ${run.corpus}`, target: `≥ ${TARGETS.exact} %`, measured: full.exact, unit: '%', met: full.exact >= TARGETS.exact });
    targets.push(atMost({ name: `overlap, all modes, ${run.corpus}`, measured: all.overlap, limit: TARGETS.overlap, unit: '%' }));
    targets.push(atMost({ name: `syntax-breaking, all modes, ${run.corpus}`, measured: all.syntaxBreaking, limit: TARGETS.syntaxBreaking, unit: '%' }));
    const reuse = pct(run.stability.prefixReuse);
    targets.push({ name: `prompt prefix reuse while typing, ${run.corpus}`, target: `≥ ${TARGETS.prefixReuse} %`, measured: reuse, unit: '%', met: reuse >= TARGETS.prefixReuse });
    sanity.push(atMost({ name: `completions without exactly one model request, ${run.corpus}`, measured: run.results.filter((r) => r.modelRequests !== 1).length, limit: 0 }));
    sanity.push(
      atMost({ name: `prompts not ending their prefix with the text before the cursor, ${run.corpus}`, measured: run.results.filter((r) => !r.promptMatched).length, limit: 0 }),
    );
    const wanted = SPAN_KINDS.reduce((n, kind) => n + Math.min(PER_KIND, run.available[kind]), 0);
    sanity.push({
      name: `cursor positions sampled (${PER_KIND} per kind, or all there are), ${run.corpus}`,
      target: `= ${wanted}`,
      measured: run.positions,
      unit: '',
      met: run.positions === wanted,
    });
  }
  return {
    results: {
      settings: {
        seed: SEED,
        perKind: PER_KIND,
        spanKinds: SPAN_KINDS,
        modes: REPLY_MODES,
        fullSpanModes: FULL_SPAN_MODES,
        typingStatements: TYPING_STATEMENTS,
        completion: COMPLETION,
        corpora: selectCorpora(undefined).map(({ name, language, label, source }) => ({ name, language, label, source, ...SIZES[name] })),
      },
      definitions: DEFINITIONS,
      corpora: runs.map((run) => ({
        corpus: run.corpus,
        language: run.language,
        source: run.source,
        files: run.files,
        skippedFiles: run.skippedFiles,
        spansAvailable: run.available,
        positions: run.positions,
        completions: run.results.length,
        spanInFull: rates(run.results.filter(isFullSpan)),
        all: rates(run.results),
        byMode: groupRates(run.results, (r) => r.mode, REPLY_MODES),
        byKind: groupRates(run.results.filter(isFullSpan), (r) => r.kind, SPAN_KINDS),
        byKindAndMode: groupRates(run.results, (r) => `${r.kind} / ${r.mode}`),
        byShape: groupRates(run.results.filter(isFullSpan), (r) => r.shape),
        byVariant: groupRates(run.results, (r) => `${r.mode} / ${r.variant}`),
        failureClasses: groupRates(
          run.results.filter((r) => !r.score.exact && isFullSpan(r)),
          (r) => problemsOf(r).join(' + '),
        ).map((g) => ({ problems: g.key, n: g.n })),
        examples: examples(run.results),
        stability: run.stability,
      })),
    },
    targets,
    sanity,
  };
}

/** A few failures per mode and kind, for a reader to see what went wrong. */
function examples(results: readonly CaseResult[]): ReturnType<typeof failureExample>[] {
  const seen = new Map<string, number>();
  const picked: ReturnType<typeof failureExample>[] = [];
  for (const r of results) {
    if (r.score.exact) continue;
    const key = `${r.mode}/${r.kind}`;
    const count = seen.get(key) ?? 0;
    if (count >= 2) continue;
    seen.set(key, count + 1);
    picked.push(failureExample(r));
  }
  return picked;
}

/** Every failure of the last run, for whoever improves the filters (bench/results/ is not committed). */
async function writeFailures(file: string, results: readonly CaseResult[]): Promise<void> {
  await writeFile(file, `${JSON.stringify(results.filter((r) => !r.score.exact).map(failureExample), null, 1)}\n`);
}

const DEFINITIONS = {
  exact: 'the shown text equals the span (or, for a truncated reply, all of what arrived), trailing whitespace aside',
  prefixCorrect: 'a non-empty proper beginning of the expected text: correct but cut too early',
  overlap: 'the shown text ends with more of the code after the cursor (whitespace ignored) than the expected text does',
  syntaxBreaking: 'the file with the shown text inserted has more tree-sitter ERROR/MISSING nodes than the original file (which has none)',
  empty: 'nothing shown',
  editSimilarity: 'CrossCodeEval edit similarity: 1 − Levenshtein(shown, expected) / longer length, averaged',
  prefixReuse: 'Σ longest common prefix of consecutive prompts / Σ length of the later prompt: what a prefix KV cache reuses',
  unchangedBytes: 'Σ (common prefix + common suffix) / Σ length of the later prompt: bytes a diff finds unchanged',
};
