/**
 * `npm run bench [part] [--write-report]`: runs the benchmark parts (all by default), prints a table
 * per part and writes each part's figures to bench/results/<part>.json. Tracked files (bench/report.md,
 * a committed results file) are only rewritten with --write-report; without it a committed part's
 * figures go to bench/results/<part>.local.json. Exits 0 when a target is missed: the figures are the
 * output; only a broken run exits non-zero.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { contextPart } from './context.js';
import { latencyPart } from './latency.js';
import { locatePart } from './locate.js';
import { machineFacts } from './machine.js';
import type { BenchPart, TargetCheck } from './part.js';
import { BENCH_DIR, RESULTS_DIR } from './paths.js';
import { peersPart } from './peers.js';
import { qualityPart } from './quality.js';
import { writeReport } from './report.js';
import { renderTable } from './table.js';

const PARTS: readonly BenchPart[] = [latencyPart, qualityPart, contextPart, locatePart, peersPart];

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function main(args: readonly string[]): Promise<number> {
  const flags = args.filter((arg) => arg.startsWith('--'));
  const writeTracked = flags.includes('--write-report');
  const requested = args.find((arg) => !arg.startsWith('--')) ?? 'all';
  const parts = requested === 'all' ? PARTS : PARTS.filter((part) => part.name === requested);
  if (parts.length === 0) {
    process.stderr.write(`unknown benchmark part "${requested}"; parts: all, ${PARTS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const machine = machineFacts();
  print(
    `Ghostline benchmark — node ${machine.node}, ${machine.cpuCount} × ${machine.cpuModel}, ${machine.platform} ${machine.osRelease}, load ${machine.loadAverage1m}, ${machine.date}`,
  );
  if (machine.loadAverage1m > machine.cpuCount / 2) {
    print(`warning: the machine was busy at the start (load ${machine.loadAverage1m} on ${machine.cpuCount} CPUs); tail latencies (p95, p99, max) will be inflated by other work`);
  }
  await mkdir(RESULTS_DIR, { recursive: true });
  for (const part of parts) {
    print(`\n=== ${part.name}: ${part.description}`);
    const started = performance.now();
    const report = await part.run(print, flags);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    print(`\n   Targets`);
    print(checkTable(report.targets, 'MET', 'MISSED'));
    print(`\n   Sanity checks (the figures above are trustworthy only if these pass)`);
    print(checkTable(report.sanity, 'ok', 'FAILED'));
    const tracked = `${RESULTS_DIR}${part.name}.json`;
    const file = writeTracked || !isTracked(tracked) ? tracked : `${RESULTS_DIR}${part.name}.local.json`;
    await writeFile(file, `${JSON.stringify({ part: part.name, machine, seconds, targets: report.targets, sanity: report.sanity, ...report.results }, null, 2)}\n`);
    print(`\n   ${part.name} took ${seconds} s; figures written to ${file}`);
  }
  if (writeTracked) print(`\nReport written to ${await writeReport()}`);
  else print('\nbench/report.md left as it is; pass --write-report to update the sections of the parts that ran.');
  return 0;
}

/** Whether git tracks `file`; outside a git checkout (or without git) nothing is. */
function isTracked(file: string): boolean {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', file], { cwd: BENCH_DIR, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function checkTable(checks: readonly TargetCheck[], pass: string, fail: string): string {
  return renderTable(
    ['check', 'target', 'measured', ''],
    checks.map((c) => [c.name, c.target, `${Number.isFinite(c.measured) ? c.measured : '-'}${c.unit ? ` ${c.unit}` : ''}`, c.met ? pass : fail]),
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
