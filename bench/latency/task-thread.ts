/**
 * `node dist/bench/latency/task-thread.js [--runs=N] [--lines=N]`: how long the editor's `ghostline.task` holds the
 * thread that answers the editor, with its pipeline in a task worker (the server's default) and on that thread
 * (the server before the worker), alternating. The go-hello task fixture with its edited file padded to 5,000
 * lines of compiling Go, a scripted model, the real Go toolchain; the server runs in this process so
 * perf_hooks sees its event loop. A hover on a blank line is asked every 25 ms meanwhile, as an editor's
 * requests would come, and timed.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ACTION_MODEL, startActionFake } from '../../test/support/actions.js';
import { inProcessServer } from '../../test/support/in-process-server.js';
import { GOOD_EDIT, GOOD_TEST, TASK } from '../../test/support/task-replies.js';
import { makeTaskRepo, scriptTaskModel } from '../../test/support/task-repo.js';
import { summarize } from '../stats.js';
import { describeWindow, nowMicros, startStallProfile } from './stall-profile.js';

const SYNTAX_WORKER = fileURLToPath(new URL('../../server/app/syntax-worker/entry.js', import.meta.url));
const TASK_WORKER = fileURLToPath(new URL('../../server/app/task-worker/entry.js', import.meta.url));
const option = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const RUNS = option('runs', 3);
const LINES = option('lines', 5000);
const PROBE_EVERY_MS = 25;
/** `--profile`: each stall of the thread over this long is listed with the main thread's profile inside it. */
const PROFILE = process.argv.includes('--profile');
const STALL_MS = 10;

/** Go that compiles, `lines` long: small functions the edited file carries below its own code. */
function padding(lines: number): string {
  const one = (i: number) => `\n// pad${i} folds a and b.\nfunc pad${i}(a, b int) int {\n\tif a > b {\n\t\treturn a - b + ${i}\n\t}\n\treturn a + b\n}\n`;
  return Array.from({ length: Math.ceil(lines / 8) }, (_, i) => one(i)).join('');
}

interface Run {
  worker: boolean;
  verified: boolean;
  wallMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  hoverP50Ms: number;
  hoverMaxMs: number;
  stalls: string[];
}

/** Gaps over STALL_MS between 1 ms timers: [from, to] in microseconds. */
function watchStalls(): { stop(): Array<[number, number]> } {
  const gaps: Array<[number, number]> = [];
  let last = nowMicros();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = nowMicros();
    if (now - last > STALL_MS * 1000) gaps.push([last, now]);
    last = now;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return { stop: () => (clearTimeout(timer), gaps) };
}

async function once(worker: boolean): Promise<Run> {
  const repo = makeTaskRepo('go-hello');
  repo.write('server.go', repo.read('server.go') + padding(LINES));
  repo.git('commit', '-qam', 'padded');
  const fake = await startActionFake();
  scriptTaskModel(fake, { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
  const server = await inProcessServer({
    modelUrl: fake.url,
    syntaxWorker: SYNTAX_WORKER,
    taskWorker: worker ? TASK_WORKER : false,
    folder: repo.root,
    actions: { model: ACTION_MODEL },
  });
  try {
    await server.logged('indexed ', 120_000);
    const uri = pathToFileURL(`${repo.root}/server.go`).href;
    const text = repo.read('server.go');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    const blank = text.split('\n').indexOf('');
    const hovers: number[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const sent = performance.now();
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: blank, character: 0 } });
        hovers.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
    })();
    const profile = PROFILE ? await startStallProfile() : undefined;
    const watch = watchStalls();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    const result = await server.connection.sendRequest<{ verified?: boolean }>('workspace/executeCommand', {
      command: 'ghostline.task',
      arguments: [{ instruction: TASK, preview: true }],
    });
    const wallMs = performance.now() - started;
    loop.disable();
    const gaps = watch.stop();
    const window = await profile?.stop();
    const stalls = window ? gaps.map(([from, to]) => `${((to - from) / 1000).toFixed(1)} ms: ${describeWindow(window(from, to))}`) : [];
    running = false;
    await probe;
    const hover = summarize(hovers);
    return {
      worker,
      verified: result.verified === true,
      wallMs,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      hoverP50Ms: hover.p50,
      hoverMaxMs: hover.max,
      stalls,
    };
  } finally {
    await server.connection.sendRequest('shutdown').catch(() => undefined);
    server.connection.dispose();
    await fake.close();
    repo.remove();
  }
}

const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) for (const worker of [true, false]) runs.push(await once(worker));
const f = (n: number) => n.toFixed(1);
console.log(`ghostline.task on go-hello with server.go padded by ${LINES} lines; ${RUNS} runs each, alternating (ms)`);
console.log('pipeline      verified  wall     loop max  loop p99  hover p50  hover max');
for (const run of runs)
  console.log(
    `${(run.worker ? 'task worker' : 'main thread').padEnd(14)}${String(run.verified).padEnd(10)}${f(run.wallMs).padEnd(9)}${f(run.loopMaxMs).padEnd(10)}${f(run.loopP99Ms).padEnd(10)}${f(run.hoverP50Ms).padEnd(11)}${f(run.hoverMaxMs)}${run.stalls.map((stall) => `\n    stall ${stall}`).join('')}`,
  );
process.exit(0);
