import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The facts a figure depends on, stored beside it. */
export interface MachineFacts {
  date: string;
  node: string;
  platform: string;
  osRelease: string;
  cpuCount: number;
  cpuModel: string;
  memoryGiB: number;
  /** Other work on the machine when the run started; figures from a busy machine are noisier. */
  loadAverage1m: number;
}

/** This machine and Node, now. */
export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: platform(),
    osRelease: release(),
    cpuCount: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
