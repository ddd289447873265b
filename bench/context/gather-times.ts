/**
 * `node --cpu-prof dist/bench/context/gather-times.js [corpus or language]`: the gather of the
 * context benchmark alone, for profiling: each masked line's first gather, timed, with the slowest
 * listed, the first request after indexing, and the lines a fresh provider under the default cap
 * sent no context for (the context part's "first request misses"). BENCH_SEED as in the benchmark.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { RepositoryContextProvider } from '../../server/context/retrieval/repository-context.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS } from './draws.js';

async function main(name: CorpusName): Promise<void> {
  const corpus = await openCorpus(name, log);
  const seed = process.env.BENCH_SEED ? Number(process.env.BENCH_SEED) : REPORTED_SEEDS[corpus.languageId];
  const samples = drawSamples(corpus, seed, SAMPLES_PER_CORPUS);
  const settings = defaultSettings();
  settings.context.gatherTimeoutMs = 1000;
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => settings.completion.maxFileBytes });
  const times: Array<{ ms: number; cpuMs: number; where: string }> = [];
  let emptyUnderCap = 0;
  for (const sample of samples) {
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    const uri = pathToFileURL(join(corpus.root, sample.file)).toString();
    // The engine reads the tree (its syntax checks) before it gathers; the parse is not the gather's.
    void documents.open(uri, sample.languageId, 1, sample.text).tree;
    const provider = new RepositoryContextProvider({ indexes: () => [corpus.index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
    const request = { uri, text: sample.text, offset: sample.offset, languageId: sample.languageId, budgetTokens: 1024, signal: new AbortController().signal };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const uncapped = provider.gatherNow(request);
    const cpu = process.cpuUsage(cpu0);
    times.push({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, where: `${sample.file}@${sample.offset}` });
    // As the context part counts them: a fresh provider under the default cap that sends nothing where the uncapped gather had something.
    const capped = new RepositoryContextProvider({ indexes: () => [corpus.index], documents, recent: new RecentRegions(), settings: defaultSettings, logger: silentLogger });
    if ((uncapped?.snippets.length ?? 0) > 0 && (capped.gatherNow(request)?.snippets.length ?? 0) === 0) emptyUnderCap++;
    documents.close(uri);
  }
  const sorted = [...times].sort((a, b) => a.ms - b.ms);
  const cpuSorted = times.map((time) => time.cpuMs).sort((a, b) => a - b);
  const rank = (p: number) => Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  log(`${times.length} gathers: wall p50 ${sorted[rank(50)]?.ms.toFixed(2)} ms, p99 ${sorted[rank(99)]?.ms.toFixed(2)} ms; first ${times[0]?.ms.toFixed(2)} ms`);
  log(`  CPU time p50 ${cpuSorted[rank(50)]?.toFixed(2)} ms, p99 ${cpuSorted[rank(99)]?.toFixed(2)} ms (the machine's load does not inflate it)`);
  log(`  first requests with no context under the default ${defaultSettings().context.gatherTimeoutMs} ms cap: ${emptyUnderCap}`);
  for (const { ms, cpuMs, where } of sorted.slice(-8).reverse()) log(`  ${ms.toFixed(2)} ms (CPU ${cpuMs.toFixed(2)}) ${where}`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name);
