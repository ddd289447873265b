/**
 * Who held the cores during an event-loop stall: every thread of this process's running time (Linux
 * schedstat, nanoseconds) and the machine's busy and stolen time (/proc/stat, 10 ms ticks), read at each
 * tick of the stall watcher, so a stall can be split into the main thread's running, this process's other
 * threads' running, and the rest of the machine. Linux only; elsewhere every reading is empty.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

/** One reading: running nanoseconds per thread id, and the machine's ticks (all CPUs summed). */
export interface ThreadReading {
  runNs: Map<number, number>;
  machineBusyTicks: number;
  machineStealTicks: number;
}

/** What ran during one interval, in milliseconds. */
export interface ThreadShare {
  /** This process's threads other than the main one, by label (`worker 123`, `thread 124`), largest first. */
  others: Array<{ label: string; ms: number }>;
  /** This process's threads other than the main one, summed. */
  othersMs: number;
  /** Every process's running time on the machine's cores (10 ms coarse per reading). */
  machineBusyMs: number;
  /** Time the hypervisor gave the machine's virtual cores to someone else (10 ms coarse per reading). */
  machineStealMs: number;
}

const buffer = Buffer.alloc(256);

function readFd(fd: number): string {
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  return buffer.toString('latin1', 0, length);
}

/**
 * Opens every thread's schedstat once (the list is read again by `refresh()`, as threads come and go), so a
 * reading is one pread per thread and makes little garbage.
 */
export class ThreadClock {
  private readonly files = new Map<number, number>();
  private stat: number | undefined;

  constructor(
    /** Thread ids to label (e.g. the syntax worker's, which it reports), beside the main thread's. */
    private readonly labels: Map<number, string> = new Map(),
  ) {
    this.refresh();
  }

  /** Opens the schedstat of threads started since the last refresh (and forgets those that ended). */
  refresh(): void {
    try {
      this.stat ??= openSync('/proc/stat', 'r');
      const tids = new Set(readdirSync('/proc/self/task').map(Number));
      for (const [tid, fd] of this.files)
        if (!tids.has(tid)) {
          closeSync(fd);
          this.files.delete(tid);
        }
      for (const tid of tids) if (!this.files.has(tid)) this.files.set(tid, openSync(`/proc/self/task/${tid}/schedstat`, 'r'));
    } catch {
      // Not Linux: readings stay empty.
    }
  }

  /** Every known thread's running nanoseconds and the machine's ticks, now. */
  read(): ThreadReading {
    const runNs = new Map<number, number>();
    for (const [tid, fd] of this.files) {
      try {
        runNs.set(tid, Number(readFd(fd).split(' ')[0]));
      } catch {
        // The thread ended since the last refresh.
      }
    }
    let machineBusyTicks = 0;
    let machineStealTicks = 0;
    if (this.stat !== undefined) {
      // "cpu user nice system idle iowait irq softirq steal ..."
      const fields = readFd(this.stat).split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
      machineBusyTicks = fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]!;
      machineStealTicks = fields[7] ?? 0;
    }
    return { runNs, machineBusyTicks, machineStealTicks };
  }

  /** What ran between two readings, the main thread (the process id) left out. */
  share(before: ThreadReading, after: ThreadReading): ThreadShare {
    const others: Array<{ label: string; ms: number }> = [];
    for (const [tid, ns] of after.runNs) {
      if (tid === process.pid) continue;
      const ms = (ns - (before.runNs.get(tid) ?? ns)) / 1e6;
      if (ms >= 0.5) others.push({ label: this.labels.get(tid) ?? `thread ${tid}`, ms: Math.round(ms * 10) / 10 });
    }
    others.sort((a, b) => b.ms - a.ms);
    return {
      others,
      othersMs: Math.round(others.reduce((sum, o) => sum + o.ms, 0) * 10) / 10,
      machineBusyMs: (after.machineBusyTicks - before.machineBusyTicks) * 10,
      machineStealMs: (after.machineStealTicks - before.machineStealTicks) * 10,
    };
  }
}
