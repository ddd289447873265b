import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LRUCache } from 'lru-cache';
import type { Position, Range } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { runChat } from './chat-runner.js';
import { cleanText } from './clean-reply.js';
import { codeContext, memoizedEnvironment } from './context.js';
import { hoverPrompt } from './prompts/hover.js';
import { repositoryLookup, type RepositorySource } from './repository.js';
import { outlineInSlices } from '../syntax/outline.js';
import { parseInSlices } from '../syntax/sliced-parse.js';
import { hoverTarget, type HoverTarget, type OffThreadHover } from './hover-target.js';
import { ActionError } from './types.js';

export interface HoverRequest {
  uri: string;
  position: Position;
  signal: AbortSignal;
}

export interface Explanation {
  markdown: string;
  range: Range;
  source: 'model' | 'cache';
}

export interface HoverExplainerDeps {
  documents: DocumentStore;
  settings: () => Settings;
  backend: () => ModelBackend;
  logger: Logger;
  /** The workspace index's context provider once it is built; absent or undefined: the current file alone. */
  repository?: () => RepositorySource | undefined;
  /** Finds the hover target off the main thread (the syntax worker); absent, or answering undefined: here. */
  offThread?: OffThreadHover;
}

/** A character of an identifier (`#` starts a private property's name). */
const NAME_CHAR = /^[\p{L}\p{N}_$#]/u;

/**
 * Explains the function, method or type named under the cursor, within a time budget, cached
 * per declaration text (and model) so a second hover is instant and costs no model call.
 */
export class HoverExplainer {
  private cache: LRUCache<string, string>;

  constructor(private readonly deps: HoverExplainerDeps) {
    this.cache = new LRUCache({ max: Math.max(1, deps.settings().hover.cacheSize) });
  }

  /** Forgets everything that depends on settings (call after a settings change). */
  reset(): void {
    this.cache = new LRUCache({ max: Math.max(1, this.deps.settings().hover.cacheSize) });
  }

  async explain(request: HoverRequest): Promise<Explanation | undefined> {
    const settings = this.deps.settings();
    if (!settings.hover.enabled) return undefined;
    const entry = this.deps.documents.get(request.uri);
    if (!entry?.language || entry.skipped) return undefined;
    const text = entry.document.getText();
    const offset = entry.document.offsetAt(request.position);
    // Only a name under the cursor is explained: anywhere else (blank lines, operators) the answer is known
    // without the tree, whose first read after typing is a parse.
    if (!NAME_CHAR.test(String.fromCodePoint(text.codePointAt(offset) ?? 32))) return undefined;
    const { document, language } = entry;
    const version = document.version;
    const target = await this.target({ uri: request.uri, version, offset, signal: request.signal });
    if (!target || document.version !== version) return undefined;
    const source = text.slice(target.from, target.to);
    const key = createHash('sha256').update(`${language.id}\u0000${settings.actions.model}\u0000${source}`).digest('hex');
    // The document's line table turns offsets into positions without scanning the text.
    const range = { start: document.positionAt(target.nameStart), end: document.positionAt(target.nameEnd) };
    const cached = this.cache.get(key);
    if (cached) return { markdown: cached, range, source: 'cache' };
    // The prompt's context reads the tree: the document's when it is parsed already, else one parsed in slices, as
    // the model call that follows leaves time for a few turns of the event loop (see parseInSlices).
    const tree = entry.parsedTree ?? (await parseInSlices(language, text, request.signal));
    if (!tree || document.version !== version) return undefined;
    const found = await outlineInSlices(language, tree, request.signal);

    const budget = { ms: settings.hover.timeoutMs, startedAt: performance.now() };
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(settings.hover.timeoutMs)]);
    const doc = { uri: request.uri, version: document.version, text, language, tree, path: request.uri.startsWith('file:') ? fileURLToPath(request.uri) : undefined };
    const repository = repositoryLookup({ source: this.deps.repository?.(), doc, budgetTokens: settings.context.actionBudgetTokens, signal, logger: this.deps.logger });
    const context = await codeContext({ doc, outline: found, environment: memoizedEnvironment(doc.path, language), repository }, { start: target.from, end: target.to });
    const spec = hoverPrompt({ context, declaration: source, name: target.name, kind: target.kind });
    const markdown = await this.ask({ spec, signal, budget, name: target.name });
    if (markdown === undefined) return undefined;
    this.cache.set(key, markdown);
    return { markdown, range, source: 'model' };
  }

  /** The action model's explanation, signed; undefined (and a log line) when the model gave none. */
  private async ask(input: { spec: ReturnType<typeof hoverPrompt>; signal: AbortSignal; budget: { ms: number; startedAt: number }; name: string }): Promise<string | undefined> {
    const settings = this.deps.settings();
    const { spec, signal, budget } = input;
    try {
      const explanation = await runChat(
        {
          backend: this.deps.backend(),
          model: settings.actions.model,
          maxTokens: settings.hover.maxTokens,
          temperature: settings.actions.temperature,
          signal,
          retries: 0,
          maxReplyBytes: settings.actions.maxReplyBytes,
          budget,
        },
        spec,
        (reply) => {
          const cleaned = cleanText(reply, spec.output);
          return cleaned ? { ok: true, value: cleaned } : { ok: false, kind: 'invalid-output', reason: 'the model returned no explanation', feedback: '' };
        },
      );
      return `${explanation}\n\n---\n*Generated by Ghostline (${settings.actions.model}); it may be wrong.*`;
    } catch (error) {
      if (error instanceof ActionError) {
        // A model server problem or an unusable (say, endless) reply is worth finding in the log; a cancelled hover is not.
        const message = `hover on ${input.name}: ${error.message}`;
        if (error.kind === 'model' || error.kind === 'invalid-output') this.deps.logger.info(message);
        else this.deps.logger.debug(message);
        return undefined;
      }
      throw error;
    }
  }

  /** The hover target, found on the syntax worker when there is one (the first read of the tree after typing is a parse). */
  private async target(input: { uri: string; version: number; offset: number; signal: AbortSignal }): Promise<HoverTarget | undefined> {
    // Cancelled while the worker looked: the editor has moved on.
    const answer = await this.deps.offThread?.hoverTarget(input).catch(() => 'stale' as const);
    if (answer === 'stale') return undefined;
    if (answer) return answer.target;
    const entry = this.deps.documents.get(input.uri);
    const tree = entry?.tree;
    return tree && entry.language ? hoverTarget({ tree, language: entry.language, offset: input.offset }) : undefined;
  }
}
