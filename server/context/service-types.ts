import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
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

export interface ContextServiceDeps {
  languages: LanguageRegistry;
  documents: DocumentStore;
  settings: () => Settings;
  logger: Logger;
  /**
   * Warm what the keystroke path reads (package rankings, BM25 over chunks) right after a build.
   * Default on: a language server wants its first completion fast; a one-shot command that never
   * completes (`task --locate-only`) turns it off and pays only for what it asks.
   */
  warmUp?: boolean;
}
