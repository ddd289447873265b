import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { EnclosingRegion } from '../../core/context-provider.js';
import type { SyntaxQuestion, SyntaxVerdict } from '../../completion/syntax-checks.js';
import type { LexMode } from '../../completion/code-scanner.js';
import type { CompletionMode } from '../../completion/types.js';
import type { PostedFacts } from '../../completion/stream-filters.js';
import type { FileRecord } from '../../context/index/file-record.js';
import type { HoverTarget } from '../../actions/hover-target.js';
import type { OfferDrafts, OfferQuestion } from '../../actions/offers.js';
import type { LogLevel } from '../../util/logger.js';

/** What the main thread posts to the syntax worker; document messages mirror the LSP notifications. */
export type ToWorker =
  | { type: 'open'; uri: string; languageId: string; version: number; text: string }
  /** Document changes in the order they arrived, batched (see the client). */
  | { type: 'changes'; batch: Array<{ uri: string; version: number; changes: TextDocumentContentChangeEvent[] }> }
  | { type: 'close'; uri: string }
  | { type: 'check'; id: number; uri: string; version: number; question: SyntaxQuestion }
  /** The cursor analysis of the cut's windows at `offset`, for a check's verdict (asked once the model request is out). */
  | { type: 'facts'; id: number; uri: string; version: number; offset: number; mode: CompletionMode; windowMode?: LexMode }
  | { type: 'record'; id: number; uri: string; version: number; path: string; hash: string; mtimeMs: number }
  | { type: 'offers'; id: number; uri: string; version: number; question: OfferQuestion }
  | { type: 'hover'; id: number; uri: string; version: number; offset: number }
  /** The security gate's check of a suggestion at `offset` of the document at `version`, or of `excerpt` (any version) when given. */
  | { type: 'gate'; id: number; uri: string; version: number; offset: number; suggestion: string; excerpt?: string }
  | { type: 'tree'; id: number; uri: string }
  /** Shutdown: the worker ends its thread itself (see the client's dispose). */
  | { type: 'stop' };

/**
 * What the worker answers. `stale`: the worker's copy is not at the asked version (or not open), so the
 * question is out of date. `tree` is the S-expression of the worker's current tree, for tests. `ready`: the
 * grammars are loaded, questions are answered without a cold start.
 */
export type FromWorker =
  | { type: 'verdict'; id: number; verdict: SyntaxVerdict; enclosing: { region?: EnclosingRegion } }
  /** The cursor analysis; undefined when the worker's copy is at another version. */
  | { type: 'facts'; id: number; facts: PostedFacts | undefined }
  | { type: 'record'; id: number; record: FileRecord | undefined }
  | { type: 'offers'; id: number; offers: OfferDrafts | undefined }
  | { type: 'hover'; id: number; target: HoverTarget | undefined }
  | { type: 'gate'; id: number; held: string | undefined }
  | { type: 'stale'; id: number }
  | { type: 'tree'; id: number; tree: string | undefined }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'ready' };

/** What the worker is given at start: `stop` holds one Int32, set to 1 once the main thread asks it to end. */
export interface WorkerData {
  stop: SharedArrayBuffer;
}

/** An answer to one question (every message but the log lines and `ready`). */
export type Answer = Extract<FromWorker, { id: number }>;
