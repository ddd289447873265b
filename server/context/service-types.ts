import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { FileRecord } from './index/file-record.js';
import type { RecordParser } from './index/build-types.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import type { Logger } from '../util/logger.js';

/** Reports indexing progress to the editor ($/progress); absent when the client cannot show it. */
export interface ProgressSink {
  report(percentage: number, message: string): void;
  done(): void;
}

/** Opens a progress bar for one batch of folders being indexed (their roots). */
export type ProgressFactory = (roots: readonly string[]) => Promise<ProgressSink | undefined>;

export type FileChangeKind = 'created' | 'changed' | 'deleted';

/**
 * Who tells of a change on disk: the editor's watcher, a listing of the folder (the poll watcher: what it reports is
 * never a file a listing leaves out), or the editor closing a document (held while open, wherever it lies).
 */
export type FileChangeSource = 'watcher' | 'listing' | 'closed';

export interface ContextServiceDeps {
  languages: LanguageRegistry;
  documents: DocumentStore;
  settings: () => Settings;
  logger: Logger;
  /** Builds open documents' index records off the main thread; without it they are parsed here. */
  records?: OffThreadRecords;
  /** Parses the files an index build reads off the main thread; without it they are parsed here. */
  parser?: RecordParser;
  /**
   * Warm what the keystroke path reads (package rankings, BM25 over chunks) right after a build.
   * Default on: a language server wants its first completion fast; a one-shot command that never
   * completes (`task --locate-only`) turns it off and pays only for what it asks.
   */
  warmUp?: boolean;
}

/** The syntax worker as the index sees it: it holds its own copy of every open document. */
export interface OffThreadRecords {
  /**
   * The index record of the open document `uri` at `version`, as `path` (workspace-relative) with content hash
   * `hash`: `{ record }` (undefined when the parser failed), `stale` when its copy is at another version (a newer
   * edit re-indexes it), undefined when there is no worker to ask (build it on this thread).
   */
  record(input: { uri: string; version: number; path: string; hash: string; mtimeMs: number }): Promise<{ record: FileRecord | undefined } | 'stale' | undefined>;
}
