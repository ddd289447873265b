/**
 * `node --max-semi-space-size=64 dist/bench/context/pack-times.js [corpus] [repeats]`: packing alone, on the
 * candidates source-times' sequence gives it at each masked line (gathered once, held), so two builds of packing
 * compare without the sources' noise: CPU microseconds per line (the least of `repeats` runs, 5 by default: what
 * packing itself costs, without the collections other steps' garbage brings into it) and bytes allocated per
 * line (the heap's growth over one run; a run a collection fell in is left out, hence the large young generation).
 */
import { getHeapStatistics } from 'node:v8';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS } from './draws.js';

/** CPU microseconds `f` took (user and system). */
function cpu(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

const heapUsed = () => getHeapStatistics().used_heap_size;

/** The value at quantile `q` of `values`. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

async function main(name: CorpusName, repeats: number): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const lines: Array<{ where: string; candidates: Candidate[] }> = [];
  for (const sample of drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS)) {
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    const focus = focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId });
    const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope: importScope(corpus.index, sample.file) };
    lines.push({ where: `${sample.file}@${sample.offset}`, candidates: SOURCES.flatMap((source) => source(input)) });
  }
  // One pass first, so every line meets optimized code.
  for (const line of lines) packCandidates(line.candidates, 1024);
  const micros = lines.map(() => Infinity);
  for (let run = 0; run < repeats; run++)
    lines.forEach(
      (line, i) =>
        (micros[i] = Math.min(
          micros[i]!,
          cpu(() => packCandidates(line.candidates, 1024)),
        )),
    );
  const bytes: number[] = [];
  for (const line of lines) {
    const before = heapUsed();
    packCandidates(line.candidates, 1024);
    const grown = heapUsed() - before;
    if (grown >= 0) bytes.push(grown);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  process.stdout.write(`${name}: ${lines.length} lines\n`);
  process.stdout.write(
    `pack CPU µs: mean ${mean(micros).toFixed(0)}, p50 ${quantile(micros, 0.5).toFixed(0)}, p90 ${quantile(micros, 0.9).toFixed(0)}, p99 ${quantile(micros, 0.99).toFixed(0)}, max ${Math.max(...micros).toFixed(0)}\n`,
  );
  process.stdout.write(
    `pack KB allocated: mean ${(mean(bytes) / 1024).toFixed(1)}, p50 ${(quantile(bytes, 0.5) / 1024).toFixed(1)}, p99 ${(quantile(bytes, 0.99) / 1024).toFixed(1)} (${bytes.length} lines without a collection)\n`,
  );
  const slowest = lines.map((line, i) => ({ where: line.where, us: micros[i]!, count: line.candidates.length })).sort((a, b) => b.us - a.us);
  for (const line of slowest.slice(0, 5)) process.stdout.write(`${line.us.toFixed(0)} µs ${line.where} (${line.count} candidates)\n`);
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name, Number(process.argv[3] ?? 5));
