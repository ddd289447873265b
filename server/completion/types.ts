import type { LanguageId } from '../core/language.js';
import type { LexMode } from './code-scanner.js';

// The shared vocabulary lives in core/; re-exported here only so branches written against the old place still merge.
export type { LanguageId } from '../core/language.js';
export type { ContextProvider, ContextRequest, RepositoryContext } from '../core/context-provider.js';

/** Whether the suggestion may span several lines, decided from the syntax tree at the cursor. */
export type CompletionMode = 'single' | 'multi';

/** What the stream filters and the post-processing know about the cursor. */
export interface CursorContext {
  /** Document text before the cursor (may be the full prefix, not only the prompt window). */
  prefix: string;
  /** Document text after the cursor. */
  suffix: string;
  mode: CompletionMode;
  languageId: LanguageId;
  /**
   * The lexer's mode where `prefix` starts, when known from the syntax tree (cut-window.ts): the
   * prefix is then scanned whole from that mode. Without it, the scan guesses a starting point.
   */
  prefixMode?: LexMode;
}
