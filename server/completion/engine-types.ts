import type { Position } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore, OpenDocument } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import type { SuggestionGate } from '../core/suggestion-gate.js';
import type { Logger } from '../util/logger.js';
import type { Problem } from './problems.js';
import type { StageClock } from './stage-clock.js';
import type { OffThreadSyntax } from './syntax-checks.js';
import type { CompletionMode, ContextProvider } from './types.js';

export interface CompletionRequest {
  uri: string;
  position: Position;
  signal: AbortSignal;
  /** Longest the request may take, model included. */
  budgetMs: number;
}

export type CompletionOutcome =
  { kind: 'completion'; text: string; source: 'model' | 'cache' | 'typed-ahead'; mode: CompletionMode } | { kind: 'empty'; reason: string; problem?: Problem };

export interface EngineDependencies {
  documents: DocumentStore;
  settings: () => Settings;
  backend: () => ModelBackend;
  logger: Logger;
  /** Repository context (definitions, imports, recent edits); the current file alone when absent. */
  context?: ContextProvider;
  /** Runs the tree-reading checks off the main thread; without it (or when it gives no answer) they run here. */
  syntax?: OffThreadSyntax;
  /** Checks a finished suggestion before it is shown or remembered (the security gate). */
  gate?: SuggestionGate;
}

/** One request on its way to the model: the document version it came for, and the cursor. */
export interface Attempt {
  request: CompletionRequest;
  entry: OpenDocument;
  settings: Settings;
  offset: number;
  /** The document version the request is for. */
  version: number;
  signal: AbortSignal;
  /** Marks the request's claim on a shared model reply (live-replies.ts). */
  owner: object;
  /** When the request reached each stage, for the debug log. */
  stages: StageClock;
}

/** An attempt past the point where it needs the whole text: read once, at `version`. */
export interface ReadAttempt extends Attempt {
  text: string;
}
