import type { Position } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import { ModelError, type ModelBackend } from '../model/backend.js';
import { offsetOf } from '../core/position.js';
import { ServerHealth } from '../model/health.js';
import { sleep } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import { CompletionCache, TypedAhead, type CacheKeyParts } from './cache.js';
import { windows } from './context.js';
import { FamilyResolver } from './family-resolver.js';
import { InFlight } from './in-flight.js';
import { TypingRhythm } from './typing-rhythm.js';
import { decideMode } from './mode.js';
import { postprocess } from './postprocess.js';
import { prefilter } from './prefilter.js';
import { problemFromError, type Problem } from './problems.js';
import { createStreamFilter } from './stream-filters.js';
import { buildFimPrompt, stopTokens, type PromptParts } from './templates.js';
import type { CompletionMode, ContextProvider, CursorContext, LanguageId, RepositoryContext } from './types.js';

export interface CompletionRequest {
  uri: string;
  position: Position;
  signal: AbortSignal;
  /** Longest the request may take, model included. */
  budgetMs: number;
}

export type CompletionOutcome =
  | { kind: 'completion'; text: string; source: 'model' | 'cache' | 'typed-ahead'; mode: CompletionMode }
  | { kind: 'empty'; reason: string; problem?: Problem };

export interface EngineDependencies {
  documents: DocumentStore;
  settings: () => Settings;
  backend: () => ModelBackend;
  logger: Logger;
  /** Repository context (definitions, imports, recent edits); the current file alone when absent. */
  context?: ContextProvider;
}

/**
 * The completion pipeline, one stage per module, in order:
 * prefilter → context → template → model (streamed, with stream filters) → post-processing → cache.
 */
export class CompletionEngine {
  private readonly cache: CompletionCache;
  private readonly typedAhead = new TypedAhead();
  private readonly inFlight = new InFlight();
  private readonly health = new ServerHealth();
  private readonly rhythm = new TypingRhythm();
  readonly families: FamilyResolver;

  constructor(private readonly deps: EngineDependencies) {
    this.cache = new CompletionCache(deps.settings().completion.cacheSize);
    this.families = new FamilyResolver(deps);
  }

  /** Forgets everything that depends on the settings or the model (call after a settings change). */
  reset(): void {
    this.cache.resize(this.deps.settings().completion.cacheSize);
    this.typedAhead.clear();
    this.families.clear();
    this.health.markReachable();
  }

  /** Called when a document closes: its pending request is cancelled. */
  forget(uri: string): void {
    this.inFlight.cancel(uri);
    this.typedAhead.forget(uri);
    this.rhythm.forget(uri);
  }

  dispose(): void {
    this.inFlight.cancelAll();
  }

  async complete(request: CompletionRequest): Promise<CompletionOutcome> {
    const settings = this.deps.settings();
    if (!settings.completion.enabled) return empty('completions are disabled');
    // Every request counts towards the typing rhythm, also those answered from memory below.
    const debounceMs = this.rhythm.debounceFor(request.uri, settings.completion.debounceMs, settings.completion.maxDebounceMs);
    const entry = this.deps.documents.get(request.uri);
    if (!entry) return empty(`unknown document ${request.uri}`);
    if (entry.skipped) return empty(`document skipped: ${entry.skipped}`);
    const offset = offsetOf(entry.document.getText(), request.position, { strict: true });
    if (offset === undefined) return empty(`position ${request.position.line}:${request.position.character} is outside the document`);

    const text = entry.document.getText();
    const skip = prefilter({
      text,
      offset,
      point: { row: request.position.line, column: request.position.character },
      tree: entry.tree,
      language: entry.language,
      skipInComments: settings.completion.skipInComments,
      skipInStrings: settings.completion.skipInStrings,
    });
    if (skip) return empty(skip);

    const languageId = entry.language?.id ?? 'typescript';
    const mode = entry.tree ? decideMode({ tree: entry.tree, offset, text, languageId }) : fallbackMode(text, offset);
    const prefix = text.slice(0, offset);
    const suffix = text.slice(offset);
    const ahead = this.typedAhead.lookup(request.uri, prefix, suffix);
    if (ahead !== undefined) return { kind: 'completion', text: ahead, source: 'typed-ahead', mode };

    const { signal, end } = this.inFlight.begin(request.uri, request.signal);
    try {
      return await this.fromModel({ request, settings, text, offset, mode, languageId, signal, debounceMs });
    } finally {
      end();
    }
  }

  private async fromModel(input: {
    request: CompletionRequest;
    settings: Settings;
    text: string;
    offset: number;
    mode: CompletionMode;
    languageId: LanguageId;
    signal: AbortSignal;
    debounceMs: number;
  }): Promise<CompletionOutcome> {
    const { request, settings, text, offset, mode, languageId, debounceMs } = input;
    const deadline = AbortSignal.timeout(request.budgetMs);
    const signal = AbortSignal.any([input.signal, deadline]);
    const { url, name: model, provider } = settings.model;

    if (!this.health.shouldTry()) {
      return empty(`model server unreachable; next try in ${Math.ceil(this.health.waitMs())} ms`);
    }
    try {
      const backend = this.deps.backend();
      const window = windows({ text, offset, prefixTokens: settings.completion.prefixTokens, suffixTokens: settings.completion.suffixTokens });
      // The debounce timer starts first and context gathering runs while it waits, so the
      // context costs no time unless it takes longer than the debounce (it is capped far below).
      const debounce = debounceMs > 0 ? sleep(debounceMs, signal) : Promise.resolve();
      debounce.catch(() => undefined);
      const repository = await this.gatherContext({ request, text, offset, languageId, settings, signal });
      const parts: PromptParts = { prefix: window.prefix, suffix: window.suffix, ...repository };
      const maxTokens = mode === 'single' ? settings.completion.singleLineMaxTokens : settings.completion.maxTokens;

      // Servers that apply the model's own FIM tokens (llama.cpp /infill) need no template.
      let family = 'server';
      let prompt = '';
      let stop: string[] = [];
      if (backend.promptFormat === 'client') {
        const resolved = await this.families.resolve(signal);
        if (resolved.kind === 'unsupported') return empty(resolved.problem.message, resolved.problem);
        family = resolved.family;
        prompt = buildFimPrompt(resolved.family, parts);
        stop = stopTokens(resolved.family);
      }
      const key: CacheKeyParts = { model, family, mode, maxTokens, temperature: settings.model.temperature, prompt: prompt || JSON.stringify(parts) };
      const context: CursorContext = { prefix: window.prefix, suffix: window.suffix, mode, languageId };

      const cached = this.cache.get(key);
      if (cached !== undefined) {
        this.typedAhead.remember(request.uri, text.slice(0, offset), text.slice(offset), cached);
        return cached ? { kind: 'completion', text: cached, source: 'cache', mode } : empty('cached empty completion');
      }

      // Debounce only real model work: a newer keystroke supersedes this request during the wait.
      await debounce;

      const raw = await this.stream({ backend, prompt, parts, maxTokens, stop, context, signal, temperature: settings.model.temperature, budgetMs: request.budgetMs });
      this.health.markReachable();
      const completion = postprocess(raw, context);
      this.cache.set(key, completion);
      this.typedAhead.remember(request.uri, text.slice(0, offset), text.slice(offset), completion);
      return completion ? { kind: 'completion', text: completion, source: 'model', mode } : empty('the model suggested nothing usable');
    } catch (error) {
      if (deadline.aborted && !input.signal.aborted) {
        this.deps.logger.warn(`completion for ${request.uri} took longer than its ${request.budgetMs} ms budget; answered empty`);
        return empty('time budget exceeded');
      }
      if (input.signal.aborted) return empty('cancelled');
      if (!(error instanceof ModelError)) throw error;
      if (error.kind === 'unreachable') this.health.markUnreachable();
      this.deps.logger.warn(`completion for ${request.uri} failed: ${error.message}`);
      return empty(error.message, problemFromError(error, url, model, provider));
    }
  }

  /**
   * Repository context for the prompt, or undefined (the current file alone) when there is no
   * provider, it fails, or it does not answer within `context.gatherTimeoutMs`.
   */
  private async gatherContext(input: {
    request: CompletionRequest;
    text: string;
    offset: number;
    languageId: LanguageId;
    settings: Settings;
    signal: AbortSignal;
  }): Promise<RepositoryContext | undefined> {
    const provider = this.deps.context;
    if (!provider || !input.settings.context.enabled) return undefined;
    const { gatherTimeoutMs, budgetTokens } = input.settings.context;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), gatherTimeoutMs);
    });
    const gathering = provider
      .gather({ uri: input.request.uri, text: input.text, offset: input.offset, languageId: input.languageId, budgetTokens, signal: input.signal })
      .catch((error: unknown) => {
        this.deps.logger.warn(`repository context failed for ${input.request.uri}: ${(error as Error).message}`);
        return undefined;
      });
    try {
      return await Promise.race([gathering, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Streams the model's reply through the stream filters; stops reading (and so closes the request) once they say the rest is junk. */
  private async stream(input: {
    backend: ModelBackend;
    prompt: string;
    parts: PromptParts;
    maxTokens: number;
    stop: string[];
    temperature: number;
    context: CursorContext;
    signal: AbortSignal;
    budgetMs: number;
  }): Promise<string> {
    const filter = createStreamFilter(input.context);
    let text = '';
    const chunks = input.backend.generate({
      prompt: input.prompt,
      parts: input.parts,
      maxTokens: input.maxTokens,
      stop: input.stop,
      temperature: input.temperature,
      signal: input.signal,
      budgetMs: input.budgetMs,
    });
    for await (const chunk of chunks) {
      text += chunk;
      const verdict = filter(text);
      if (verdict.done) return verdict.text;
    }
    return text;
  }
}

function empty(reason: string, problem?: Problem): CompletionOutcome {
  return { kind: 'empty', reason, problem };
}

/** Without a syntax tree: multi-line only at the end of a line. */
function fallbackMode(text: string, offset: number): CompletionMode {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  return rest.trim() === '' ? 'multi' : 'single';
}
