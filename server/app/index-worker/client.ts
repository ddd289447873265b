import { Worker } from 'node:worker_threads';
import { compiledEntryBeside } from '../compiled-entry.js';
import type { RecordInput, RecordParser } from '../../context/index/build-types.js';
import type { FileRecord } from '../../context/index/file-record.js';
import { settlesWithin } from '../../util/abort.js';
import type { Logger } from '../../util/logger.js';
import type { FromIndexWorker, IndexWorkerData, ToIndexWorker } from './protocol.js';

/** The thread ends this long after its last batch (a build's batches come back to back); the next build starts another. */
const IDLE_MS = 10_000;
/** How long shutdown waits for the thread to end (it finishes the batch it is parsing first). */
const STOP_WAIT_MS = 5_000;

type Settle = (records: Array<FileRecord | undefined> | undefined) => void;

/** The compiled entry beside this module; undefined under vitest, which runs the sources (the index then parses on its own thread). */
export function defaultIndexWorkerEntry(): string | undefined {
  return compiledEntryBeside(import.meta.url);
}

/**
 * The workspace index's parses while it builds, in a worker thread: a file's parse grows with its size (a
 * 270 KB Go file took 110–150 ms), and on the main thread each one held every keystroke, completion and hover
 * behind it. The thread starts with a build's first batch and ends once idle; if it cannot start or dies, it
 * says so once and every later batch answers undefined, so the build parses on its own thread as before.
 */
export class IndexWorker implements RecordParser {
  private thread: { worker: Worker; stop: Int32Array } | undefined;
  private readonly pending = new Map<number, Settle>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Threads asked to end that have not ended yet (an idle stop may overlap the next start). */
  private readonly ending = new Set<Worker>();
  private failed = false;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly entry: string | undefined = defaultIndexWorkerEntry(),
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Where the index builds parse, for the server's start-up line. */
  get where(): string {
    return this.entry ? 'a worker thread' : 'the main thread (no compiled worker entry)';
  }

  /**
   * True while a thread is parsing, or was asked to end and has not: the process's exit would join it, and end
   * it inside a parse (see the shutdown guard). An idle thread ends with the process safely.
   */
  get held(): boolean {
    return this.pending.size > 0 || this.ending.size > 0;
  }

  /** Whether a thread is up (from a build's first batch until it has been idle a while). */
  get started(): boolean {
    return this.thread !== undefined;
  }

  /** Whether batches go to a thread: there is an entry, it has not failed, and shutdown has not stopped it. */
  private get available(): boolean {
    return this.entry !== undefined && !this.failed && !this.stopped;
  }

  records(files: readonly RecordInput[]): Promise<Array<FileRecord | undefined> | undefined> {
    const thread = this.available ? this.start() : undefined;
    if (!thread) return Promise.resolve(undefined);
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (records) => {
        if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.stop(), this.idleMs).unref();
        resolve(records);
      });
      thread.worker.postMessage({ type: 'records', id, files: [...files] } satisfies ToIndexWorker);
    });
  }

  /** Ends the thread (shutdown) and waits, a while, for it: later batches are parsed by the caller. */
  async dispose(): Promise<void> {
    this.stopped = true;
    const thread = this.thread;
    if (!thread) return;
    const ended = new Promise((resolve) => thread.worker.once('exit', resolve));
    this.stop();
    if (!(await settlesWithin(ended, STOP_WAIT_MS))) this.logger.warn(`index worker: its thread did not stop within ${STOP_WAIT_MS} ms of shutdown; not waiting for it`);
  }

  private start(): { worker: Worker; stop: Int32Array } | undefined {
    if (this.thread) return this.thread;
    try {
      const stop = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(this.entry!, { workerData: { stop: stop.buffer } satisfies IndexWorkerData });
      // An idle thread must never keep the process alive.
      worker.unref();
      const thread = { worker, stop };
      worker.on('message', (message: FromIndexWorker) => this.answer(message.id, message.records));
      worker.on('error', (error) => this.lost(thread, `failed: ${error.message}`));
      worker.on('exit', (code) => {
        this.ending.delete(worker);
        this.lost(thread, `stopped (exit code ${code})`);
      });
      this.thread = thread;
      return thread;
    } catch (error) {
      this.fail(`could not start: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Asks the thread to end between two batches, skipping any still queued (their callers parse them themselves). */
  private stop(): void {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    this.ending.add(thread.worker);
    clearTimeout(this.idleTimer);
    Atomics.store(thread.stop, 0, 1);
    thread.worker.postMessage({ type: 'stop' } satisfies ToIndexWorker);
    this.settleAll();
  }

  private answer(id: number, records: Array<FileRecord | undefined> | undefined): void {
    const settle = this.pending.get(id);
    this.pending.delete(id);
    settle?.(records);
  }

  /** The thread ended or failed: unless it was asked to, nothing more is sent to a worker. */
  private lost(thread: { worker: Worker }, why: string): void {
    if (this.thread !== thread) return;
    this.thread = undefined;
    this.fail(why);
  }

  private fail(why: string): void {
    this.settleAll();
    if (this.failed || this.stopped) return;
    this.failed = true;
    this.logger.warn(`index worker ${why}; the index parses on the main thread from now on`);
  }

  private settleAll(): void {
    for (const id of [...this.pending.keys()]) this.answer(id, undefined);
  }
}
