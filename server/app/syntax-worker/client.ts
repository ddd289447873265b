import { Worker } from 'node:worker_threads';
import { ChangeQueue } from './change-queue.js';
import { compiledEntryBeside } from '../compiled-entry.js';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { HoverTargetAnswer, OffThreadHover } from '../../actions/hover-target.js';
import type { OffersAnswer, OfferQuestion, OffThreadOffers } from '../../actions/offers.js';
import type { GateAnswer, OffThreadGate, OffThreadGateQuestion } from '../../actions/security-gate.js';
import { receivedFacts, type CursorFacts } from '../../completion/stream-filters.js';
import type { OffThreadSyntax, SyntaxAnswer, SyntaxQuestion } from '../../completion/syntax-checks.js';
import type { FileRecord } from '../../context/index/file-record.js';
import type { OffThreadRecords } from '../../context/service-types.js';
import { settlesWithin } from '../../util/abort.js';
import type { Logger } from '../../util/logger.js';
import type { Answer, FromWorker, ToWorker, WorkerData } from './protocol.js';

/** How long shutdown waits for a worker still loading its grammars (it reads the stop message only after). */
const LOAD_WAIT_MS = 10_000;
/**
 * How long shutdown waits for the worker's thread to end. A thread busy in native code ends only once that
 * call returns; `shutdown` is answered meanwhile (and `exit` does not wait for it: see `held`).
 */
const STOP_WAIT_MS = 2_000;
type Settle = (answer: Answer | undefined) => void;

/**
 * The compiled worker entry beside this module. Under vitest this module runs from its .ts source and there
 * is no .js beside it: no worker, the main thread parses (tests that need the worker pass dist's entry).
 */
export function defaultWorkerEntry(): string | undefined {
  return compiledEntryBeside(import.meta.url);
}

/**
 * The main thread's side of the syntax worker: forwards document changes (a structured clone of the LSP
 * change events, cheap) and asks for the comment/string checks, the single/multi-line decision and the
 * enclosing function at a cursor, and for open documents' index records. When the worker cannot start or
 * dies, it says so once and every later question answers undefined, so the caller does the same work on the
 * main thread.
 */
export class SyntaxWorker implements OffThreadSyntax, OffThreadRecords, OffThreadOffers, OffThreadHover, OffThreadGate {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Settle>();
  private nextId = 1;
  /** Set once the worker is gone for good (failed or disposed): no further warnings. */
  private stopped = false;
  /** Until the worker has loaded its grammars, completions are checked on the main thread: the first one must not wait for its start. */
  private ready = false;
  private exited = false;
  private why = 'the worker stopped';
  /** Changes not yet posted. */
  private readonly queue = new ChangeQueue((batch) => {
    if (this.worker) this.posted(this.worker, { type: 'changes', batch });
  });

  /** Whether the thread, asked to stop at shutdown, has not ended yet (see `held`). */
  private holding = false;

  /** What was last posted to the worker and when (performance.now()): said in the log if the thread will not stop. */
  private lastPosted = { type: 'nothing', at: 0 };
  /** Shared with the worker: set to 1 at shutdown, read by the worker before each message. */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly logger: Logger,
    entry: string | undefined = defaultWorkerEntry(),
    private readonly stopWaitMs = STOP_WAIT_MS,
  ) {
    // Nothing is logged here: the server builds this before the client's `initialize`; `where` says it later.
    if (!entry) {
      this.stopped = true;
      this.why = 'no compiled worker entry (running from sources)';
      return;
    }
    try {
      const workerData: WorkerData = { stop: this.stopFlag.buffer };
      const worker = new Worker(entry, { workerData });
      // The worker must never keep the process alive after `exit`.
      worker.unref();
      worker.on('message', (message: FromWorker) => this.received(message));
      worker.on('error', (error) => this.failed(`failed: ${error.message}`));
      worker.on('exit', (code) => {
        this.exited = true;
        this.failed(`stopped (exit code ${code})`);
      });
      this.worker = worker;
    } catch (error) {
      this.stopped = true;
      this.why = `the worker could not start: ${(error as Error).message}`;
    }
  }

  /** Where completions and the index parse, for the server's start-up line. */
  get where(): string {
    return this.worker ? 'a worker thread' : `the main thread (${this.why})`;
  }

  /**
   * True from the stop at shutdown until the worker's thread has ended. Node's exit joins every worker
   * thread (and terminates it, which aborts the process inside a parse), so exiting the usual way meanwhile
   * would wait for as long as the thread stays busy.
   */
  get held(): boolean {
    return this.holding;
  }

  /** Whether questions go to the worker (false after a failure, or when none was started). */
  get available(): boolean {
    return this.worker !== undefined;
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.post({ type: 'open', uri, languageId, version, text });
  }

  /** Queues the change: it reaches the worker with the next message, or a little later (ChangeQueue). */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    if (this.worker) this.queue.push(uri, version, changes);
  }

  close(uri: string): void {
    this.post({ type: 'close', uri });
  }

  /** The worker's checks at a cursor of `uri` at `version`; rejects with the signal's reason when it aborts first. */
  async check(input: { uri: string; version: number; question: SyntaxQuestion; signal: AbortSignal }): Promise<SyntaxAnswer> {
    if (!this.ready) return undefined;
    const { uri, version, question } = input;
    const answer = await this.ask((id) => ({ type: 'check', id, uri, version, question }), input.signal);
    if (answer?.type === 'stale') return 'stale';
    if (answer?.type !== 'verdict') return undefined;
    const { verdict, enclosing } = answer;
    const facts = 'mode' in verdict ? () => this.facts({ uri, version, offset: question.offset, mode: verdict.mode, windowMode: verdict.windowMode }) : undefined;
    return { verdict, enclosing, facts };
  }

  /** The cursor analysis of the cut's windows at a checked cursor; undefined when the worker's copy moved on (or there is no worker). */
  private async facts(input: Omit<Extract<ToWorker, { type: 'facts' }>, 'type' | 'id'>): Promise<CursorFacts | undefined> {
    // Never aborted: the answer comes within the analysis' time, and a cancelled request stops reading the reply anyway.
    const answer = await this.ask((id) => ({ type: 'facts', id, ...input }), new AbortController().signal);
    return answer?.type === 'facts' && answer.facts ? receivedFacts(answer.facts) : undefined;
  }

  /** The index record of an open document, built on the worker's copy (queued behind its start: the index can wait). */
  async record(input: { uri: string; version: number; path: string; hash: string; mtimeMs: number }): Promise<{ record: FileRecord | undefined } | 'stale' | undefined> {
    const answer = await this.ask((id) => ({ type: 'record', id, ...input }), new AbortController().signal);
    if (answer?.type === 'stale') return 'stale';
    return answer?.type === 'record' ? { record: answer.record } : undefined;
  }

  /** The code-action offers at a selection of `uri` at `version`, read from the worker's tree; rejects when `signal` aborts first. */
  async offers(input: { uri: string; version: number; question: OfferQuestion; signal: AbortSignal }): Promise<OffersAnswer> {
    if (!this.ready) return undefined;
    const answer = await this.ask((id) => ({ type: 'offers', id, uri: input.uri, version: input.version, question: input.question }), input.signal);
    if (answer?.type === 'stale') return 'stale';
    return answer?.type === 'offers' && answer.offers ? answer.offers : undefined;
  }

  /** What a hover at `offset` of `uri` at `version` explains, read from the worker's tree; rejects when `signal` aborts first. */
  async hoverTarget(input: { uri: string; version: number; offset: number; signal: AbortSignal }): Promise<HoverTargetAnswer> {
    if (!this.ready) return undefined;
    const answer = await this.ask((id) => ({ type: 'hover', id, uri: input.uri, version: input.version, offset: input.offset }), input.signal);
    if (answer?.type === 'stale') return 'stale';
    return answer?.type === 'hover' ? { target: answer.target } : undefined;
  }

  /** The security gate's verdict on a suggestion at `offset` of `uri` at `version` (or of `excerpt`); rejects when `signal` aborts first. */
  async gate(input: OffThreadGateQuestion): Promise<GateAnswer> {
    if (!this.ready) return undefined;
    const { uri, version, offset, suggestion, excerpt } = input;
    const answer = await this.ask((id) => ({ type: 'gate', id, uri, version, offset, suggestion, excerpt }), input.signal);
    if (answer?.type === 'stale') return 'stale';
    return answer?.type === 'gate' ? { held: answer.held } : undefined;
  }

  /** Resolves once the worker has loaded its grammars and answers checks (for tests and benchmarks); false when it never will. */
  async whenReady(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready && this.worker && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.ready && this.worker !== undefined;
  }

  /** The S-expression of the worker's tree for `uri`, parsed now if edits are pending (for tests). */
  async tree(uri: string): Promise<string | undefined> {
    const answer = await this.ask((id) => ({ type: 'tree', id, uri }), AbortSignal.timeout(30_000));
    return answer?.type === 'tree' ? answer.tree : undefined;
  }

  /** Stops the worker (shutdown): later questions answer undefined without a warning. */
  async dispose(): Promise<void> {
    this.stopped = true;
    this.why = 'shut down';
    const worker = this.worker;
    this.worker = undefined;
    this.queue.drop();
    this.settleAll();
    if (!worker) return;
    // Not worker.terminate(): it ends the thread wherever it is, and inside a call into tree-sitter (a parse,
    // a query, the grammars' loading) the binding throws while the thread is torn down, which aborts the
    // whole process (exit code 134; 32 of 40 stops during a parse did). The worker ends itself between two
    // messages instead: the flag makes it skip what is still queued, the message wakes it when idle, and a
    // worker still loading its grammars reads it once they are loaded.
    const stopped = this.exited ? Promise.resolve() : new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held from here: an `exit` that comes before the thread ended (even while this waits) must not join it.
    this.holding = !this.exited;
    void stopped.then(() => (this.holding = false));
    Atomics.store(this.stopFlag, 0, 1);
    // Not through `posted`: the warning below names the last message before this one.
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const limit = this.ready ? this.stopWaitMs : LOAD_WAIT_MS + this.stopWaitMs;
    if (await settlesWithin(stopped, limit)) return;
    const { type, at } = this.lastPosted;
    this.logger.warn(
      `syntax worker: its thread did not stop within ${limit} ms of shutdown (the last message to it, ${Math.round(performance.now() - at)} ms ago, was '${type}'); not waiting for it`,
    );
  }

  private ask(message: (id: number) => ToWorker, signal: AbortSignal): Promise<Answer | undefined> {
    signal.throwIfAborted();
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        const reason: unknown = signal.reason;
        reject(reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, (answer) => {
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
      });
      this.queue.flush();
      this.posted(worker, message(id));
    });
  }

  private posted(worker: Worker, message: ToWorker): void {
    this.lastPosted = { type: message.type, at: performance.now() };
    worker.postMessage(message);
  }

  private received(message: FromWorker): void {
    if (message.type === 'log') {
      this.logger[message.level](message.message);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.logger.info('syntax worker ready: completions and the index parse off the main thread');
      return;
    }
    const settle = this.pending.get(message.id);
    this.pending.delete(message.id);
    settle?.(message);
  }

  private post(message: ToWorker): void {
    this.queue.flush();
    if (this.worker) this.posted(this.worker, message);
  }

  /** Logged once: after it, the main thread parses; questions waiting on the worker are answered from there. */
  private failed(why: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.why = `the worker ${why}`;
    this.worker = undefined;
    this.queue.drop();
    this.settleAll();
    this.logger.warn(`syntax worker ${why}; completions and the index parse on the main thread from now on`);
  }

  private settleAll(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const settle of waiting) settle(undefined);
  }
}
