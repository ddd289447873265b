/**
 * `node dist/bench/context/digest.js [corpus …]`: the context part's gathers replayed in the same
 * order (each masked line at 1,024, 256 and 512 tokens, a fresh provider each, then the line
 * restored), printing a digest of every packed result per corpus and the CPU time of the 1,024
 * gather, the first on its revision (the part's "new function" figure). Two builds with the same digest give the same recall
 * on every class, so a speed-up can be checked in minutes instead of a full run of the part.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { RepositoryContextProvider } from '../../server/context/retrieval/repository-context.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { selectCorpora } from '../quality/corpus.js';
import { BUDGETS, GATHER_ORDER } from './tally.js';
import { drawSamples, openCorpus, REPORTED_SEEDS, SAMPLES_PER_CORPUS, warmUpGathers } from './draws.js';

async function digestCorpus(name: Parameters<typeof openCorpus>[0]): Promise<void> {
  const corpus = await openCorpus(name, () => {});
  const { index, root } = corpus;
  const samples = drawSamples(corpus, REPORTED_SEEDS[corpus.languageId], SAMPLES_PER_CORPUS);
  const settings = defaultSettings();
  // No time cap: on a loaded machine a cold gather past the part's 1,000 ms would skip sources and change the digest.
  settings.context.gatherTimeoutMs = 1_000_000;
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => settings.completion.maxFileBytes });
  // DIGEST_WARM=n first gathers at n lines of the warm-up draw, as the part does: the digest must not change (no state kept from one gather leaks into another's result).
  warmUpGathers(corpus, documents, settings, Number(process.env.DIGEST_WARM ?? 0));
  const hash = createHash('sha1');
  const cpu: number[] = [];
  for (const sample of samples) {
    const original = index.file(sample.file) ? readFileSync(join(root, sample.file), 'utf8') : undefined;
    index.update(sample.file, sample.text);
    warmRankingsFor(index, sample.file, sample.text);
    const uri = pathToFileURL(join(root, sample.file)).toString();
    documents.open(uri, sample.languageId, 1, sample.text);
    // Gathered in the part's order (the timed one first); hashed by budget, so digests of either order compare.
    const lines = new Map<number, string>();
    for (const budget of GATHER_ORDER) {
      const provider = new RepositoryContextProvider({ indexes: () => [index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
      const request = { uri, text: sample.text, offset: sample.offset, languageId: sample.languageId, budgetTokens: budget, signal: new AbortController().signal };
      const c0 = process.cpuUsage();
      const context = provider.gatherNow(request);
      const c = process.cpuUsage(c0);
      if (budget === 1024) cpu.push((c.user + c.system) / 1000);
      lines.set(budget, `${sample.file}@${sample.offset}/${budget}\n${JSON.stringify(context?.snippets ?? [])}\n`);
    }
    for (const budget of BUDGETS) {
      const line = lines.get(budget)!;
      hash.update(line);
      // DIGEST_DUMP=file writes every result, to diff two builds where their digests differ.
      if (process.env.DIGEST_DUMP) appendFileSync(process.env.DIGEST_DUMP, line);
    }
    documents.close(uri);
    if (original !== undefined) index.update(sample.file, original);
  }
  const sorted = [...cpu].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2);
  process.stdout.write(`${name}: ${samples.length} lines, digest ${hash.digest('hex').slice(0, 16)}, gather CPU p50 ${at(50)} ms, p99 ${at(99)} ms, max ${at(100)} ms\n`);
}

for (const { name } of selectCorpora(process.argv[2] ?? 'chi')) await digestCorpus(name);
