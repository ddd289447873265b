import type { LanguageRegistry } from '../../syntax/languages.js';
import { readRegularFile } from '../../util/safe-read.js';
import { contentHash, generatedContent, parseFileRecord, type FileRecord } from './file-record.js';
import { listWorkspaceFiles, skipReasonOfRead, type SkipReason, type WorkspaceFile } from './workspace-files.js';
import type { BuildOptions, IndexLimits, RecordInput, RecordParser } from './build-types.js';
import type { ManifestReader } from '../../syntax/manifests.js';

/*
 * Where a file's record comes from while the index is built: the cached record when the file is
 * unchanged, a cached record with the same content, or a fresh parse.
 */

/** A listed file as the build reads it. */
export type FileContent = { kind: 'cached'; record: FileRecord } | { kind: 'text'; text: string } | { kind: 'error'; reason: SkipReason };

type ListingInput = Parameters<typeof recordListing>[0];

/** A batch of the listing from `from` on: read, planned, and its parses handed to the parser (if any). */
async function prepareBatch(input: ListingInput, byHash: ReadonlyMap<string, FileRecord>, from: number) {
  const batch = input.files.slice(from, from + READ_BATCH);
  const contents = await Promise.all(batch.map((file) => readIfChanged(file, input.cached, input.maxFileBytes)));
  const plans = batch.map((file, index): RecordPlan => {
    const content = contents[index]!;
    if (content.kind === 'error') return { skip: content.reason };
    return content.kind === 'cached' ? { record: content.record, reused: true } : planRecord(input.languages, file, content.text, byHash);
  });
  const parses = plans.filter((plan) => 'parse' in plan);
  const parsed = input.parser && parses.length > 0 ? input.parser.records(parses.map((plan) => plan.parse)) : undefined;
  return { batch, plans, parsed };
}

/** What a file's text becomes: a skip, a record from the cache (by content hash), or a parse to make. */
type RecordPlan = { skip: SkipReason } | { record: FileRecord; reused: boolean } | { parse: RecordInput; size: number; reused: boolean };

/** A file's plan: reused from the cache by content hash, else parsed; generated files and files without a grammar are skipped. */
function planRecord(languages: LanguageRegistry, file: WorkspaceFile, text: string, byHash: ReadonlyMap<string, FileRecord>): RecordPlan {
  const hash = contentHash(text);
  const reused = byHash.get(hash);
  const generated = generatedContent(text);
  if (generated) return { skip: generated };
  // The grammar itself is loaded where the file is parsed (the index worker's thread, when there is one).
  const languageId = languages.idOfPath(file.relative);
  if (reused && reused.languageId === languageId) return { record: { ...reused, path: file.relative, mtimeMs: file.mtimeMs, size: file.size }, reused: true };
  if (!languageId) return { skip: 'unreadable' };
  return { parse: { path: file.relative, text, hash, mtimeMs: file.mtimeMs }, size: file.size, reused: reused !== undefined };
}

/** A file's record parsed on this thread; undefined when its grammar does not load or the parse fails. */
function parseHere(languages: LanguageRegistry, file: RecordInput): FileRecord | undefined {
  const language = languages.byPath(file.path);
  return language && parseFileRecord({ ...file, language });
}

/** The record a parse made (here, or by the parser), sized as the listing saw the file. */
function parsedRecord(plan: Extract<RecordPlan, { parse: RecordInput }>, record: FileRecord | undefined): Exclude<RecordPlan, { parse: RecordInput }> {
  return record ? { record: { ...record, size: plan.size }, reused: plan.reused } : { skip: 'unreadable' };
}

/** The file's text unless the cached record still matches it; a file that is not regular, too large or too slow is a skip. */
export async function readIfChanged(file: WorkspaceFile, cached: ReadonlyMap<string, FileRecord> | undefined, maxBytes: number): Promise<FileContent> {
  const previous = cached?.get(file.relative);
  if (previous && previous.mtimeMs === file.mtimeMs && previous.size === file.size) {
    return { kind: 'cached', record: previous };
  }
  const read = await readRegularFile(file.path, { maxBytes });
  if (read.ok) return { kind: 'text', text: read.text };
  return { kind: 'error', reason: skipReasonOfRead(read.reason) ?? 'vanished' };
}

/** How long reading the listing may hold the event loop before letting requests through. */
const SLICE_MS = 8;
const READ_BATCH = 16;

/**
 * Reads and parses the listed files in batches (a record from the cache when its file is unchanged, or one
 * with the same content hash), handing each record to `put` in the listing's order. With a `parser`, a
 * batch's parses happen there while the next batch is read; without one they happen here, yielding to the
 * event loop every few milliseconds so requests are answered while a large folder is indexed.
 */
export async function recordListing(
  input: {
    files: readonly WorkspaceFile[];
    languages: LanguageRegistry;
    cached: ReadonlyMap<string, FileRecord> | undefined;
    maxFileBytes: number;
    signal?: AbortSignal;
    progress?: (done: number, total: number) => void;
    parser?: RecordParser;
  },
  put: (record: FileRecord) => void,
): Promise<{ fromCache: number; withSyntaxErrors: number; skipped: Array<{ path: string; reason: SkipReason }> }> {
  const { files, cached } = input;
  const byHash = new Map<string, FileRecord>();
  for (const record of cached?.values() ?? []) byHash.set(record.hash, record);
  const result = { fromCache: 0, withSyntaxErrors: 0, skipped: [] as Array<{ path: string; reason: SkipReason }> };
  let done = 0;
  let sliceStart = performance.now();
  // A batch is read, planned and handed to the parser while the one before it is stored, so the parser's thread
  // is never left waiting for this one's. Awaited in the loop; one read ahead that a stop leaves must not fail unobserved.
  const ahead = (from: number) => {
    const next = prepareBatch(input, byHash, from);
    next.catch(() => undefined);
    return next;
  };
  let preparing = ahead(0);
  for (let i = 0; i < files.length && !input.signal?.aborted; i += READ_BATCH) {
    const { batch, plans, parsed: parsing } = await preparing;
    if (i + READ_BATCH < files.length) preparing = ahead(i + READ_BATCH);
    const parsed = await parsing;
    let next = 0;
    for (const [index, file] of batch.entries()) {
      const plan = plans[index]!;
      done++;
      const made = 'parse' in plan ? parsedRecord(plan, parsed ? parsed[next++] : parseHere(input.languages, plan.parse)) : plan;
      if ('skip' in made) {
        result.skipped.push({ path: file.relative, reason: made.skip });
        continue;
      }
      if (made.reused) result.fromCache++;
      if (made.record.syntaxErrors) result.withSyntaxErrors++;
      put(made.record);
      if (performance.now() - sliceStart > SLICE_MS) {
        input.progress?.(done, files.length);
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }
  return result;
}

/**
 * Lists the folder and reads every file's record (from `options.cached` when it is current), handing each to `put`;
 * the manifests the listing found are read ahead, so that resolving imports never waits on (or opens) one that is
 * not a regular file. Returns what was skipped (listing, manifests and files), and how the records were read.
 */
export async function readWorkspace(
  input: { root: string; languages: LanguageRegistry; manifests: ManifestReader; limits: IndexLimits; options: BuildOptions },
  put: (record: FileRecord) => void,
) {
  const { limits, options } = input;
  const listing = await listWorkspaceFiles(input.root, { ...limits, signal: options.signal });
  const skipped = [...listing.skipped, ...(await input.manifests.preload(listing.manifests))];
  const read = await recordListing(
    {
      files: listing.files,
      languages: input.languages,
      cached: options.cached,
      maxFileBytes: limits.maxFileBytes,
      signal: options.signal,
      progress: options.progress,
      parser: options.parser,
    },
    put,
  );
  skipped.push(...read.skipped);
  return {
    skipped,
    fromCache: read.fromCache,
    withSyntaxErrors: read.withSyntaxErrors,
    source: listing.source,
    toolingFolders: listing.toolingFolders,
    nestedRepositories: listing.nestedRepositories,
  };
}
