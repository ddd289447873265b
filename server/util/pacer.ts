import { performance } from 'node:perf_hooks';

/** The time a request was given ran out while its already-received data was still being processed. */
export class DeadlineError extends Error {
  constructor(budgetMs: number) {
    super(`the ${budgetMs} ms budget ran out while processing the reply`);
    this.name = 'DeadlineError';
  }
}

/** How long a loop over received chunks may hold the event loop before other requests get a turn. */
const SLICE_MS = 4;

/**
 * Paces a loop over data that has already arrived (a model reply read from a full socket buffer
 * resolves each read as a microtask, so timers and other requests never get a turn): call
 * `tick()` between chunks. It throws once the deadline has passed or the signal aborted, which
 * timers alone cannot tell while the loop holds the thread, and every few milliseconds it returns
 * a promise that resolves after one turn of the event loop. A slice starts at the first `tick()` after the
 * event loop last had a turn: time spent waiting for data (the model's whole answer time before the first
 * chunk, a token's time between chunks) held nothing, and must not cost the next chunk a turn of the event
 * loop on its way to the answer.
 */
export class Pacer {
  /** When the loop began holding the thread; undefined until the next tick after a turn of the event loop. */
  private sliceStart: number | undefined;
  /** An immediate is scheduled that ends the slice when the event loop gets its turn (the loop waited for data). */
  private watching = false;
  private readonly deadlineAt: number;

  constructor(private readonly options: { budgetMs: number; signal: AbortSignal; startedAt?: number }) {
    this.deadlineAt = (options.startedAt ?? performance.now()) + options.budgetMs;
  }

  /** Throws when the work must stop; a promise when it should let the event loop run first, else undefined. */
  tick(): Promise<void> | undefined {
    this.check();
    const now = performance.now();
    this.sliceStart ??= now;
    if (now - this.sliceStart < SLICE_MS) {
      this.watchForTurn();
      return undefined;
    }
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        this.sliceStart = undefined;
        resolve();
      });
    }).then(() => this.check());
  }

  /** Ends the slice once the event loop gets a turn: an immediate runs only when no microtask (buffered data) is left. */
  private watchForTurn(): void {
    if (this.watching) return;
    this.watching = true;
    setImmediate(() => {
      this.watching = false;
      this.sliceStart = undefined;
    });
  }

  /** Throws once the deadline has passed or the signal aborted. */
  check(): void {
    const { signal, budgetMs } = this.options;
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('request cancelled');
    if (performance.now() >= this.deadlineAt) throw new DeadlineError(budgetMs);
  }
}
