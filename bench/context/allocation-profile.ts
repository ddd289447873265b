/**
 * `node --expose-gc --max-semi-space-size=64 dist/bench/context/allocation-profile.js [corpus] [source]`: CPU
 * milliseconds and bytes allocated per masked line by one source of the gather (0 = definitions, the first of
 * SOURCES), p50, p99 and mean over source-times' sequence (SOURCE_TIMES_WARM warm-up lines first). Before each
 * line the young generation is collected, and a young generation large enough that no collection falls inside
 * the source leaves the heap's growth across it as exactly what it allocated (a line where one fell is counted
 * apart). The CPU figure then leaves out the collections the source's garbage brings on later: see the bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GCProfiler } from 'node:v8';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_SEED, type Corpus } from './draws.js';

type Sample = ReturnType<typeof drawSamples>[number];

const collect = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

/** Every source at one line, the one at `measured` measured: CPU ms and bytes, undefined bytes when a collection fell inside it. */
function replay(corpus: Corpus, sample: Sample, measured: number): { cpuMs: number; bytes: number | undefined } {
  corpus.index.update(sample.file, sample.text);
  warmRankingsFor(corpus.index, sample.file, sample.text);
  const focus = focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId });
  const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope: importScope(corpus.index, sample.file) };
  const all: Candidate[] = [];
  let cpuMs = 0;
  let bytes: number | undefined;
  SOURCES.forEach((source, i) => {
    if (i !== measured) return void all.push(...source(input));
    collect?.({ type: 'minor' });
    const collections = new GCProfiler();
    collections.start();
    const heap0 = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    all.push(...source(input));
    const c = process.cpuUsage(c0);
    const grown = process.memoryUsage().heapUsed - heap0;
    const inside = collections.stop().statistics.length;
    cpuMs = (c.user + c.system) / 1000;
    // A collection inside makes the growth less than what was allocated (or negative).
    bytes = inside === 0 ? grown : undefined;
  });
  packCandidates(all, 1024);
  return { cpuMs, bytes };
}

/** p50, p99 and mean of a list, formatted with `digits`. */
function figures(values: number[], digits: number, unit: string): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `p50 ${at(0.5).toFixed(digits)} ${unit}, p99 ${at(0.99).toFixed(digits)} ${unit}, mean ${mean.toFixed(digits)} ${unit}`;
}

async function main(name: CorpusName, measured: number): Promise<void> {
  if (!collect) throw new Error('run with --expose-gc (and --max-semi-space-size=64)');
  const corpus = await openCorpus(name, () => {});
  const restoring = (sample: Sample, run: () => void) => {
    const original = readFileSync(join(corpus.root, sample.file), 'utf8');
    run();
    corpus.index.update(sample.file, original);
  };
  for (const sample of drawSamples(corpus, WARM_SEED, Number(process.env.SOURCE_TIMES_WARM ?? 0))) restoring(sample, () => replay(corpus, sample, measured));
  const cpu: number[] = [];
  const bytes: number[] = [];
  let spoilt = 0;
  for (const sample of drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS)) {
    const line = replay(corpus, sample, measured);
    cpu.push(line.cpuMs);
    if (line.bytes === undefined) spoilt++;
    else bytes.push(line.bytes);
  }
  process.stdout.write(`${name} source ${measured}: ${cpu.length} lines\n  CPU ${figures(cpu, 2, 'ms')}\n`);
  process.stdout.write(
    `  allocated ${figures(
      bytes.map((b) => b / 1024),
      0,
      'KB',
    )} (${spoilt} lines with a collection inside left out)\n`,
  );
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name, Number(process.argv[3] ?? 0));
