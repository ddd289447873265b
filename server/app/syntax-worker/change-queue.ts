import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { ToWorker } from './protocol.js';

/**
 * Changes wait on the main thread until the worker is asked something (they go first, in the same turn), or
 * this long after the first one, so the worker's copy never falls far behind while nobody asks.
 */
const FLUSH_AFTER_MS = 250;
/** ...or until this many are queued (a long burst with completions off must not pile up). */
const FLUSH_AT = 256;

type Batch = Extract<ToWorker, { type: 'changes' }>['batch'];

/**
 * Document changes on their way to the syntax worker. Posting one per keystroke cost a structured clone and a
 * wake-up of the worker each, so they are sent as one message: ahead of the next question, or FLUSH_AFTER_MS
 * after the first, or once FLUSH_AT are queued.
 */
export class ChangeQueue {
  private queued: Batch = [];
  private timer: NodeJS.Timeout | undefined;

  /** `send` posts a batch (never empty) to the worker. */
  constructor(private readonly send: (batch: Batch) => void) {}

  push(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.queued.push({ uri, version, changes });
    if (this.queued.length >= FLUSH_AT) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Posts what is queued as one message. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.send(batch);
  }

  /** Forgets what is queued (the worker is gone). */
  drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queued = [];
  }
}
