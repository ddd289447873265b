/**
 * `node dist/bench/latency/scratch-copy.js [--root=DIR] [--runs=N]`: what the scratch copy that `ghostline task` verifies
 * each candidate in costs, on `--root` (default Debian's Go tree, 8,000 files outside git): listing the files, copying
 * them, removing the copy; N runs, each figure's median and range. The copy waits on the disk, so the figures move with
 * what else the machine writes: compare runs taken together.
 */
import { performance } from 'node:perf_hooks';
import { createScratchCopy, projectFiles } from '../../server/task/scratch-copy.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const ROOT = option('root') ?? '/usr/lib/go-1.19/src';
const RUNS = Number(option('runs') ?? 3);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms (${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)})`;
};

async function main(): Promise<void> {
  const listed: number[] = [];
  const copied: number[] = [];
  const removed: number[] = [];
  let files = 0;
  for (let run = 0; run < RUNS; run++) {
    const [listing, listMs] = await timed(() => projectFiles(ROOT));
    files = listing.files.length || (listing.tooMany?.counted ?? 0);
    const [copy, copyMs] = await timed(() => createScratchCopy(ROOT));
    const [, removeMs] = await timed(() => copy.dispose());
    listed.push(listMs);
    copied.push(copyMs);
    removed.push(removeMs);
  }
  process.stdout.write(`${ROOT}: ${files} files; ${RUNS} runs, median (range)\n`);
  process.stdout.write(`  listing ${summary(listed)}\n  copy, listing included ${summary(copied)}\n  removal ${summary(removed)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
