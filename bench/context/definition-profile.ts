/**
 * `node dist/bench/context/definition-profile.js [corpus or language] [share]`: a CPU profile of the definitions source
 * alone on the slowest lines of the context benchmark, the ones its p99 is made of. A profile of a whole run
 * (`--cpu-prof` of gather-times.js) is mostly the ordinary lines, and says little of the slow ones. Each masked line is
 * replayed as source-times.js does (after the same 200 warm-up lines of another draw), its definitions source profiled
 * on its own (sampled every 50 µs); the profiles of the slowest `share` of lines (default 0.02) are summed, self and
 * inclusive time per function. Profiling slows the source two- or threefold: compare shares, not milliseconds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, type Profiler } from 'node:inspector';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, WARM_LINES, WARM_SEED, type Corpus } from './draws.js';

type Sample = ReturnType<typeof drawSamples>[number];

/** One line's definitions source: its CPU milliseconds and, when profiled, its profile. */
interface Line {
  cpuMs: number;
  profile?: Profiler.Profile;
  where: string;
}

/** A synchronous call on an inspector session of this thread (its answer comes before `post` returns). */
function post<T>(session: Session, method: string, params?: object): T {
  const answer: { error?: Error | null; result?: T } = {};
  session.post(method, params, (error: Error | null, result?: unknown) => Object.assign(answer, { error, result }));
  if (answer.error) throw answer.error;
  return answer.result!;
}

/** Every source at one line, as source-times.js runs them, the definitions source (the first) timed and maybe profiled. */
function replay(corpus: Corpus, sample: Sample, session: Session | undefined): Line {
  corpus.index.update(sample.file, sample.text);
  warmRankingsFor(corpus.index, sample.file, sample.text);
  const focus = focusAt({ text: sample.text, offset: sample.offset, tree: corpus.language.parser.parse(sample.text), languageId: sample.languageId });
  const input = { index: corpus.index, file: sample.file, languageId: sample.languageId, focus, scope: importScope(corpus.index, sample.file) };
  const all: Candidate[] = [];
  const line: Line = { cpuMs: 0, where: `${sample.file}@${sample.offset}` };
  SOURCES.forEach((source, i) => {
    if (i === 0 && session) post(session, 'Profiler.start');
    const c0 = process.cpuUsage();
    all.push(...source(input));
    const c = process.cpuUsage(c0);
    if (i > 0) return;
    line.cpuMs = (c.user + c.system) / 1000;
    if (session) line.profile = post<{ profile: Profiler.Profile }>(session, 'Profiler.stop').profile;
  });
  packCandidates(all, 1024);
  return line;
}

/** A profile node's name for the summary: function, file and line. */
function frameName(node: Profiler.ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function over the profiles, the profiler's own frames left out. */
function summed(profiles: readonly Profiler.Profile[]): { total: number; self: Map<string, number>; inclusive: Map<string, number> } {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const samples = profile.samples ?? [];
    samples.forEach((id, i) => {
      // A sample's time is the gap to the next one.
      const ms = (profile.timeDeltas?.[i + 1] ?? 0) / 1000;
      const chain: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) chain.push(frameName(byId.get(at)!));
      if (/^\((?:program|idle|root)\)/.test(chain[0]!)) return;
      total += ms;
      self.set(chain[0]!, (self.get(chain[0]!) ?? 0) + ms);
      for (const name of new Set(chain)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    });
  }
  return { total, self, inclusive };
}

/** The heaviest `count` entries of a table, one per line. */
function top(table: ReadonlyMap<string, number>, count: number): string[] {
  return [...table]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ${name}`);
}

async function main(name: CorpusName, share: number): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  for (const sample of drawSamples(corpus, WARM_SEED, WARM_LINES)) {
    const original = readFileSync(join(corpus.root, sample.file), 'utf8');
    replay(corpus, sample, undefined);
    corpus.index.update(sample.file, original);
  }
  const session = new Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.setSamplingInterval', { interval: 50 });
  const lines = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS).map((sample) => replay(corpus, sample, session));
  session.disconnect();
  const slowest = [...lines].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, Math.max(1, Math.round(share * lines.length)));
  const mean = lines.reduce((sum, line) => sum + line.cpuMs, 0) / lines.length;
  log(`${lines.length} lines, definitions CPU mean ${mean.toFixed(2)} ms (profiled); the slowest ${slowest.length} from ${slowest.at(-1)!.cpuMs.toFixed(2)} ms:`);
  for (const line of slowest.slice(0, 10)) log(`  ${line.cpuMs.toFixed(2)} ${line.where}`);
  const { total, self, inclusive } = summed(slowest.map((line) => line.profile!));
  log(`sampled ${total.toFixed(1)} ms; self:`);
  for (const row of top(self, 30)) log(row);
  log('inclusive:');
  for (const row of top(inclusive, 40)) log(row);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

await main(selectCorpora(process.argv[2] ?? 'go-stdlib')[0]!.name, Number(process.argv[3] ?? 0.02));
