import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore, OpenDocument } from '../documents/document-store.js';
import { ModelError, type ModelBackend } from '../model/backend.js';
import { strictOffsetIn } from '../core/position.js';
import type { SuggestionGate } from '../core/suggestion-gate.js';
import { ServerHealth } from '../model/health.js';
import { sleep } from '../util/abort.js';
import { DeadlineError, Pacer } from '../util/pacer.js';
import type { Logger } from '../util/logger.js';
import { CompletionCache, TypedAhead, type CacheKeyParts } from './cache.js';
import { windows } from './context.js';
import { cutContext } from './cut-window.js';
import { FamilyResolver } from './family-resolver.js';
import { InFlight } from './in-flight.js';
import { TypingRhythm } from './typing-rhythm.js';
import { postprocess } from './postprocess.js';
import { prefilter } from './prefilter.js';
import { problemFromError, type Problem } from './problems.js';
import { checkSyntax, type OffThreadSyntax, type SyntaxQuestion, type SyntaxVerdict } from './syntax-checks.js';
import { analyzeCursor, createStreamFilterFor, type CursorFacts } from './stream-filters.js';
import { buildFimPrompt, stopTokens, type PromptParts } from './templates.js';
import type { CompletionMode, ContextProvider, CursorContext, LanguageId, RepositoryContext } from './types.js';
import type { EnclosingRegion } from '../core/context-provider.js';

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
    const offset = strictOffsetIn(entry.document, request.position);
    if (offset === undefined) return empty(`position ${request.position.line}:${request.position.character} is outside the document`);

    const text = entry.document.getText();
    // Only what needs no syntax tree happens before the debounce: a keystroke superseded during it costs no parse.
    const early = prefilter({ text, offset, point: pointOf(request.position), skipInComments: false, skipInStrings: false });
    if (early) return empty(early);
    const prefix = text.slice(0, offset);
    const suffix = text.slice(offset);
    const ahead = this.typedAhead.match(request.uri, prefix, suffix);
    if (ahead) return { kind: 'completion', text: ahead.rest, source: 'typed-ahead', mode: ahead.mode };

    const { signal, end } = this.inFlight.begin(request.uri, request.signal);
    try {
      const wait = onFreshLine(text, offset) ? 0 : debounceMs;
      return await this.fromModel({ request, entry, settings, text, offset, version: entry.document.version, signal, debounceMs: wait });
    } finally {
      end();
    }
  }

  /**
   * After the debounce, the syntax tree (the pending edits of the whole burst parsed now, in one incremental
   * parse), and with it the checks and the single/multi-line decision that read it. The syntax worker does
   * that on its own copy of the document when there is one, and finds the enclosing function the repository
   * context needs; the main thread's tree serves when there is no worker or it gave no answer.
   */
  private async syntaxChecks(input: {
    request: CompletionRequest;
    entry: OpenDocument;
    settings: Settings;
    text: string;
    offset: number;
    version: number;
    signal: AbortSignal;
  }): Promise<{ verdict: SyntaxVerdict; enclosing?: { region?: EnclosingRegion } }> {
    const { request, entry, settings, text, offset, version } = input;
    // The tree describes the current text; a request for an older one is out of date (its client cancels it, or a newer request supersedes it).
    const changed = () => entry.document.version !== version || this.deps.documents.get(request.uri) !== entry;
    const stale = { verdict: { skip: 'the document changed while the request waited' } };
    if (changed()) return stale;
    const { skipInComments, skipInStrings } = settings.completion;
    const question: SyntaxQuestion = { offset, point: pointOf(request.position), skipInComments, skipInStrings };
    const answer = await this.deps.syntax?.check({ uri: request.uri, version, question, signal: input.signal });
    if (answer === 'stale' || changed()) return stale;
    return answer ?? { verdict: checkSyntax({ ...question, text, tree: entry.tree, language: entry.language }) };
  }

  private async fromModel(input: {
    request: CompletionRequest;
    entry: OpenDocument;
    settings: Settings;
    text: string;
    offset: number;
    /** The document version `text` belongs to. */
    version: number;
    signal: AbortSignal;
    debounceMs: number;
  }): Promise<CompletionOutcome> {
    const { request, entry, settings, text, offset, debounceMs } = input;
    const startedAt = performance.now();
    const deadline = AbortSignal.timeout(request.budgetMs);
    const signal = AbortSignal.any([input.signal, deadline]);
    const { name: model } = settings.model;

    if (!this.health.shouldTry()) {
      return empty(`model server unreachable; next try in ${Math.ceil(this.health.waitMs())} ms`);
    }
    try {
      // Debounce first: a newer keystroke supersedes this request during the wait, before any parse or context work.
      if (debounceMs > 0) await sleep(debounceMs, signal);
      const { verdict, enclosing } = await this.syntaxChecks({ request, entry, settings, text, offset, version: input.version, signal });
      if ('skip' in verdict) return empty(verdict.skip);
      signal.throwIfAborted();
      const { mode, windowMode } = verdict;
      const languageId = entry.language?.id ?? 'typescript';
      const backend = this.deps.backend();
      const window = windows({ text, offset, prefixTokens: settings.completion.prefixTokens, suffixTokens: settings.completion.suffixTokens });
      const repository = await this.gatherContext({ request, text, offset, languageId, settings, signal, enclosing });
      const parts: PromptParts = { prefix: window.prefix, suffix: window.suffix, ...repository };
      const maxTokens = mode === 'single' ? settings.completion.singleLineMaxTokens : settings.completion.maxTokens;

      const format = await this.promptFormat(backend, parts, signal);
      if ('problem' in format) return empty(format.problem.message, format.problem);
      const { family, prompt, stop } = format;
      const key: CacheKeyParts = { model, family, mode, maxTokens, temperature: settings.model.temperature, prompt: prompt || JSON.stringify(parts) };
      const context = cutContext({ text, offset, mode, languageId, prefixMode: windowMode });

      const cached = this.fromCache(key, { uri: request.uri, text, offset, mode });
      if (cached) return cached;

      const { raw, facts } = await this.stream({
        backend,
        prompt,
        parts,
        maxTokens,
        stop,
        context,
        signal,
        temperature: settings.model.temperature,
        budgetMs: request.budgetMs,
        startedAt,
        maxBytes: settings.completion.maxReplyBytes,
        uri: request.uri,
      });
      this.health.markReachable();
      const { completion, held } = this.settle(postprocess(raw, context, facts), { key, uri: request.uri, text, offset });
      if (held) return empty(held);
      this.typedAhead.remember(request.uri, text.slice(0, offset), text.slice(offset), completion, mode);
      return completion ? { kind: 'completion', text: completion, source: 'model', mode } : empty('the model suggested nothing usable');
    } catch (error) {
      return this.failure(error, { request, deadline, cancelled: input.signal, startedAt, settings });
    }
  }

  /**
   * The suggestion the gate lets through, cached for its prompt; one it holds back is logged and
   * cached as empty, so the same prompt is neither checked nor shown again.
   */
  private settle(suggestion: string, at: { key: CacheKeyParts; uri: string; text: string; offset: number }): { completion: string; held?: string } {
    const held = suggestion ? this.deps.gate?.check({ uri: at.uri, text: at.text, offset: at.offset, suggestion }) : undefined;
    if (held) this.deps.logger.info(`completion for ${at.uri} not shown: ${held}`);
    this.cache.set(at.key, held ? '' : suggestion);
    return { completion: held ? '' : suggestion, held };
  }

  /** The cached answer for the same prompt, remembered for typing ahead; undefined when there is none. */
  private fromCache(key: CacheKeyParts, at: { uri: string; text: string; offset: number; mode: CompletionMode }): CompletionOutcome | undefined {
    const cached = this.cache.get(key);
    if (cached === undefined) return undefined;
    this.typedAhead.remember(at.uri, at.text.slice(0, at.offset), at.text.slice(at.offset), cached, at.mode);
    return cached ? { kind: 'completion', text: cached, source: 'cache', mode: at.mode } : empty('cached empty completion');
  }

  /** A request that threw: over its budget, cancelled, or a model server problem (others are bugs, rethrown). */
  private failure(error: unknown, input: { request: CompletionRequest; deadline: AbortSignal; cancelled: AbortSignal; startedAt: number; settings: Settings }): CompletionOutcome {
    const { request, deadline, cancelled, startedAt } = input;
    const { url, name: model, provider } = input.settings.model;
    // Past the deadline the timer may not have fired yet: the pacer noticed while chunks were being filtered.
    if ((deadline.aborted || error instanceof DeadlineError) && !cancelled.aborted) {
      this.deps.logger.warn(
        `completion for ${request.uri} took longer than its ${request.budgetMs} ms budget; answered empty after ${Math.round(performance.now() - startedAt)} ms`,
      );
      return empty('time budget exceeded');
    }
    if (cancelled.aborted) return empty('cancelled');
    if (!(error instanceof ModelError)) throw error;
    if (error.kind === 'unreachable') this.health.markUnreachable();
    this.deps.logger.warn(`completion for ${request.uri} failed: ${error.message}`);
    return empty(error.message, problemFromError(error, url, model, provider));
  }

  /** The FIM prompt and stop tokens of the model's family; servers that apply the model's own FIM tokens (llama.cpp /infill) need no template. */
  private async promptFormat(backend: ModelBackend, parts: PromptParts, signal: AbortSignal): Promise<{ family: string; prompt: string; stop: string[] } | { problem: Problem }> {
    if (backend.promptFormat !== 'client') return { family: 'server', prompt: '', stop: [] };
    const resolved = await this.families.resolve(signal);
    if (resolved.kind === 'unsupported') return { problem: resolved.problem };
    return { family: resolved.family, prompt: buildFimPrompt(resolved.family, parts), stop: stopTokens(resolved.family) };
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
    enclosing?: { region?: EnclosingRegion };
  }): Promise<RepositoryContext | undefined> {
    const provider = this.deps.context;
    if (!provider || !input.settings.context.enabled) return undefined;
    const { gatherTimeoutMs, budgetTokens } = input.settings.context;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), gatherTimeoutMs);
    });
    const gathering = provider
      .gather({ uri: input.request.uri, text: input.text, offset: input.offset, languageId: input.languageId, budgetTokens, signal: input.signal, enclosing: input.enclosing })
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

  /**
   * Streams the model's reply through the stream filters; stops reading (and so closes the request)
   * once they say the rest is junk, once `maxBytes` of text arrived (what came is kept), or when the
   * budget runs out while received chunks are still being filtered. Filtering yields to the event
   * loop every few milliseconds so other requests are answered meanwhile.
   */
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
    startedAt: number;
    maxBytes: number;
    uri: string;
  }): Promise<{ raw: string; facts: CursorFacts }> {
    const pacer = new Pacer({ budgetMs: input.budgetMs, signal: input.signal, startedAt: input.startedAt });
    const chunks = input.backend.generate({
      prompt: input.prompt,
      parts: input.parts,
      maxTokens: input.maxTokens,
      stop: input.stop,
      temperature: input.temperature,
      signal: input.signal,
      budgetMs: input.budgetMs,
    });
    const iterator = chunks[Symbol.asyncIterator]();
    // Send the request first, then analyse the cursor while the model works on its first token.
    const first = iterator.next();
    // Handled below; a failure during the wait must not count as an unhandled rejection meanwhile.
    first.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    const facts = analyzeCursor(input.context);
    const filter = createStreamFilterFor(facts);
    let bytes = 0;
    for await (const chunk of resumed(first, iterator)) {
      const size = Buffer.byteLength(chunk);
      const over = bytes + size > input.maxBytes;
      // Cut by characters: a few multi-byte characters past the byte cap do no harm.
      if (filter.push(over ? chunk.slice(0, input.maxBytes - bytes) : chunk)) break;
      bytes += size;
      if (over) {
        this.deps.logger.info(`completion for ${input.uri}: the model sent more than completion.maxReplyBytes (${input.maxBytes} bytes); closed the request and kept what arrived`);
        break;
      }
      const pause = pacer.tick();
      if (pause) await pause;
    }
    // Post-processing is cheap within the byte cap, but not worth starting once the budget is spent.
    pacer.check();
    return { raw: filter.text(), facts };
  }
}

/** The rest of a stream whose first `next()` was already asked for; stopping early still closes it. */
async function* resumed<T>(first: Promise<IteratorResult<T>>, iterator: AsyncIterator<T>): AsyncGenerator<T> {
  let finished = false;
  try {
    for (let step = await first; !step.done; step = await iterator.next()) yield step.value;
    finished = true;
  } finally {
    if (!finished) await iterator.return?.();
  }
}

function empty(reason: string, problem?: Problem): CompletionOutcome {
  return { kind: 'empty', reason, problem };
}

/**
 * The cursor is on a line with nothing but indentation, as just after Enter. Typists pause there to think
 * about the next statement, and a multi-line suggestion helps most there, so the request starts at once
 * instead of after the debounce (as Copilot and llama.vim start theirs): a keystroke that follows still
 * cancels it, and cancelling closes its HTTP connection, so the model stops.
 */
function onFreshLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0 || !/^[ \t]*$/.test(text.slice(lineStart, offset))) return false;
  const lineEnd = text.indexOf('\n', offset);
  return /^[ \t]*$/.test(text.slice(offset, lineEnd < 0 ? text.length : lineEnd));
}

/** An LSP position as a tree-sitter point: both count UTF-16 code units. */
function pointOf(position: Position): { row: number; column: number } {
  return { row: position.line, column: position.character };
}
