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
