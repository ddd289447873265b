/**
 * Loaded into a language server's own process with `NODE_OPTIONS=--import=<this file>`, so the
 * benchmark can read the event-loop delay and memory of any server (Ghostline or a peer) without a
 * line of that server changed. On SIGUSR2 it appends one JSON line to $GHOSTLINE_PROBE_OUT with the
 * event-loop delay since the previous signal and the process's memory, then starts a new window.
 * It writes nothing to stdout, which carries the LSP protocol.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const out = process.env['GHOSTLINE_PROBE_OUT'];
if (out) {
  // 1 ms resolution: the finest the histogram's sampling timer honours, and enough for a 10 ms target.
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const loop = { maxMs: ms(histogram.max), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean), samples: histogram.count };
    const before = process.memoryUsage();
    // After a full collection, heapUsed is what is really retained; rss alone also counts garbage not yet collected.
    gc?.();
    const after = process.memoryUsage();
    const line = {
      pid: process.pid,
      at: Date.now(),
      loop,
      rss: before.rss,
      heapTotal: before.heapTotal,
      heapUsed: before.heapUsed,
      external: before.external,
      heapUsedAfterGc: after.heapUsed,
      heapTotalAfterGc: after.heapTotal,
      externalAfterGc: after.external,
      rssAfterGc: after.rss,
      gc: gc !== undefined,
      // KB committed per V8 heap space after the collection: the young generation (new_space) was most of the growth over a run.
      spacesKB: Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 1024)])),
    };
    appendFileSync(out, `${JSON.stringify(line)}\n`);
    histogram.reset();
  });
}
