import { performance } from 'node:perf_hooks';
import type { ModelBackend } from '../model/backend.js';
import { strictOffsetIn } from '../core/position.js';
import { ServerHealth } from '../model/health.js';
import { sleep } from '../util/abort.js';
import { rememberLast } from '../util/remember-last.js';
import { CompletionCache, TypedAhead, type CacheKeyParts } from './cache.js';
import { windows } from './context.js';
import { gatherContext } from './repository-context.js';
import { cutContext } from './cut-window.js';
import { FamilyResolver } from './family-resolver.js';
import { InFlight } from './in-flight.js';
import { EarlyGate } from './early-gate.js';
import { LiveReplies, type Adopted } from './live-replies.js';
import { readReply } from './reply-reader.js';
import { streamReply } from './model-stream.js';
import { StageClock } from './stage-clock.js';
import { TypingRhythm } from './typing-rhythm.js';
import { postprocess } from './postprocess.js';
import { prefilter } from './prefilter.js';
import type { Problem } from './problems.js';
import { syntaxChecks } from './syntax-stage.js';
import type { CursorFacts } from './stream-filters.js';
import { buildFimPrompt, stopTokens, type PromptParts } from './templates.js';
import type { CompletionMode, CursorContext } from './types.js';
import type { LexMode } from './code-scanner.js';
import type { EnclosingRegion } from '../core/context-provider.js';
import type { GateRequest } from '../core/suggestion-gate.js';
import type { Attempt, CompletionOutcome, CompletionRequest, EngineDependencies, ReadAttempt } from './engine-types.js';
import { linesToKeep, onFreshLine, pointOf } from './cursor-line.js';
import { empty, failedOutcome } from './outcomes.js';

export type { CompletionOutcome, CompletionRequest, EngineDependencies } from './engine-types.js';

/**
 * The completion pipeline, one stage per module, in order:
 * prefilter → context → template → model (streamed, with stream filters) → post-processing → cache.
 */
export class CompletionEngine {
  private readonly cache: CompletionCache;
  private readonly typedAhead = new TypedAhead();
  private readonly inFlight = new InFlight();
  private readonly replies: LiveReplies;
  private readonly health = new ServerHealth();
  private readonly rhythm = new TypingRhythm();
  readonly families: FamilyResolver;

  constructor(private readonly deps: EngineDependencies) {
    this.cache = new CompletionCache(deps.settings().completion.cacheSize);
    this.families = new FamilyResolver(deps);
    this.replies = new LiveReplies((uri) => deps.documents.get(uri)?.document);
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
    this.replies.drop(uri);
    this.typedAhead.forget(uri);
    this.rhythm.forget(uri);
  }

  dispose(): void {
    this.inFlight.cancelAll();
    this.replies.dropAll();
  }

  async complete(request: CompletionRequest): Promise<CompletionOutcome> {
    const stages = new StageClock();
    const settings = this.deps.settings();
    if (!settings.completion.enabled) return empty('completions are disabled');
    // Every request counts towards the typing rhythm, also those answered from memory below.
    const debounceMs = this.rhythm.debounceFor(request.uri, settings.completion.debounceMs, settings.completion.maxDebounceMs);
    const entry = this.deps.documents.get(request.uri);
    if (!entry) return empty(`unknown document ${request.uri}`);
    if (entry.skipped) return empty(`document skipped: ${entry.skipped}`);
    const { document } = entry;
    const offset = strictOffsetIn(document, request.position);
    if (offset === undefined) return empty(`position ${request.position.line}:${request.position.character} is outside the document`);

    // Only what needs no syntax tree, and no copy of the whole text, happens before the debounce: a keystroke
    // superseded during it costs neither a parse nor work that grows with the file.
    const around = Math.max(0, offset - 1);
    const early = prefilter({ text: document.slice(around, offset + 1), offset: offset - around, point: pointOf(request.position), skipInComments: false, skipInStrings: false });
    if (early) return empty(early);
    const ahead = this.typedAhead.match(request.uri, document, offset);
    if (ahead) return { kind: 'completion', text: ahead.rest, source: 'typed-ahead', mode: ahead.mode };

    // A reply in flight (or finished) that this text continues is read on instead of asking the model again.
    const owner = {};
    const adopted = this.replies.adopt({ uri: request.uri, current: document, offset, owner });
    const { signal, end } = this.inFlight.begin(request.uri, request.signal);
    if (!adopted) this.replies.drop(request.uri);
    const at = { request, entry, settings, offset, version: document.version, signal, owner, stages };
    try {
      const outcome = adopted ? await this.fromAdopted({ ...at, text: document.getText(), adopted }) : undefined;
      if (outcome) return outcome;
      const wait = onFreshLine(document, request.position.line, offset) ? 0 : debounceMs;
      return await this.fromModel({ ...at, debounceMs: wait });
    } finally {
      end();
      this.deps.logger.debug(`completion stages for ${request.uri} (ms since the request): ${stages.toString()}`);
    }
  }

  private async fromModel(input: Attempt & { debounceMs: number }): Promise<CompletionOutcome> {
    const { request, entry, settings, offset, debounceMs, stages } = input;
    const startedAt = performance.now();
    const deadline = AbortSignal.timeout(request.budgetMs);
    const signal = AbortSignal.any([input.signal, deadline]);

    if (!this.health.shouldTry()) {
      return empty(`model server unreachable; next try in ${Math.ceil(this.health.waitMs())} ms`);
    }
    try {
      // Debounce first: a newer keystroke supersedes this request during the wait, before any parse or context work.
      if (debounceMs > 0) await sleep(debounceMs, signal);
      stages.mark('debounced');
      // The whole text is read once, by the request that outlived its debounce, of the version it came for.
      if (entry.document.version !== input.version) return empty('the document changed while the request waited');
      const text = entry.document.getText();
      const { verdict, enclosing, facts: analysis } = await syntaxChecks(this.deps, { request, entry, settings, text, offset, version: input.version, signal, stages });
      if ('skip' in verdict) return empty(verdict.skip);
      signal.throwIfAborted();
      stages.mark('checked');
      const { mode } = verdict;
      const prepared = await this.prompt({ ...input, text, signal }, verdict, enclosing);
      if ('problem' in prepared) return empty(prepared.problem.message, prepared.problem);
      const { backend, parts, maxTokens, prompt, stop, key, context } = prepared;

      const cached = this.fromCache(key, { uri: request.uri, text, offset, version: input.version, mode });
      if (cached) return cached;
      stages.mark('prompt');

      const early = this.earlyGate({ uri: request.uri, text, offset, version: input.version, signal });
      const cut = cutFor(context);
      const { raw, facts } = await streamReply(this.replies, this.deps.logger, {
        backend,
        request: { prompt, parts, maxTokens, stop, temperature: settings.model.temperature, budgetMs: request.budgetMs },
        context,
        facts: analysis,
        signal,
        cancelled: input.signal,
        startedAt,
        maxBytes: settings.completion.maxReplyBytes,
        at: { ...input, text },
        onChunk: (received, so, known) => early.wants(received) && early.offerLater(() => cut(so(), known)),
      });
      this.health.markReachable();
      const suggestion = cut(raw, facts);
      stages.mark('cut');
      const { completion, held } = await this.settle(suggestion, { key, uri: request.uri, early });
      stages.mark('gated');
      if (held) return empty(held);
      this.remember({ uri: request.uri, text, offset, version: input.version, completion, mode });
      return completion ? { kind: 'completion', text: completion, source: 'model', mode } : empty('the model suggested nothing usable');
    } catch (error) {
      return failedOutcome(error, { request, deadline, cancelled: input.signal, startedAt, model: settings.model, logger: this.deps.logger, health: this.health });
    }
  }

  /**
   * The request's prompt: the windows around the cursor, the repository context, and the model's FIM format
   * (with the cache key it answers to and the cut's context); a problem when the model has no FIM format.
   */
  private async prompt(at: ReadAttempt, verdict: { mode: CompletionMode; windowMode?: LexMode }, enclosing?: { region?: EnclosingRegion }) {
    const { settings, text, offset, signal, request } = at;
    const { mode } = verdict;
    const languageId = at.entry.language?.id ?? 'typescript';
    const backend = this.deps.backend();
    const cursor = { uri: request.uri, text, offset, line: request.position.line };
    const window = windows({ ...cursor, prefixTokens: settings.completion.prefixTokens, suffixTokens: settings.completion.suffixTokens });
    const repository = await gatherContext({ provider: this.deps.context, logger: this.deps.logger, ...cursor, languageId, settings, signal, enclosing });
    at.stages.mark('gathered');
    const parts: PromptParts = { prefix: window.prefix, suffix: window.suffix, ...repository };
    const maxTokens = mode === 'single' ? settings.completion.singleLineMaxTokens : settings.completion.maxTokens;
    const format = await this.promptFormat(backend, parts, signal);
    if ('problem' in format) return format;
    const { family, prompt, stop } = format;
    const key: CacheKeyParts = { model: settings.model.name, family, mode, maxTokens, temperature: settings.model.temperature, prompt: prompt || JSON.stringify(parts) };
    const context = cutContext({ text, offset, mode, languageId, prefixMode: verdict.windowMode });
    return { backend, parts, maxTokens, prompt, stop, key, context };
  }

  /**
   * Answers from a reply this request adopted (live-replies.ts): no debounce and no model call, but the
   * checks, the cut and the gate of this cursor. Undefined when the reply turns out not to agree with what
   * was typed: it is closed, and the request asks the model itself.
   */
  private async fromAdopted(input: ReadAttempt & { adopted: Adopted }): Promise<CompletionOutcome | undefined> {
    const { request, entry, settings, text, offset, adopted } = input;
    const startedAt = performance.now();
    const deadline = AbortSignal.timeout(request.budgetMs);
    const signal = AbortSignal.any([input.signal, deadline]);
    const { uri, budgetMs } = request;
    let how: 'read' | 'failed' = 'failed';
    let kept = adopted.typed;
    try {
      const { verdict, facts } = await syntaxChecks(this.deps, { ...input, signal });
      // A check that says "no suggestion here" ends the reply too (released below, so closed).
      if ('skip' in verdict) return empty(verdict.skip);
      await adopted.stream.reach(adopted.typed.length + 1, signal);
      if (!adopted.stream.text.startsWith(adopted.typed)) {
        this.replies.drop(uri);
        return undefined;
      }
      const { mode, windowMode } = verdict;
      const context = cutContext({ text, offset, mode, languageId: entry.language?.id ?? 'typescript', prefixMode: windowMode });
      const chunks = adopted.stream.read(adopted.typed.length, signal);
      const early = this.earlyGate({ uri, text, offset, version: input.version, signal });
      const cut = cutFor(context);
      const onChunk = (received: number, so: () => string, known: CursorFacts) => early.wants(received) && early.offerLater(() => cut(so(), known));
      const read = await readReply({
        chunks,
        context,
        facts: facts?.(),
        signal,
        budgetMs,
        startedAt,
        maxBytes: settings.completion.maxReplyBytes,
        uri,
        logger: this.deps.logger,
        onChunk,
      });
      how = 'read';
      kept += read.raw;
      const { completion, held } = await this.settle(cut(read.raw, read.facts), { uri, early });
      if (held) return empty(held);
      this.remember({ uri, text, offset, version: input.version, completion, mode });
      return completion ? { kind: 'completion', text: completion, source: 'model', mode } : empty('the model suggested nothing usable');
    } catch (error) {
      return failedOutcome(error, { request, deadline, cancelled: input.signal, startedAt, model: settings.model, logger: this.deps.logger, health: this.health });
    } finally {
      this.replies.release({ uri, owner: input.owner, how: input.signal.aborted ? 'cancelled' : how, keepLines: linesToKeep(text, offset, kept) });
    }
  }

  /**
   * The suggestion the gate lets through, cached for its prompt; one it holds back is logged and
   * cached as empty, so the same prompt is neither checked nor shown again. A check still running when
   * the request's signal aborts (cancelled, or past its budget) rejects: the suggestion is neither shown nor cached.
   */
  private async settle(suggestion: string, at: { uri: string; early: EarlyGate; key?: CacheKeyParts }): Promise<{ completion: string; held?: string }> {
    const held = await at.early.verdict(suggestion);
    if (held) this.deps.logger.info(`completion for ${at.uri} not shown: ${held}`);
    if (at.key) this.cache.set(at.key, held ? '' : suggestion);
    return { completion: held ? '' : suggestion, held };
  }

  /** The security gate of one request's suggestion, started early while the reply streams (early-gate.ts); none when the setting turns it off. */
  private earlyGate(at: Omit<GateRequest, 'suggestion'>): EarlyGate {
    return new EarlyGate(this.deps.settings().completion.securityGate ? this.deps.gate : undefined, at);
  }

  /** Remembers the suggestion shown at `offset` of `text` (document version `version`) for typing ahead. */
  private remember(at: { uri: string; text: string; offset: number; version: number; completion: string; mode: CompletionMode }): void {
    const { text, offset } = at;
    this.typedAhead.remember(at.uri, { prefix: text.slice(0, offset), suffix: text.slice(offset), version: at.version, text: at.completion, mode: at.mode });
  }

  /** The cached answer for the same prompt, remembered for typing ahead; undefined when there is none. */
  private fromCache(key: CacheKeyParts, at: { uri: string; text: string; offset: number; version: number; mode: CompletionMode }): CompletionOutcome | undefined {
    const cached = this.cache.get(key);
    if (cached === undefined) return undefined;
    this.remember({ ...at, completion: cached });
    return cached ? { kind: 'completion', text: cached, source: 'cache', mode: at.mode } : empty('cached empty completion');
  }

  /** The prompt for a backend that takes a finished prompt (the client's FIM format), or nothing for one that builds its own. */
  private async promptFormat(backend: ModelBackend, parts: PromptParts, signal: AbortSignal): Promise<{ family: string; prompt: string; stop: string[] } | { problem: Problem }> {
    if (backend.promptFormat !== 'client') return { family: 'server', prompt: '', stop: [] };
    const resolved = await this.families.resolve(signal);
    if (resolved.kind === 'unsupported') return { problem: resolved.problem };
    return { family: resolved.family, prompt: buildFimPrompt(resolved.family, parts), stop: stopTokens(resolved.family) };
  }
}

/** The cut of one request's reply, remembered: the final text is usually the one last cut for the early security check (its last chunk). */
function cutFor(context: CursorContext): (raw: string, facts: CursorFacts) => string {
  return rememberLast((raw: string, facts: CursorFacts) => postprocess(raw, context, facts));
}
