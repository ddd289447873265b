/**
 * `node dist/bench/latency/document-edits.js`: what applying one keystroke to an open 5,000-line document
 * costs, with vscode-languageserver-textdocument's TextDocument (what the server used before) and with the
 * server's ChunkedDocument, each followed by the checks the document store runs on every change (length,
 * first 8 KiB). 10,000 keys typed into the middle of a generated Go and TypeScript file; the garbage
 * collections during the typing are counted, since a whole-file copy per key shows up there first.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedDocument } from '../../server/documents/chunked-document.js';
import { generateCorpus, type CorpusLanguage } from '../corpus.js';
import { summarize } from '../stats.js';

const KEYS = 10_000;
const TYPED = 'total := reduce(items[start:end], func(acc int, v Item) int { return acc + weigh(v, limits[v.kind';

type Kind = 'TextDocument' | 'ChunkedDocument';

/** One keystroke and the store's per-change checks; returns the document to use next. */
function keystroke(kind: Kind, document: TextDocument | ChunkedDocument, key: { line: number; character: number; text: string; version: number }) {
  const at = { line: key.line, character: key.character };
  const change = { range: { start: at, end: at }, text: key.text };
  if (kind === 'TextDocument') {
    const updated = TextDocument.update(document, [change], key.version);
    const text = updated.getText();
    return { document: updated, binary: text.length < 0 || text.slice(0, 8192).includes('\u0000') };
  }
  const chunked = document as ChunkedDocument;
  chunked.update([change], key.version);
  return { document: chunked, binary: chunked.length < 0 || chunked.slice(0, 8192).includes('\u0000') };
}

async function measure(kind: Kind, language: CorpusLanguage): Promise<string> {
  const { text } = generateCorpus({ language, lines: 5000, seed: 7 });
  let document: TextDocument | ChunkedDocument =
    kind === 'TextDocument' ? TextDocument.create('file:///a', language, 1, text) : new ChunkedDocument('file:///a', language, 1, text);
  void document.lineCount;
  const gc = { count: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let k = 0; k < KEYS; k++) {
    const started = performance.now();
    const next = keystroke(kind, document, { line: 2500, character: k % TYPED.length, text: TYPED[k % TYPED.length] ?? 'x', version: k + 2 });
    times.push(performance.now() - started);
    if (next.binary) throw new Error('unexpected binary text');
    document = next.document;
  }
  const used = process.cpuUsage(cpu);
  // GC entries arrive asynchronously.
  await delay(100);
  observer.disconnect();
  const s = summarize(times.map((ms) => ms * 1000));
  return `${language} ${kind} (${text.length} chars): per key p50 ${s.p50} / p99 ${s.p99} / max ${s.max} µs; CPU ${Math.round((used.user + used.system) / 1000)} ms for ${KEYS} keys; ${gc.count} GCs taking ${Math.round(gc.ms)} ms`;
}

async function main(): Promise<void> {
  for (const language of ['go', 'typescript'] as const) {
    for (const kind of ['TextDocument', 'ChunkedDocument'] as const) process.stdout.write(`${await measure(kind, language)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`document-edits benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
