/**
 * `node --expose-gc dist/bench/context/passes.js [corpus] [passes] [--warm=N]`: the context part's timed gather
 * (gatherOnce) run over the same draw of lines several times in one process, after N gathers at lines of another draw
 * (none by default). A figure that falls from one pass to the next was the process's first runs (V8 optimising what
 * the gather calls, caches filling), not the lines; one that stays is the lines'. The slowest lines come with their
 * place in the pass, so a run of neighbours (a collection, a cache starting over) shows apart from one line.
 */
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { defaultSettings } from '../../server/config/settings.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, gatherOnce, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_SEED } from './draws.js';

const at = (sorted: readonly number[], q: number): string => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!.toFixed(2);

async function main(name: CorpusName, passes: number, warm: number): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const settings = defaultSettings();
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => settings.completion.maxFileBytes });
  // `--warm=N`: first N gathers at lines of another draw (the context part's warm-up draw, 200 there), none timed.
  for (const sample of drawSamples(corpus, WARM_SEED, warm)) gatherOnce(corpus, documents, settings, sample);
  process.stdout.write(`${name}: ${samples.length} lines a pass, after ${warm} gathers elsewhere; gather ms\n`);
  for (let pass = 1; pass <= passes; pass++) {
    const times = samples.map((sample) => gatherOnce(corpus, documents, settings, sample));
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
