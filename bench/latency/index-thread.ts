/**
 * `node dist/bench/latency/index-thread.js [--runs=N] [--root=DIR] [--files=N] [--only=worker|main]`: a language server's first index
 * of a real repository (default the first 2,000 files of Debian's Go tree, as the context part's 2,000-file
 * figure) with no index cache, with the index worker (the server's default) and with the parses on the main
 * thread, alternating. The server runs in this process so perf_hooks sees its event loop; a hover on an open
 * document is asked every 25 ms meanwhile, as an editor's requests would come, and timed. Wall time is from the
 * server's start to the index's log line (the build and the rankings' warm-up); the event loop is watched from the
 * answer to `initialize` on, and the process's resident memory with it (both threads; runs share one process, so the
 * growth from a run's start to its peak is the figure, not the absolute size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeOllama } from '../../test/support/fake-ollama.js';
import { inProcessServer } from '../../test/support/in-process-server.js';
import { summarize } from '../stats.js';

const SYNTAX_WORKER = fileURLToPath(new URL('../../server/app/syntax-worker/entry.js', import.meta.url));
const INDEX_WORKER = fileURLToPath(new URL('../../server/app/index-worker/entry.js', import.meta.url));
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(option('runs') ?? 2);
const ROOT = option('root') ?? '/usr/lib/go-1.19/src';
const FILES = Number(option('files') ?? 2000);
/** `--only=worker` or `--only=main`: one kind of run, e.g. one per process, for a resident-memory figure that owes nothing to an earlier run. */
const ONLY = option('only');
const PROBE_EVERY_MS = 25;

interface Run {
  worker: boolean;
  indexed: string;
  wallMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  stallsOver10: number;
  hoverP99Ms: number;
  hoverMaxMs: number;
  /** Resident memory (MB) when the server had started, and the most it reached before the build's log line. */
  rssStartMb: number;
  rssPeakMb: number;
  /** The same SETTLE_MS after the build, after a full collection when run with --expose-gc. */
  rssSettledMb: number;
}

const MB = 1024 * 1024;
/** Resident memory is read every this many ticks of the 1 ms watcher (a read costs a system call). */
const RSS_EVERY_TICKS = 50;
/** How long after the build the settled memory is read: past the index worker's 10 s idle stop. */
const SETTLE_MS = 12_000;

async function once(worker: boolean): Promise<Run> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-index-thread-'));
  const fake = await startFakeOllama();
  const started = performance.now();
  const server = await inProcessServer({
    modelUrl: fake.url,
    syntaxWorker: SYNTAX_WORKER,
    indexWorker: worker ? INDEX_WORKER : false,
    folder: ROOT,
    context: { cacheDir, maxFiles: FILES },
    completionWarmUp: false,
  });
  // From the answer to initialize on (the server's own start is not the index's): the build starts once configured.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const gaps: number[] = [];
  let last = performance.now();
  // The process's resident memory, both threads' heaps and the grammars' native memory together.
  const rssAtStart = process.memoryUsage.rss();
  let rssPeak = rssAtStart;
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    if (gaps.length % RSS_EVERY_TICKS === 0) rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }, 1);
  try {
    const uri = pathToFileURL(join(cacheDir, 'probe.go')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: 'package probe\n\n\nfunc f() {}\n' } });
    const hovers: number[] = [];
    let indexing = true;
    const probe = (async () => {
      while (indexing) {
        const sent = performance.now();
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 0 } });
        hovers.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
    })();
    await server.logged('indexed ', 600_000);
    const wallMs = performance.now() - started;
    indexing = false;
    await probe;
    loop.disable();
    clearInterval(ticker);
    const hover = summarize(hovers);
    // What stays: the index worker has stopped (it ends after 10 s idle) and both collectors had their chance.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    (globalThis as { gc?: () => void }).gc?.();
    const rssSettledMb = process.memoryUsage.rss() / MB;
    const indexed = server.logs.find((line) => line.includes('indexed '))?.replace(/ of \/.*? in /, ' in ') ?? '';
    return {
      worker,
      indexed: indexed.slice(0, 60),
      wallMs,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      stallsOver10: gaps.filter((gap) => gap > 10).length,
      hoverP99Ms: hover.p99,
      hoverMaxMs: hover.max,
      rssStartMb: rssAtStart / MB,
      rssPeakMb: rssPeak / MB,
      rssSettledMb,
    };
  } finally {
    await server.connection.sendRequest('shutdown').catch(() => undefined);
    server.connection.dispose();
    await fake.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
const kinds = ONLY === 'worker' ? [true] : ONLY === 'main' ? [false] : [true, false];
for (let i = 0; i < RUNS; i++) for (const worker of kinds) runs.push(await once(worker));
const f = (n: number) => n.toFixed(1);
console.log(`first index of ${ROOT} (at most ${FILES} files), no cache; ${RUNS} runs each, alternating (ms)`);
console.log('parses        wall      loop max  loop p99  stalls>10  hover p99  hover max  RSS start→peak→settled MB  log');
for (const run of runs)
  console.log(
    `${(run.worker ? 'index worker' : 'main thread').padEnd(14)}${f(run.wallMs).padEnd(10)}${f(run.loopMaxMs).padEnd(10)}${f(run.loopP99Ms).padEnd(10)}${String(run.stallsOver10).padEnd(11)}${f(run.hoverP99Ms).padEnd(11)}${f(run.hoverMaxMs).padEnd(11)}${`${f(run.rssStartMb)}→${f(run.rssPeakMb)}→${f(run.rssSettledMb)}`.padEnd(27)}${run.indexed}`,
  );
process.exit(0);
