/**
 * `node dist/bench/context/step-times.js [corpus or language]`: CPU time of each step of the gather as
 * gatherNow runs them (focus, import scope, each source, the reachable filter, packing) per masked line of
 * the context benchmark, on the line's first gather on its index revision and again right after (the same
 * line, warm: what the first visit costs is the difference), and the CPU of the re-rank turn that runs
 * before (warmRankingsFor: work moved there is work taken off the keystroke path, and is shown here), and the
 * parse of the file that the context part's timed gather pays when it first reads the document's tree.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type Parser from 'tree-sitter';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { reachableCandidates, SOURCES } from '../../server/context/retrieval/repository-context.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { defaultSettings } from '../../server/config/settings.js';
import { selectCorpora, type CorpusName } from '../quality/corpus.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, type Corpus } from './draws.js';

/** CPU milliseconds `f` took (user and system, every thread's). */
const cpu = (f: () => unknown): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

const PARTS = ['focus', 'scope', 'definitions', 'calls', 'imports', 'package', 'lexical', 'reachable', 'pack'] as const;

type Sample = ReturnType<typeof drawSamples>[number];

/** One gather's steps, each timed, in gatherNow's order. */
function timedGather(corpus: Corpus, sample: Sample, tree: Parser.Tree | undefined): number[] {
  const { index } = corpus;
  const parts: number[] = [];
  let focus = undefined as unknown as ReturnType<typeof focusAt>;
  parts.push(cpu(() => (focus = focusAt({ text: sample.text, offset: sample.offset, tree, languageId: sample.languageId }))));
  let scope = undefined as unknown as ReturnType<typeof importScope>;
  parts.push(cpu(() => (scope = importScope(index, sample.file))));
  const input = { index, file: sample.file, languageId: sample.languageId, focus, scope };
  const all: Candidate[] = [];
  for (const source of SOURCES) parts.push(cpu(() => all.push(...source(input))));
  let usable: Candidate[] = [];
  parts.push(cpu(() => (usable = reachableCandidates(index, sample.file, scope.files, all))));
  parts.push(cpu(() => packCandidates(usable, 1024)));
  return parts;
}

const at = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function main(name: CorpusName): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const settings = defaultSettings();
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => settings.completion.maxFileBytes });
  const rows: Array<{ first: number[]; again: number[]; rerank: number; parse: number; where: string }> = [];
  for (const sample of samples) {
    corpus.index.update(sample.file, sample.text);
    const rerank = cpu(() => warmRankingsFor(corpus.index, sample.file, sample.text));
    const uri = pathToFileURL(join(corpus.root, sample.file)).toString();
    const entry = documents.open(uri, sample.languageId, 1, sample.text);
    // The document's tree is parsed when first read: the context part's timed gather reads it (focus), the server's
    // gathers do not (the syntax worker finds the region). Timed apart, so the steps are the server's.
    let tree: Parser.Tree | undefined;
    const parse = cpu(() => (tree = entry.tree));
    const first = timedGather(corpus, sample, tree);
    const again = timedGather(corpus, sample, tree);
    rows.push({ first, again, rerank, parse, where: `${sample.file}@${sample.offset}` });
    documents.close(uri);
  }
  const line = (label: string, pick: (row: (typeof rows)[number]) => number[]) =>
    `${label}: ${PARTS.map(
      (part, i) =>
        `${part} ${mean(rows.map((r) => pick(r)[i]!)).toFixed(2)}/${at(
          rows.map((r) => pick(r)[i]!),
          99,
        ).toFixed(2)}`,
    ).join(', ')}`;
  const total = (parts: number[]) => parts.reduce((a, b) => a + b, 0);
  log(`${name}: ${rows.length} lines; CPU ms mean/p99 per step`);
  log(line('  first', (r) => r.first));
  log(line('  again', (r) => r.again));
  for (const [label, pick] of [
    ['first', (r: (typeof rows)[number]) => r.first],
    ['again', (r: (typeof rows)[number]) => r.again],
  ] as const) {
    const totals = rows.map((r) => total(pick(r)));
    log(`  ${label} total p50 ${at(totals, 50).toFixed(2)} p99 ${at(totals, 99).toFixed(2)} mean ${mean(totals).toFixed(2)}`);
  }
  const parses = rows.map((r) => r.parse);
  log(
    `  the file's parse on first reading its tree (in the context part's timed gather, not in the server's): mean ${mean(parses).toFixed(2)}, p50 ${at(parses, 50).toFixed(2)}, p99 ${at(parses, 99).toFixed(2)}, max ${at(parses, 100).toFixed(2)}`,
  );
  const reranks = rows.map((r) => r.rerank);
  log(`  re-rank turn CPU per update: mean ${mean(reranks).toFixed(2)}, p50 ${at(reranks, 50).toFixed(2)}, p99 ${at(reranks, 99).toFixed(2)}, max ${at(reranks, 100).toFixed(2)}`);
  for (const r of [...rows].sort((a, b) => total(b.first) - total(a.first)).slice(0, 10))
    log(
      `  ${total(r.first).toFixed(1)} (again ${total(r.again).toFixed(1)}) ${r.where}: ${r.first.map((p) => p.toFixed(1)).join(' ')} | ${r.again.map((p) => p.toFixed(1)).join(' ')}`,
    );
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

for (const { name } of selectCorpora(process.argv[2] ?? 'go-stdlib')) await main(name);
