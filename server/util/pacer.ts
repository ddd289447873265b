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
 * a promise that resolves after one turn of the event loop.
 */
export class Pacer {
  private sliceStart = performance.now();
  private readonly deadlineAt: number;

  constructor(private readonly options: { budgetMs: number; signal: AbortSignal; startedAt?: number }) {
    this.deadlineAt = (options.startedAt ?? performance.now()) + options.budgetMs;
  }

  /** Throws when the work must stop; a promise when it should let the event loop run first, else undefined. */
  tick(): Promise<void> | undefined {
    this.check();
    const now = performance.now();
    if (now - this.sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      });
    }).then(() => this.check());
  }

  /** Throws once the deadline has passed or the signal aborted. */
  check(): void {
    const { signal, budgetMs } = this.options;
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('request cancelled');
    if (performance.now() >= this.deadlineAt) throw new DeadlineError(budgetMs);
  }
}
