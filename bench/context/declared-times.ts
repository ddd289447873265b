/**
 * `node dist/bench/context/declared-times.js [corpora]`: the declared-types scan at each masked line of the context
 * part's draw (its function's start, after the part's 200 warm-up lines), read in kept pieces as the gather reads it
 * (declaredTypes) and in one scan of the window (declaredTypesInOneScan), one after the other at each line: ms p50 /
 * p99 and the sum of each, and how many pieces a window has. The two give the same types (the unit test holds them to it).
 */
import { focusAt } from '../../server/context/retrieval/focus.js';
import { declaredTypes, declaredTypesInOneScan, pieceStarts } from '../../server/context/retrieval/sources/declared-types.js';
import { selectCorpora } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_SEED, type Corpus } from './draws.js';

const at = (values: readonly number[], q: number, digits = 3): string => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * values.length) - 1)]!.toFixed(digits);
const sum = (values: readonly number[]): string => values.reduce((a, b) => a + b, 0).toFixed(0);

/** The draw's lines as the scan meets them: the text, the function's start, the language. */
function lines(corpus: Corpus, seed: number, count: number) {
  return drawSamples(corpus, seed, count).map((sample) => {
    const tree = corpus.language.parser.parse(sample.text);
    const focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId });
    return { text: sample.text, before: focus.start, languageId: sample.languageId };
  });
}

for (const { name } of selectCorpora(process.argv[2] ?? 'query-core')) {
  const corpus = await openCorpus(name, () => {});
  for (const line of lines(corpus, WARM_SEED, 200)) declaredTypes(line.text, line.before, line.languageId);
  const pieced: number[] = [];
  const whole: number[] = [];
  const pieces: number[] = [];
  for (const line of lines(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS)) {
    let t0 = performance.now();
    declaredTypes(line.text, line.before, line.languageId);
    pieced.push(performance.now() - t0);
    t0 = performance.now();
    declaredTypesInOneScan(line.text, line.before, line.languageId);
    whole.push(performance.now() - t0);
    pieces.push(pieceStarts(line.text, Math.max(0, line.before - 20_000), line.before).length);
  }
  process.stdout.write(
    `${name}: ${pieced.length} lines; kept pieces p50 ${at(pieced, 0.5)} p99 ${at(pieced, 0.99)} sum ${sum(pieced)} ms; one scan p50 ${at(whole, 0.5)} p99 ${at(whole, 0.99)} sum ${sum(whole)} ms; pieces a window p50 ${at(pieces, 0.5, 0)} p90 ${at(pieces, 0.9, 0)}\n`,
  );
}
