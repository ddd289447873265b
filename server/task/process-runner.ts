import { spawn } from 'node:child_process';

/** What a build, vet or test command reported. */
export interface ProcessResult {
  ok: boolean;
  /** Exit code; null when killed. */
  code: number | null;
  /** stdout and stderr interleaved, cut to the last `maxOutput` characters (after a `…`). */
  output: string;
  /** Whether the output was cut: what came first is not in it. */
  truncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  /** The process group id, so tests can check that nothing outlives a cancel. */
  pid: number | undefined;
}

export interface ProcessRequest {
  command: string;
  args: readonly string[];
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  maxOutput?: number;
}

const DEFAULT_MAX_OUTPUT = 16_000;

/**
 * Runs one child process with a time limit. It is spawned as the leader of its own process group
 * so a timeout or a cancel kills everything it started (`go test` runs the compiled test binary
 * as a grandchild; `npx vitest` forks workers), not only the direct child.
 */
export function runProcess(request: ProcessRequest): Promise<ProcessResult> {
  const maxOutput = request.maxOutput ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    if (request.signal.aborted) {
      resolve({ ok: false, code: null, output: 'cancelled before it started', truncated: false, timedOut: false, cancelled: true, pid: undefined });
      return;
    }
    const child = spawn(request.command, [...request.args], {
      cwd: request.cwd,
      env: request.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Keep the tail: compilers and test runners put the summary and the first error near the end.
      if (output.length > maxOutput * 2) {
        output = output.slice(-maxOutput);
        truncated = true;
      }
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, request.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      killGroup();
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null, extra = '') => {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      // The leader may exit while its children still run (a backgrounded server): end them too.
      killGroup();
      truncated ||= output.length > maxOutput;
      const tail = truncated ? `…${output.slice(-maxOutput)}` : output;
      const note = timedOut ? `\n(killed after ${request.timeoutMs} ms)` : cancelled ? '\n(cancelled)' : '';
      resolve({ ok: code === 0 && !timedOut && !cancelled, code, output: `${tail}${extra}${note}`.trim(), truncated, timedOut, cancelled, pid: child.pid });
    };
    child.on('error', (error) => finish(null, `\n${request.command}: ${error.message}`));
    child.on('close', (code) => finish(code));
  });
}
