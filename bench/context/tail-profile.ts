/**
 * `node dist/bench/context/tail-profile.js <corpus> <step> [lines]`: where one gather step's tail goes. It
 * runs source-times' sequence (SOURCE_TIMES_WARM warm-up lines first), profiles each masked line's steps on
 * its own, and sums the profiles of the `lines` lines (10 by default: the p99 of a thousand) where `step`
 * (calls, lexical, pack, focus …) took the most CPU: self and inclusive ms of what ran under that step. A
 * profile of the whole run shows the mean; the p99 is a few lines whose cost hides in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, type Profiler } from 'node:inspector';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_SEED, type Corpus } from './draws.js';

const STEPS = ['focus', 'scope', 'definitions', 'calls', 'imports', 'package', 'lexical', 'pack'];

/** CPU milliseconds `f` took (user and system). */
function cpu(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** A same-thread inspector session answers synchronously: the result is there when post() returns. */
function post<T>(session: Session, method: string, params?: object): T {
  let result: T | undefined;
  let failure: Error | null = null;
  session.post(method, params ?? {}, (error, answer) => {
    failure = error;
    result = answer as T;
  });
  if (failure) throw failure as Error;
  return result!;
}

/** Every step at one masked line, each timed: source-times' sequence. */
function stepsAt(corpus: Corpus, sample: ReturnType<typeof drawSamples>[number]): number[] {
  const tree = corpus.language.parser.parse(sample.text);
  const parts: number[] = [];
  const at = { text: sample.text, offset: sample.offset, tree, languageId: sample.languageId };
  let focus = focusAt(at);
  parts.push(cpu(() => (focus = focusAt(at))));
  let scope = importScope(corpus.index, sample.file);
  parts.push(cpu(() => (scope = importScope(corpus.index, sample.file))));
  const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope };
  const all: Candidate[] = [];
  for (const source of SOURCES) parts.push(cpu(() => all.push(...source(input))));
  parts.push(cpu(() => packCandidates(all, 1024)));
  return parts;
}

/** Self and inclusive microseconds, by function, of the samples taken under a frame whose name matches `under`. */
function attribute(profile: Profiler.Profile, under: RegExp, self: Map<string, number>, inclusive: Map<string, number>): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node: Profiler.ProfileNode) => `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  (profile.samples ?? []).forEach((id, i) => {
    const dt = profile.timeDeltas?.[i + 1] ?? 0;
    const chain: Profiler.ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) chain.push(byId.get(at)!);
    if (!chain.some((node) => under.test(node.callFrame.functionName))) return;
    self.set(name(chain[0]!), (self.get(name(chain[0]!)) ?? 0) + dt);
    for (const key of new Set(chain.map(name))) inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  });
}

const FUNCTIONS: Record<string, RegExp> = {
  focus: /^focusAt$/,
  scope: /^importScope$/,
  definitions: /^definitionSteps$/,
  calls: /^callGraphSteps$/,
  imports: /^importedApiCandidates$/,
  package: /^samePackageCandidates$/,
  lexical: /^lexicalCandidates$/,
  pack: /^packCandidates$/,
};

async function main(name: CorpusName, step: string, lines: number): Promise<void> {
  const column = STEPS.indexOf(step);
  if (column < 0) throw new Error(`no step ${step}: one of ${STEPS.join(', ')}`);
  const corpus = await openCorpus(name, () => {});
  const restoring = (sample: ReturnType<typeof drawSamples>[number], run: () => void) => {
    const original = readFileSync(join(corpus.root, sample.file), 'utf8');
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    run();
    corpus.index.update(sample.file, original);
  };
  for (const sample of drawSamples(corpus, WARM_SEED, Number(process.env.SOURCE_TIMES_WARM ?? 0))) restoring(sample, () => stepsAt(corpus, sample));
  const session = new Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.setSamplingInterval', { interval: 50 });
  const kept: Array<{ ms: number; where: string; profile: Profiler.Profile }> = [];
  for (const sample of drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS)) {
    corpus.index.update(sample.file, sample.text);
    warmRankingsFor(corpus.index, sample.file, sample.text);
    post(session, 'Profiler.start');
    const parts = stepsAt(corpus, sample);
    const { profile } = post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
    kept.push({ ms: parts[column]!, where: `${sample.file}@${sample.offset}`, profile });
    kept.sort((a, b) => b.ms - a.ms);
    kept.length = Math.min(kept.length, lines);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const line of kept) {
    process.stdout.write(`${line.ms.toFixed(2)} ms ${line.where}\n`);
    attribute(line.profile, FUNCTIONS[step]!, self, inclusive);
  }
  for (const [title, table] of [
    ['self', self],
    ['inclusive', inclusive],
  ] as const) {
    process.stdout.write(`--- ${title} ms over the ${kept.length} slowest lines\n`);
    for (const [key, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`${(us / 1000).toFixed(1).padStart(7)} ${key}\n`);
  }
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name, process.argv[3] ?? 'calls', Number(process.argv[4] ?? 10));
