/**
 * `node dist/bench/context/gather-turns.js [corpus or language]`: how long the gather holds the event loop
 * in one turn, per masked line of the context benchmark (its first gather on the revision, warm index).
 * CPU time, so a busy machine does not inflate it. By default the turns of `gather()` as it runs now, a turn
 * ending at the first step after 2 ms of CPU, and a check, line by line, that it packs what gatherNow packs.
 * With `--whole`, the turns the gather took when it yielded only between sources (session 8: focus, scope and
 * the definitions in one turn, then each source, the last with packing), timed on the same first gathers.
 */
import { join } from 'node:path';
import type Parser from 'tree-sitter';
import type { ContextRequest } from '../../server/core/context-provider.js';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { RepositoryContextProvider, SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { STEP_SLICE_MS, type SliceOptions } from '../../server/util/steps.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS } from './draws.js';

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** CPU milliseconds `f` took. */
const cpu = (f: () => unknown): number => {
  const c0 = cpuMs();
  f();
  return cpuMs() - c0;
};

/** Steps' CPU times grouped into turns as gather() groups them: a turn ends at the first step boundary past the slice. */
function turnsOf(steps: readonly number[]): number[] {
  const turns: number[] = [];
  let turn = 0;
  for (const step of steps) {
    turn += step;
    if (turn < STEP_SLICE_MS) continue;
    turns.push(turn);
    turn = 0;
  }
  if (turn > 0) turns.push(turn);
  return turns;
}

interface Row {
  where: string;
  longestTurn: number;
  longestStep: number;
  steps: number;
}

type Sample = ReturnType<typeof drawSamples>[number];
type Opened = Awaited<ReturnType<typeof openCorpus>>;

/** The sliced gather's turns, each step timed alone by a CPU clock that pauses at every step boundary. */
async function slicedTurns(corpus: Opened, sample: Sample, context: { documents: DocumentStore; request: ContextRequest }): Promise<Row & { same: boolean }> {
  const settings = slowless();
  const marks: number[] = [];
  const provider = (slices?: SliceOptions) =>
    new RepositoryContextProvider({
      indexes: () => [corpus.index],
      documents: context.documents,
      recent: new RecentRegions(),
      settings: () => settings,
      logger: silentLogger,
      slices,
    });
  const sliced = await provider({ sliceMs: 0, now: () => (marks.push(cpuMs()), marks.at(-1)!) }).gather(context.request);
  marks.push(cpuMs());
  // Marks: the start; after each step but the last, its end and the start of the next; then the end.
  const steps: number[] = [];
  for (let i = 0; i + 1 < marks.length; i += 2) steps.push(marks[i + 1]! - marks[i]!);
  const same = JSON.stringify(provider().gatherNow(context.request)) === JSON.stringify(sliced);
  return { where: `${sample.file}@${sample.offset}`, longestTurn: Math.max(...turnsOf(steps)), longestStep: Math.max(...steps), steps: steps.length, same };
}

/** The same gather's work timed source by source, as the turns were when only sources were steps. */
function wholeTurns(corpus: Opened, sample: Sample, tree: Parser.Tree | undefined): Row {
  const parts: number[] = [];
  let focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId });
  const head = cpu(() => (focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId })));
  let scope = importScope(corpus.index, sample.file);
  const scoping = cpu(() => (scope = importScope(corpus.index, sample.file)));
  const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope };
  const all: Candidate[] = [];
  for (const source of SOURCES) parts.push(cpu(() => all.push(...source(input))));
  parts[0]! += head + scoping;
  parts[parts.length - 1]! += cpu(() => packCandidates(all, 1024));
  return { where: `${sample.file}@${sample.offset}`, longestTurn: Math.max(...parts), longestStep: Math.max(...parts), steps: parts.length };
}

/** Default settings with no time cap (a cold gather must not skip sources). */
function slowless() {
  const settings = defaultSettings();
  settings.context.gatherTimeoutMs = 1_000_000;
  return settings;
}

async function main(name: CorpusName, whole: boolean): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => slowless().completion.maxFileBytes });
  const rows: Row[] = [];
  let differ = 0;
  for (const sample of samples) {
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    const uri = pathToFileURL(join(corpus.root, sample.file)).toString();
    const tree = documents.open(uri, sample.languageId, 1, sample.text).tree;
    const request = { uri, text: sample.text, offset: sample.offset, languageId: sample.languageId, budgetTokens: 1024, signal: new AbortController().signal };
    if (whole) {
      rows.push(wholeTurns(corpus, sample, tree));
    } else {
      const row = await slicedTurns(corpus, sample, { documents, request });
      if (!row.same) differ++;
      rows.push(row);
    }
    documents.close(uri);
  }
  const at = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2);
  };
  const figure = (pick: (row: Row) => number) => `p50 ${at(rows.map(pick), 50)} / p99 ${at(rows.map(pick), 99)} / max ${at(rows.map(pick), 100)} ms`;
  const mode = whole ? 'each source whole' : `sliced (${STEP_SLICE_MS} ms)`;
  log(
    `${name}: ${rows.length} gathers, ${mode}; longest turn (CPU) ${figure((r) => r.longestTurn)}; steps per gather p50 ${at(
      rows.map((r) => r.steps),
      50,
    )}`,
  );
  if (!whole) log(`  longest single step ${figure((r) => r.longestStep)}; sliced ≠ gatherNow on ${differ} lines`);
  for (const row of rows.sort((a, b) => b.longestTurn - a.longestTurn).slice(0, 6))
    log(`  ${row.longestTurn.toFixed(1)} ms (longest step ${row.longestStep.toFixed(1)}, ${row.steps} steps) ${row.where}`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

for (const { name } of selectCorpora(process.argv[2] ?? 'go-stdlib')) await main(name, process.argv.includes('--whole'));
