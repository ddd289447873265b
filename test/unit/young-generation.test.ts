import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { capYoungGeneration, collectYoungWhileIdle, youngGenerationBytes } from '../../server/util/young-generation.js';
import type { Logger } from '../../server/util/logger.js';

const logger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  // V8's default again, for the tests after these in this process.
  setFlagsFromString('--semi-space-growth-factor=2');
});

/**
 * Makes objects that live across several collections, which is what makes V8 grow its young generation; calls
 * `between` after each batch. With `turns`, a turn of the event loop every 50 batches (the observer hears of
 * collections between turns); without, the whole run is one synchronous stretch.
 */
async function allocateSurvivors(rounds: number, { turns = true, between }: { turns?: boolean; between?: () => void } = {}): Promise<void> {
  const kept: unknown[][] = [];
  for (let round = 0; round < rounds; round++) {
    const batch: unknown[] = [];
    for (let i = 0; i < 2000; i++) batch.push({ i, text: `item ${i}`, pair: [i, i + 1] });
    kept.push(batch);
    if (kept.length > 30) kept.shift();
    between?.();
    if (turns && round % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('capYoungGeneration', () => {
  it('holds the young generation at the cap once it has reached it', async () => {
    const start = youngGenerationBytes()!;
    expect(start).toBeGreaterThan(0);
    // A cap the young generation has already reached: it grows no further.
    stops.push(capYoungGeneration({ logger, capBytes: start }));
    await allocateSurvivors(1500);
    expect(youngGenerationBytes()).toBeLessThanOrEqual(start * 1.01);
  });

  it('holds it at each idle collection too, when no turn of the event loop lets the observer run', async () => {
    const start = youngGenerationBytes()!;
    // A cap above today's size: the young generation reaches it while this test allocates, never between turns.
    stops.push(capYoungGeneration({ logger, capBytes: 2 * start }));
    let largest = 0;
    await allocateSurvivors(1500, {
      turns: false,
      between: () => {
        collectYoungWhileIdle();
        largest = Math.max(largest, youngGenerationBytes()!);
      },
    });
    expect(largest).toBeGreaterThan(start);
    expect(largest).toBeLessThanOrEqual(2 * start * 1.01);
  });

  it('lets it grow below the cap', async () => {
    const start = youngGenerationBytes()!;
    stops.push(capYoungGeneration({ logger, capBytes: 64 * start }));
    await allocateSurvivors(1500);
    expect(youngGenerationBytes()).toBeGreaterThan(start);
  });
});

describe('collectYoungWhileIdle', () => {
  /** The young generation's used share of its capacity now. */
  function youngFill(): number {
    const space = getHeapSpaceStatistics().find((candidate) => candidate.space_name === 'new_space')!;
    return space.space_used_size / (space.space_used_size + space.space_available_size);
  }

  it('collects a young generation fuller than asked, and leaves one that is not', async () => {
    // Garbage, not yet collected, until the young generation is a third full (V8 may collect on the way).
    let made = 0;
    for (let batch: unknown[] = []; youngFill() < 0.34 && made < 2_000_000; batch = []) {
      for (let i = 0; i < 1000; i++) batch.push({ i, text: `item ${i}` });
      made += batch.length;
    }
    expect(youngFill()).toBeGreaterThanOrEqual(0.34);
    // Each collection is reported after it happened: a minor one must start after the call. (What the young
    // generation holds afterwards is V8's business: it may shrink its capacity after a collection that found
    // little alive, and its used size was once seen higher after than before under load.)
    const minor: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor.push(entry.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
    const called = performance.now();
    expect(collectYoungWhileIdle(0.3)).toBe(true);
    const after = youngFill();
    expect(collectYoungWhileIdle(0.99)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    expect(minor.filter((start) => start >= called - 1).length).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThan(0.99);
  });
});
