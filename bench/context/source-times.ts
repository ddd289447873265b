/**
 * `node dist/bench/context/source-times.js [corpus or language]`: CPU time of each step of the
 * gather (focus, import scope, each source, packing) per masked line of the context benchmark, mean
 * and p99, and the slowest lines. CPU time, so a busy machine does not inflate it as it does wall time.
 * `SOURCE_TIMES_WARM=n` first gathers at n lines of another draw (each file restored after): the
 * process is then as warm as a server some minutes into a session, whose p99 a fresh process overstates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, type Corpus } from './draws.js';

/** CPU milliseconds `f` took (user and system). */
const cpu = (f: () => unknown): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** A seed no reported draw uses, for the warm-up lines. */
const WARM_SEED = 4242;

/** Runs every source at each line of another draw, restoring each file, so the timed lines meet a warm process. */
function warmUp(corpus: Corpus, count: number): void {
  for (const sample of drawSamples(corpus, WARM_SEED, count)) {
    const original = readFileSync(join(corpus.root, sample.file), 'utf8');
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    const focus = focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId });
    const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope: importScope(corpus.index, sample.file) };
    packCandidates(
      SOURCES.flatMap((source) => source(input)),
      1024,
    );
    corpus.index.update(sample.file, original);
  }
}

async function main(name: CorpusName): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  warmUp(corpus, Number(process.env.SOURCE_TIMES_WARM ?? 0));
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const rows: Array<{ total: number; parts: number[]; counts: number[]; where: string }> = [];
  for (const sample of samples) {
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    const tree = corpus.language.parser.parse(sample.text);
    const parts: number[] = [];
    const counts: number[] = [];
    let focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId });
    parts.push(cpu(() => (focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId }))));
    let scope = importScope(corpus.index, sample.file);
    parts.push(cpu(() => (scope = importScope(corpus.index, sample.file))));
    const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope };
    const all: Candidate[] = [];
    for (const source of SOURCES) {
      let got: ReturnType<typeof source> = [];
      parts.push(cpu(() => (got = source(input))));
      counts.push(got.length);
      all.push(...got);
    }
    parts.push(cpu(() => packCandidates(all, 1024)));
    rows.push({ total: parts.reduce((a, b) => a + b, 0), parts, counts, where: `${sample.file}@${sample.offset}` });
  }
  const names = ['focus', 'scope', 'definitions', 'calls', 'imports', 'package', 'lexical', 'pack'];
  const sums = names.map((_, i) => rows.reduce((s, r) => s + r.parts[i]!, 0) / rows.length);
  process.stdout.write(`mean CPU ms: ${names.map((n, i) => `${n} ${sums[i]!.toFixed(2)}`).join(', ')}\n`);
  const at = (q: number, i: number) => {
    const sorted = rows.map((r) => r.parts[i]!).sort((a, b) => a - b);
    return sorted[Math.ceil(q * rows.length) - 1]!.toFixed(2);
  };
  process.stdout.write(`p50 CPU ms: ${names.map((n, i) => `${n} ${at(0.5, i)}`).join(', ')}\n`);
  process.stdout.write(`p99 CPU ms: ${names.map((n, i) => `${n} ${at(0.99, i)}`).join(', ')}\n`);
  for (const r of rows.sort((a, b) => b.total - a.total).slice(0, 10))
    process.stdout.write(`${r.total.toFixed(1)} ${r.where}: ${r.parts.map((p) => p.toFixed(1)).join(' ')} | candidates ${r.counts.join(' ')}\n`);
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name);
