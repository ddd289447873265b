import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { focusAt, type Focus } from '../../server/context/retrieval/focus.js';
import { isTestFile, RepositoryContextProvider, SOURCES } from '../../server/context/retrieval/repository-context.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import type { Settings } from '../../server/config/schema.js';
import type { DocumentStore } from '../../server/documents/document-store.js';
import { silentLogger } from '../../server/util/logger.js';
import { collectYoungWhileIdle } from '../../server/util/young-generation.js';
import { warmRankings, warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { buildableCandidates } from '../../server/context/retrieval/buildable.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry, type Language } from '../../server/syntax/languages.js';
import { CORPORA, type CorpusLanguage, type CorpusName } from '../quality/corpus.js';
import { Random } from '../random.js';
import { goSamples, pySamples, tsSamples, type Sample } from './samples.js';

/** Masked lines per corpus in the recall benchmark: at 300 one draw moved the figure by about ±2 points. */
export const SAMPLES_PER_CORPUS = 1000;
/** The draws the benchmark reports; BENCH_SEED picks another. The ranking model is never fitted on their files. */
export const REPORTED_SEEDS: Record<CorpusLanguage, number> = { go: 1019, typescript: 782, python: 311 };

/** The draw that warms the process before the timed one: a seed no reported draw uses. */
export const WARM_SEED = 4242;
/**
 * Lines of that draw gathered before the reported ones, as a server has gathered for a few hundred completions before
 * most of a user's: a fresh process's first gathers also pay V8 compiling the sources' code and first uses of tables.
 */
export const WARM_LINES = 200;

/** A file name the language registry maps to each corpus language. */
export const CORPUS_EXTENSION = { go: 'x.go', typescript: 'x.ts', python: 'x.py' } as const;

/** Files masked lines are drawn from: no Go tests, TS declaration files or Python test modules. */
export function isCorpusSource(languageId: CorpusLanguage, path: string): boolean {
  if (languageId === 'go') return !path.endsWith('_test.go');
  if (languageId === 'python') return path.endsWith('.py') && !/(?:^|\/)(?:test|tests|idlelib|lib2to3)\//.test(path);
  return !path.endsWith('.d.ts');
}

/** A corpus indexed as the server would index it, with the files masked lines are drawn from. */
export interface Corpus {
  name: CorpusName;
  languageId: CorpusLanguage;
  root: string;
  index: WorkspaceIndex;
  language: Language;
  /** Non-test Go files, or TS files other than declaration files. */
  files: string[];
}

export async function openCorpus(name: CorpusName, log: (line: string) => void, options: { maxFiles?: number } = {}): Promise<Corpus> {
  const languages = new LanguageRegistry();
  const spec = CORPORA.find((corpus) => corpus.name === name);
  if (!spec) throw new Error(`no corpus named ${name}`);
  const languageId = spec.language;
  const root = spec.root(log);
  const settings = defaultSettings();
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: settings.context.maxFileBytes, maxFiles: options.maxFiles ?? 100_000 }));
  await index.build();
  // As the server does after a build: the first gather must not index every BM25 chunk (seconds on go-stdlib).
  await warmRankings(index);
  await index.warmSearch();
  const language = languages.byPath(CORPUS_EXTENSION[languageId])!;
  const files = [...index.records()]
    .map((r) => r.path)
    .filter((p) => isCorpusSource(languageId, p))
    .sort();
  return { name, languageId, root, index, language, files };
}

/** One seeded draw of masked lines. */
export function drawSamples(corpus: Omit<Corpus, 'name'>, seed: number, count: number): Sample[] {
  const draw = corpus.languageId === 'go' ? goSamples : corpus.languageId === 'python' ? pySamples : tsSamples;
  return draw({ root: corpus.root, files: corpus.files, language: corpus.language, random: new Random(seed), count });
}

/**
 * Each sample's file is put in the index masked (as the editor's unsaved text would be), the
 * callback sees what every source proposes there, then the file is restored.
 */
export function withSourceCandidates(corpus: Corpus, samples: readonly Sample[], each: (sample: Sample, candidates: Candidate[], focus: Focus) => void): void {
  const { index, root } = corpus;
  for (const sample of samples) {
    const original = readFileSync(join(root, sample.file), 'utf8');
    index.update(sample.file, sample.text);
    warmRankingsFor(index, sample.file, sample.text);
    const focus = focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId });
    const input = { index, file: sample.file, languageId: sample.languageId, focus, scope: importScope(index, sample.file) };
    const candidates = buildableCandidates(
      index,
      sample.file,
      SOURCES.flatMap((source) => source(input)).filter((candidate) => !isTestFile(candidate.path)),
    );
    each(sample, candidates, focus);
    index.update(sample.file, original);
  }
}

/**
 * Gathers at `count` lines of the warm-up draw as the context part gathers (see gatherOnce): the process is then warm
 * for the timed draw. Returns each gather's wall milliseconds, the figures of a fresh process.
 */
export function warmUpGathers(corpus: Omit<Corpus, 'name'>, documents: DocumentStore, settings: Settings, count: number): number[] {
  return drawSamples(corpus, WARM_SEED, count).map((sample) => gatherOnce(corpus, documents, settings, sample).wall);
}

/**
 * One line's gather as the context part times it: the masked file in the index, the re-rank turn, the document's tree
 * parsed untimed, a fresh provider at 1,024 tokens; the file restored after. Wall and CPU milliseconds (every
 * thread's CPU: V8's background threads count too).
 */
export function gatherOnce(corpus: Omit<Corpus, 'name'>, documents: DocumentStore, settings: Settings, sample: Sample): { wall: number; cpu: number } {
  const original = readFileSync(join(corpus.root, sample.file), 'utf8');
  corpus.index.update(sample.file, sample.text);
  warmRankingsFor(corpus.index, sample.file, sample.text);
  collectYoungWhileIdle();
  const uri = pathToFileURL(join(corpus.root, sample.file)).toString();
  void documents.open(uri, sample.languageId, 1, sample.text).tree;
  const provider = new RepositoryContextProvider({ indexes: () => [corpus.index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  provider.gatherNow({ uri, text: sample.text, offset: sample.offset, languageId: sample.languageId, budgetTokens: 1024, signal: new AbortController().signal });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  documents.close(uri);
  corpus.index.update(sample.file, original);
  return { wall, cpu: (c.user + c.system) / 1000 };
}
