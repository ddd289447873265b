import type Parser from 'tree-sitter';
import type { LanguageId } from './language.js';

/** Cross-file context for one completion: snippets from other files, packed into the prompt before the prefix. */
export interface RepositoryContext {
  snippets: Array<{ path: string; content: string }>;
  /** Workspace-relative path of the current file. */
  filePath?: string;
  repoName?: string;
}

/** The outermost function around a cursor, as plain data (it crosses from the syntax worker's thread). */
export interface EnclosingRegion {
  startIndex: number;
  endIndex: number;
  type: string;
  name?: string;
}

export interface ContextRequest {
  uri: string;
  text: string;
  offset: number;
  /** The cursor's 0-based line, when the caller knows it (an LSP position): lines are then found from the cursor, not counted from the top. */
  line?: number;
  languageId: LanguageId;
  /** Token budget for the snippets. */
  budgetTokens: number;
  signal: AbortSignal;
  /** Keep every declaration's doc comment (code actions, where meaning matters more than fitting more signatures). */
  documented?: boolean;
  /** Longest the sources may run; default context.gatherTimeoutMs, the keystroke path's. */
  timeoutMs?: number;
  /** The enclosing function, already found on a tree (the syntax worker's): the provider then reads no tree itself. */
  enclosing?: { region?: EnclosingRegion };
  /** The tree of `text`, when the caller parsed one (a code action's, in slices): read instead of the document's. */
  tree?: Parser.Tree;
}

/** Supplies repository context to the completion engine; must answer within a few milliseconds. */
export interface ContextProvider {
  gather(request: ContextRequest): Promise<RepositoryContext | undefined>;
  /**
   * What the last finished gather for the place `uri`'s latest request asks about found (all its sources, or the
   * first ones when its time cap cut it short), or undefined: the completion uses it when that request misses the cap.
   */
  fallback?(uri: string): RepositoryContext | undefined;
}
