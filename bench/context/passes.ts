/**
 * `node --expose-gc dist/bench/context/passes.js [corpus] [passes] [--warm=N]`: the context part's timed gather (the masked file
 * in the index, the re-rank turn, a fresh provider at 1,024 tokens, the file restored after) run over the same draw
 * of lines several times in one process, after N gathers at lines of another draw (none by default). A figure that falls from one pass to
 * the next was the code's first runs (V8 compiling and optimising what the gather calls, caches filling), not the
 * lines; one that stays is the lines'. The slowest lines with
 * their place in the pass, so a run of neighbours (a collection, a cache starting over) shows apart from one line.
 * Wall time as the context part reports it, and CPU (every thread's: V8's background threads count too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { RepositoryContextProvider } from '../../server/context/retrieval/repository-context.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { collectYoungWhileIdle } from '../../server/util/young-generation.js';
import { defaultSettings } from '../../server/config/settings.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_SEED, type Corpus } from './draws.js';

type Sample = ReturnType<typeof drawSamples>[number];

/** One line's gather as the context part times it: wall and CPU milliseconds. */
function timedGather(corpus: Corpus, documents: DocumentStore, sample: Sample): { wall: number; cpu: number } {
  const { index, root } = corpus;
  const settings = defaultSettings();
  const original = readFileSync(join(root, sample.file), 'utf8');
  index.update(sample.file, sample.text);
  warmRankingsFor(index, sample.file);
  collectYoungWhileIdle();
  const uri = pathToFileURL(join(root, sample.file)).toString();
  void documents.open(uri, sample.languageId, 1, sample.text).tree;
  const provider = new RepositoryContextProvider({ indexes: () => [index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  provider.gatherNow({ uri, text: sample.text, offset: sample.offset, languageId: sample.languageId, budgetTokens: 1024, signal: new AbortController().signal });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  documents.close(uri);
  index.update(sample.file, original);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const at = (sorted: readonly number[], q: number): string => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!.toFixed(2);

async function main(name: CorpusName, passes: number, warm: number): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const settings = defaultSettings();
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => settings.completion.maxFileBytes });
  // `--warm=N`: first N gathers at lines of another draw (the context part's warm-up draw, 200 there), none timed.
  for (const sample of drawSamples(corpus, WARM_SEED, warm)) timedGather(corpus, documents, sample);
  process.stdout.write(`${name}: ${samples.length} lines a pass, after ${warm} gathers elsewhere; gather ms\n`);
  for (let pass = 1; pass <= passes; pass++) {
    const times = samples.map((sample) => timedGather(corpus, documents, sample));
    const walls = times.map((t) => t.wall);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const wall = sorted(walls);
    const cpu = sorted(times.map((t) => t.cpu));
    const slowest = walls
      .map((ms, place) => ({ ms, place }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6)
      .map(({ ms, place }) => `${ms.toFixed(1)} (line ${place} ${samples[place]!.file})`);
    process.stdout.write(
      `  pass ${pass}: wall p50 ${at(wall, 0.5)}, p90 ${at(wall, 0.9)}, p99 ${at(wall, 0.99)}; CPU p50 ${at(cpu, 0.5)}, p99 ${at(cpu, 0.99)}; slowest (wall) ${slowest.join(', ')}\n`,
    );
  }
}

const [corpora, passCount] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const warmArg = process.argv.find((arg) => arg.startsWith('--warm='));
for (const { name } of selectCorpora(corpora ?? 'urfave-cli')) await main(name, Number(passCount ?? 3), Number(warmArg?.slice('--warm='.length) ?? 0));
