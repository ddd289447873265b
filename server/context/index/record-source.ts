import type { LanguageRegistry } from '../../syntax/languages.js';
import { readRegularFile } from '../../util/safe-read.js';
import { contentHash, generatedContent, parseFileRecord, type FileRecord } from './file-record.js';
import { skipReasonOfRead, type SkipReason, type WorkspaceFile } from './workspace-files.js';

/*
 * Where a file's record comes from while the index is built: the cached record when the file is
 * unchanged, a cached record with the same content, or a fresh parse.
 */

/** A listed file as the build reads it. */
export type FileContent = { kind: 'cached'; record: FileRecord } | { kind: 'text'; text: string } | { kind: 'error'; reason: SkipReason };

/** A file's record: reused from the cache by content hash, else parsed; generated and unparsable files are skipped. */
export function recordFor(
  languages: LanguageRegistry,
  file: WorkspaceFile,
  text: string,
  byHash: ReadonlyMap<string, FileRecord>,
): { record: FileRecord; reused: boolean } | { skip: SkipReason } {
  const hash = contentHash(text);
  const reused = byHash.get(hash);
  const generated = generatedContent(text);
  if (generated) return { skip: generated };
  const language = languages.byPath(file.relative);
  if (reused && reused.languageId === language?.id) return { record: { ...reused, path: file.relative, mtimeMs: file.mtimeMs, size: file.size }, reused: true };
  const record = language && parseFileRecord({ path: file.relative, text, hash, language, mtimeMs: file.mtimeMs });
  return record ? { record: { ...record, size: file.size }, reused: reused !== undefined } : { skip: 'unreadable' };
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
 * with the same content hash), handing each record to `put`; yields to the event loop every few
 * milliseconds so requests are answered while a large folder is indexed.
 */
export async function recordListing(
  input: {
    files: readonly WorkspaceFile[];
    languages: LanguageRegistry;
    cached: ReadonlyMap<string, FileRecord> | undefined;
    maxFileBytes: number;
    signal?: AbortSignal;
    progress?: (done: number, total: number) => void;
  },
  put: (record: FileRecord) => void,
): Promise<{ fromCache: number; withSyntaxErrors: number; skipped: Array<{ path: string; reason: SkipReason }> }> {
  const { files, cached } = input;
  const byHash = new Map<string, FileRecord>();
  for (const record of cached?.values() ?? []) byHash.set(record.hash, record);
  const result = { fromCache: 0, withSyntaxErrors: 0, skipped: [] as Array<{ path: string; reason: SkipReason }> };
  let done = 0;
  let sliceStart = performance.now();
  for (let i = 0; i < files.length && !input.signal?.aborted; i += READ_BATCH) {
    const batch = files.slice(i, i + READ_BATCH);
    const contents = await Promise.all(batch.map((file) => readIfChanged(file, cached, input.maxFileBytes)));
    for (const [index, file] of batch.entries()) {
      const content = contents[index]!;
      done++;
      const made =
        content.kind === 'error'
          ? { skip: content.reason }
          : content.kind === 'cached'
            ? { record: content.record, reused: true }
            : recordFor(input.languages, file, content.text, byHash);
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
