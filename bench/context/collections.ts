import { PerformanceObserver } from 'node:perf_hooks';

/**
 * The main thread's garbage collections while a part runs (perf_hooks' `gc` entries), to say which timed windows one
 * fell inside: a gather's tail can be a collection it set off, or its own work, and the figures read differently.
 */
export class CollectionLog {
  private readonly spans: Array<{ start: number; end: number }> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.spans.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops watching, after a turn of the event loop has delivered the entries still queued. */
  async stop(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.observer.disconnect();
  }

  /** Milliseconds of collection inside [start, end) (performance.now() times). */
  inside(start: number, end: number): number {
    let ms = 0;
    for (const span of this.spans) ms += Math.max(0, Math.min(end, span.end) - Math.max(start, span.start));
    return ms;
  }
}
