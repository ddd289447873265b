import type Parser from 'tree-sitter';
import type { EnclosingRegion } from '../core/context-provider.js';
import type { Language } from '../syntax/languages.js';
import type { LexMode } from './code-scanner.js';
import type { CursorFacts } from './stream-filters.js';
import { cutWindowStart, modeAt } from './cut-window.js';
import { decideMode, fallbackMode } from './mode.js';
import { prefilter } from './prefilter.js';
import type { CompletionMode } from './types.js';

/**
 * What the syntax tree says about a completion at the cursor: a reason to skip it, or its mode and the
 * lexer's mode where the cut's prefix window starts (cut-window.ts; undefined without a tree).
 */
export type SyntaxVerdict = { skip: string } | { mode: CompletionMode; windowMode?: LexMode };

/** Everything the tree-reading checks need besides the tree; plain data, so it can be posted to a worker. */
export interface SyntaxQuestion {
  offset: number;
  /** The cursor as a tree-sitter point (LSP line and UTF-16 character). */
  point: Parser.Point;
  skipInComments: boolean;
  skipInStrings: boolean;
}

/**
 * An answer from another thread's copy of the document: the verdict with the enclosing function (for the
 * repository context), `stale` (that copy is at another version: the request is out of date), or undefined
 * (no answer there: the caller runs the same checks on the main thread's tree). `facts` asks that thread for the
 * cursor analysis of the cut's windows (stream-filters.ts): the caller asks once its model request is out, so the
 * analysis never competes with the request's way out for a CPU; it gives undefined when there is none (the caller
 * analyses the cursor itself).
 */
export type SyntaxAnswer = { verdict: SyntaxVerdict; enclosing: { region?: EnclosingRegion }; facts?: () => Promise<CursorFacts | undefined> } | 'stale' | undefined;

/** Runs the tree-reading checks off the main thread (the syntax worker); the engine only needs this much of it. */
export interface OffThreadSyntax {
  check(input: { uri: string; version: number; question: SyntaxQuestion; signal: AbortSignal }): Promise<SyntaxAnswer>;
}

/**
 * The comment/string checks and the single/multi-line decision on one tree. The main thread and the syntax
 * worker both call this, so a completion makes the same decision wherever its tree was parsed.
 */
export function checkSyntax(input: SyntaxQuestion & { text: string; tree: Parser.Tree | undefined; language: Language | undefined }): SyntaxVerdict {
  const { text, offset, tree, language } = input;
  const skip = prefilter({ text, offset, point: input.point, tree, language, skipInComments: input.skipInComments, skipInStrings: input.skipInStrings });
  if (skip) return { skip };
  const languageId = language?.id ?? 'typescript';
  if (!tree) return { mode: fallbackMode(text, offset) };
  const start = cutWindowStart(text, offset);
  // A window from the document's start needs no tree: the scanner starts there in code, with its own rules.
  return { mode: decideMode({ tree, offset, text, languageId }), windowMode: start === 0 ? undefined : modeAt(tree, text, start, languageId) };
}
