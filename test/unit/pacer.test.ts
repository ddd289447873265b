import { setImmediate as turn, setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../server/util/pacer.js';

/** Holds the thread, as filtering buffered chunks does, until more than one slice (4 ms) has passed. */
function holdThread(ms = 6): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

const pacer = () => new Pacer({ budgetMs: 60_000, signal: new AbortController().signal });

describe('Pacer', () => {
  it('lets the first chunk through without a turn of the event loop after a long wait for it', async () => {
    const p = pacer();
    // The model's answer time: the loop waited, it held nothing.
    await sleep(10);
    expect(p.tick()).toBeUndefined();
  });

  it('starts a new slice after the event loop had a turn between two chunks', async () => {
    const p = pacer();
    expect(p.tick()).toBeUndefined();
    holdThread();
    // The next chunk arrives from the socket: the event loop turned while the loop waited for it.
    await turn();
    expect(p.tick()).toBeUndefined();
  });

  it('yields once chunks already received have held the thread for a slice', async () => {
    const p = pacer();
    expect(p.tick()).toBeUndefined();
    holdThread();
    // Buffered chunks resolve as microtasks: no turn of the event loop in between.
    await Promise.resolve();
    const pause = p.tick();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(p.tick()).toBeUndefined();
  });
});
