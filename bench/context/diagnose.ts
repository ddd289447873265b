/**
 * `node dist/bench/context/diagnose.js [corpus name] [budget]`: why the recall benchmark misses
 * what it misses. For each target absent from the packed prompt: the sources that proposed it
 * with their scores, its place in the packing order and its length; then, per source, how many
 * of its candidates were needed, and what the packed prompts are made of. BENCH_SEED as in the
 * benchmark.
 */
import { lineOf } from '../../server/context/retrieval/focus.js';
import { estimateTokens } from '../../server/core/tokens.js';
import { packCandidates, rankCandidates } from '../../server/context/retrieval/packing.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, withSourceCandidates } from './draws.js';
import { targetPresent } from './samples.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { RecallTally } from './tally.js';
import { METHOD_CLASSES } from './target.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';

async function main(name: CorpusName, budget: number): Promise<void> {
  const corpus = await openCorpus(name, log);
  const seed = process.env.BENCH_SEED ? Number(process.env.BENCH_SEED) : REPORTED_SEEDS[corpus.languageId];
  const samples = drawSamples(corpus, seed, SAMPLES_PER_CORPUS);
  let targets = 0;
  let found = 0;
  const tally = new RecallTally();
  const bySource = new Map<string, { proposed: number; needed: number }>();
  const prompt = { files: 0, labels: 0, content: 0 };
  withSourceCandidates(corpus, samples, (sample, candidates, focus) => {
    for (const candidate of candidates) {
      const stats = bySource.get(candidate.source) ?? { proposed: 0, needed: 0 };
      stats.proposed++;
      if (sample.targets.some((target) => targetPresent(target, [candidate]))) stats.needed++;
      bySource.set(candidate.source, stats);
    }
    const packed = packCandidates(candidates, budget);
    for (const snippet of packed) {
      prompt.files++;
      prompt.labels += estimateTokens(snippet.path);
      prompt.content += estimateTokens(snippet.content);
    }
    const ranked = rankCandidates(candidates, budget);
    if (showAt.has(`${sample.file}:${lineOf(sample.text, sample.offset) + 1}`)) {
      log(`at ${sample.file}:${lineOf(sample.text, sample.offset) + 1}`);
      showRanking(ranked, packed.length, budget);
      if (process.env.DIAG_PROMPT) for (const snippet of packed) log(`--- ${snippet.path}\n${snippet.content}`);
    }
    tally.addTargets(sample.targets);
    tally.record('ghostline', budget, sample.targets, (target) => targetPresent(target, packed));
    for (const target of sample.targets) {
      targets++;
      if (targetPresent(target, packed)) {
        found++;
        continue;
      }
      const rank = ranked.findIndex((candidate) => targetPresent(target, [candidate]));
      const by = candidates.filter((candidate) => targetPresent(target, [candidate])).map((c) => `${c.source} ${c.score.toFixed(2)}`);
      const where =
        rank < 0
          ? 'proposed by no source'
          : `rank ${rank} of ${ranked.length}, ${estimateTokens(ranked[rank]!.content)} tokens, combined ${ranked[rank]!.score.toFixed(3)}, from ${by.join(', ')}`;
      log(
        `miss ${target.kind} ${target.dir ?? target.file ?? (target.dirs ?? target.files)?.join('|')}.${target.name} at ${sample.file}:${lineOf(sample.text, sample.offset) + 1}: ${where}; the function calls ${focus.calls.slice(0, 6).join(', ') || 'nothing'}`,
      );
    }
  });
  log(`\nrecall@${budget}: ${((100 * found) / targets).toFixed(1)} % (${found} of ${targets} targets in ${samples.length} masked lines, seed ${seed})`);
  for (const { kind, targets: count, recall } of tally.byClass()) log(`  ${kind}: ${((recall.ghostline[budget] ?? 0) * 100).toFixed(2)} % of ${count}`);
  log(`  methods (method + chained): ${((tally.recall(METHOD_CLASSES).ghostline[budget] ?? 0) * 100).toFixed(2)} % of ${tally.count(METHOD_CLASSES)}`);
  log(
    `packed prompt, mean: ${(prompt.files / samples.length).toFixed(1)} files, ${(prompt.labels / samples.length).toFixed(0)} tokens of path labels, ${(prompt.content / samples.length).toFixed(0)} of snippets`,
  );
  for (const [source, stats] of bySource)
    log(`${source}: ${stats.proposed} candidates, ${stats.needed} needed (${((100 * stats.needed) / Math.max(1, stats.proposed)).toFixed(2)} %)`);
}

/** DIAG_AT=path:line[,path:line…] prints the packing order there: what the budget was spent on (and with DIAG_PROMPT=1, the packed snippets). */
const showAt = new Set((process.env.DIAG_AT ?? '').split(',').filter((at) => at !== ''));

function showRanking(ranked: readonly Candidate[], files: number, budget: number): void {
  let used = 0;
  for (const [i, candidate] of ranked.slice(0, 80).entries()) {
    used += estimateTokens(candidate.content) + 1;
    log(`  ${i} ${candidate.score.toFixed(3)} ${candidate.source} ${estimateTokens(candidate.content)}t ${used > budget ? '(over)' : ''} ${candidate.key}`);
  }
  log(`  ${files} files packed`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name, Number(process.argv[3] ?? 1024));
