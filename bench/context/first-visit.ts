/**
 * `node dist/bench/context/first-visit.js [corpus or language]`: per masked line of the context benchmark, the CPU
 * time of the re-rank turn after the update (warmRankingsFor), of the definitions source's first gather on that
 * revision, and of a second one right after with a fresh focus: what the first costs more is what it works out on its
 * first visit (types, method rankings, keys) and what the re-rank turn could have worked out instead. Mean, p50, p90
 * and p99 of each.
 */
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import type { SourceInput } from '../../server/context/retrieval/sources/types.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, type Corpus } from './draws.js';

/** CPU milliseconds `f` took (user and system). */
function cpu(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Mean and percentiles of a list of times. */
function summary(label: string, times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  return `${label} mean ${mean.toFixed(2)} p50 ${at(50)} p90 ${at(90)} p99 ${at(99)} ms`;
}

async function main(name: CorpusName): Promise<void> {
  const corpus: Corpus = await openCorpus(name, () => {});
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const rerank: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (const sample of samples) {
    corpus.index.update(sample.file, sample.text);
    rerank.push(cpu(() => warmRankingsFor(corpus.index, sample.file, sample.text)));
    // A fresh focus and scope each time, as a fresh provider makes: only what is kept across gathers is shared.
    const input = (): SourceInput => ({
      index: corpus.index,
      file: sample.file,
      languageId: sample.languageId,
      focus: focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId }),
      scope: importScope(corpus.index, sample.file),
    });
    const once = input();
    first.push(cpu(() => definitionCandidates(once)));
    const twice = input();
    second.push(cpu(() => definitionCandidates(twice)));
  }
  process.stdout.write(
    `${name}: ${samples.length} lines, CPU\n  ${summary('re-rank turn', rerank)}\n  ${summary('definitions, first gather', first)}\n  ${summary('definitions, second gather', second)}\n`,
  );
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name);
