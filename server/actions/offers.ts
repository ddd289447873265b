import { fileURLToPath } from 'node:url';
import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';
import { expandToTokens, outline } from '../syntax/outline.js';
import type { OfferDraft } from './context.js';
import { ACTIONS } from './registry.js';
import type { ActionKind, DiagnosticData } from './types.js';

/** What the code actions at a selection depend on besides the document: offsets and the client's diagnostics. */
export interface OfferQuestion {
  start: number;
  end: number;
  diagnostics: DiagnosticData[];
}

/** The offers at a selection, before the engine attaches their data; `start`/`end`: the selection widened to whole tokens. */
export interface OfferDrafts {
  start: number;
  end: number;
  drafts: Array<OfferDraft & { action: ActionKind }>;
}

/** `stale`: the worker's copy of the document is at another version. undefined: ask the main thread. */
export type OffersAnswer = OfferDrafts | 'stale' | undefined;

/** Reads the tree for code actions off the main thread (the syntax worker); the engine only needs this much of it. */
export interface OffThreadOffers {
  offers(input: { uri: string; version: number; question: OfferQuestion; signal: AbortSignal }): Promise<OffersAnswer>;
}

/**
 * Every action's offer at a selection of one tree: the outline and each definition's check read the whole
 * tree. The main thread and the syntax worker both call this, so the offers are the same wherever it runs.
 */
export function offerDrafts(input: OfferQuestion & { text: string; tree: Parser.Tree; language: Language; uri: string; version: number }): OfferDrafts {
  const { text, tree, language, uri, version } = input;
  const path = filePath(uri);
  let { start, end } = input.start <= input.end ? input : { start: input.end, end: input.start };
  if (end > start) ({ start, end } = expandToTokens(tree, start, end));
  const context = { doc: { uri, version, text, language, tree, path }, start, end, outline: outline(language, tree), diagnostics: input.diagnostics };
  const drafts = ACTIONS.flatMap((definition) => definition.offer(context).map((draft) => ({ ...draft, action: definition.action })));
  return { start, end, drafts };
}

/** The filesystem path of a file: URI; undefined for untitled buffers and malformed URIs. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
