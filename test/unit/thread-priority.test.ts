import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { HELPER_NICE, HelperThreads, type Priorities } from '../../server/util/thread-priority.js';
import type { Logger } from '../../server/util/logger.js';

const linux = process.platform === 'linux';
const workers: Worker[] = [];
afterEach(async () => {
  // Each worker ends on its own (an idle event loop), never by terminate().
  await Promise.all(workers.splice(0).map((worker) => new Promise((done) => worker.once('exit', done))));
});

/** A worker thread that says its thread id and stays up until the test lets it end. */
async function startWorker(): Promise<{ tid: number; release(): void }> {
  const source = [
    "const { parentPort } = require('node:worker_threads');",
    "parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));",
    "parentPort.once('message', () => parentPort.close());",
  ].join('\n');
  const worker = new Worker(source, { eval: true });
  workers.push(worker);
  const tid = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { tid, release: () => worker.postMessage('end') };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string) => lines.push(message);
  return { lines, error: push, warn: push, info: push, debug: push };
}

const ownThreadId = () => Number(readlinkSync('/proc/thread-self').split('/').pop());

describe.runIf(linux)('HelperThreads', () => {
  it('lowers every other thread of the process, a worker thread included, and leaves its own alone', async () => {
    const worker = await startWorker();
    const own = ownThreadId();
    const before = getPriority(own);
    new HelperThreads(recordingLogger()).lower();
    const others = readdirSync('/proc/self/task')
      .map(Number)
      .filter((tid) => tid !== own);
    expect(others.length).toBeGreaterThan(1);
    for (const tid of others) expect(getPriority(tid)).toBeGreaterThanOrEqual(Math.min(19, before + HELPER_NICE));
    expect(others).toContain(worker.tid);
    expect(getPriority(own)).toBe(before);
    worker.release();
  });

  it('lowers only the threads started since the last call', async () => {
    const set: number[] = [];
    const priorities: Priorities = { get: (tid) => (set.includes(tid) ? HELPER_NICE : 0), set: (tid) => set.push(tid) };
    const helpers = new HelperThreads(recordingLogger(), priorities);
    const first = helpers.lower();
    expect(first).toBe(set.length);
    expect(helpers.lower()).toBe(0);
    const worker = await startWorker();
    // The worker's thread, and any thread of the test runner's started meanwhile.
    expect(helpers.lower()).toBeGreaterThanOrEqual(1);
    expect(set.slice(first)).toContain(worker.tid);
    expect(set.slice(0, first)).not.toContain(worker.tid);
    worker.release();
  });

  it('spares the threads started inside `sparing` (the syntax worker), and lowers the ones started after', async () => {
    const set: number[] = [];
    const helpers = new HelperThreads(recordingLogger(), { get: () => 0, set: (tid) => set.push(tid) });
    // The worker's thread starts inside the call (its id comes later, with its first message).
    const spared = await helpers.sparing(() => startWorker());
    helpers.lower();
    const later = await startWorker();
    helpers.lower();
    expect(set).not.toContain(spared.tid);
    expect(set).toContain(later.tid);
    spared.release();
    later.release();
  });

  it('never lifts a thread: one already nicer than the target is left alone, and under `nice` the target caps at 19', () => {
    const set: Array<[number, number]> = [];
    const record = (tid: number, nice: number) => set.push([tid, nice]);
    const own = ownThreadId();
    expect(new HelperThreads(recordingLogger(), { get: (tid) => (tid === own ? 0 : 15), set: record }).lower()).toBe(0);
    expect(set).toEqual([]);
    // A server started with `nice -n 15`: its threads inherit 15, and go to 19, never below the main thread.
    new HelperThreads(recordingLogger(), { get: () => 15, set: record }).lower();
    expect(set.length).toBeGreaterThan(0);
    expect(new Set(set.map(([, nice]) => nice))).toEqual(new Set([19]));
  });

  it('logs a refusal once and carries on; a thread that ended meanwhile is no failure', async () => {
    const refused = (): never => {
      throw Object.assign(new Error('uv_os_setpriority returned EACCES (permission denied)'), { code: 'ERR_SYSTEM_ERROR', info: { code: 'EACCES' } });
    };
    const logger = recordingLogger();
    const helpers = new HelperThreads(logger, { get: () => 0, set: refused });
    expect(helpers.lower()).toBe(0);
    const worker = await startWorker();
    expect(helpers.lower()).toBe(0);
    expect(logger.lines).toEqual(["background threads run at the main thread's priority: uv_os_setpriority returned EACCES (permission denied)"]);
    worker.release();

    const gone = recordingLogger();
    const ended = (): never => {
      throw Object.assign(new Error('uv_os_setpriority returned ESRCH (no such process)'), { code: 'ERR_SYSTEM_ERROR', info: { code: 'ESRCH' } });
    };
    expect(new HelperThreads(gone, { get: () => 0, set: ended }).lower()).toBe(0);
    expect(gone.lines).toEqual([]);
  });
});
