/**
 * The thread that answers the editor first when the cores are scarce. On a machine with fewer free cores
 * than the server has busy threads, the event loop's stalls while typing were mostly time the main thread
 * spent waiting for a core (0–2 ms of a 15–45 ms stall running) while V8's helper threads (garbage
 * collection, compilation) and the syntax worker held both cores. V8's and libuv's threads run at a lower
 * priority (a higher nice value) than the one that reads the editor's keystrokes, so it gets a core
 * first; on an idle machine nothing changes. The syntax worker keeps the normal priority: a completion
 * waits for its answers, at a time a local model may hold every core. Linux only: there a nice value belongs to one thread (its
 * id given to setpriority); elsewhere the same call would change the whole process, or another one.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { Logger } from './logger.js';

/** How much nicer than the main thread the server's background threads run (nice 10 under a main thread at 0). */
export const HELPER_NICE = 10;

/** Reads and sets one thread's nice value (os.getPriority/setPriority: Linux reads the id as a thread's); injectable for tests. */
export interface Priorities {
  get(threadId: number): number;
  set(threadId: number, nice: number): void;
}

/** The calling thread's id on Linux (from /proc/thread-self, `<pid>/task/<tid>`), undefined elsewhere. */
function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process's threads other than the one that made it (V8's platform threads, libuv's pool) and those it
 * spares, each lowered once. Threads start at different times (libuv's pool on the first file read, the
 * syntax worker as the services are built), so `lower()` runs again at later milestones and lowers only the new
 * ones. A thread already that nice is left alone (a server started under `nice` keeps its helpers below it,
 * never above). A failure is logged once, and later ones are not: the server runs on either way.
 */
export class HelperThreads {
  private readonly own = currentThreadId();
  /** Threads lowered, or spared, already: each is looked at once. */
  private readonly lowered = new Set<number>();
  private failed = false;

  constructor(
    private readonly logger: Logger,
    private readonly priorities: Priorities = { get: getPriority, set: setPriority },
  ) {}

  /**
   * Runs `start` and keeps the threads it starts at the owner's priority: the syntax worker's, which answers
   * questions a completion waits for (the syntax check, the security gate) while a local model may hold
   * every core at the normal priority.
   */
  sparing<T>(start: () => T): T {
    const before = new Set(threadIds());
    const started = start();
    for (const tid of threadIds()) if (!before.has(tid)) this.lowered.add(tid);
    return started;
  }

  /** Lowers every thread not lowered (or spared) yet other than the owner; returns how many it lowered now. */
  lower(): number {
    if (this.own === undefined) return 0;
    const tids = threadIds();
    let count = 0;
    let target: number | undefined;
    for (const tid of tids) {
      if (tid === this.own || this.lowered.has(tid) || !Number.isInteger(tid)) continue;
      // Marked first: a thread that cannot be lowered is not tried again at every milestone.
      this.lowered.add(tid);
      try {
        target ??= Math.min(19, this.priorities.get(this.own) + HELPER_NICE);
        if (this.priorities.get(tid) >= target) continue;
        this.priorities.set(tid, target);
        count++;
      } catch (error) {
        // A thread that ended since the listing is no failure.
        if (systemErrorCode(error) === 'ESRCH' || this.failed) continue;
        this.failed = true;
        this.logger.info(`background threads run at the main thread's priority: ${(error as Error).message}`);
      }
    }
    return count;
  }
}

/**
 * Lowers the calling thread by HELPER_NICE (Linux): for a worker whose work can wait while the editor is answered.
 * The processes it starts from then on inherit the value. Says whether it did.
 */
export function lowerThisThread(priorities: Priorities = { get: getPriority, set: setPriority }): boolean {
  const tid = currentThreadId();
  if (tid === undefined) return false;
  try {
    const nice = priorities.get(tid);
    if (nice < 19) priorities.set(tid, Math.min(19, nice + HELPER_NICE));
    return true;
  } catch {
    return false;
  }
}

/** This process's thread ids (Linux), empty where /proc cannot list them. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}

/** The errno name of a Node system error (`os.setPriority` puts it in `info`, fs calls in `code`). */
function systemErrorCode(error: unknown): string | undefined {
  const { code, info } = error as { code?: unknown; info?: { code?: unknown } };
  return typeof info?.code === 'string' ? info.code : typeof code === 'string' ? code : undefined;
}
