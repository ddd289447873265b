/**
 * `npm run bench [part]`: runs the benchmark parts (all by default), prints a table per part and
 * writes each part's figures to bench/results/<part>.json. Exits 0 when a target is missed: the
 * figures are the output; only a broken run exits non-zero.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { contextPart } from './context.js';
import { latencyPart } from './latency.js';
import { locatePart } from './locate.js';
import { machineFacts } from './machine.js';
import type { BenchPart, TargetCheck } from './part.js';
import { RESULTS_DIR } from './paths.js';
import { qualityPart } from './quality.js';
import { writeReport } from './report.js';
import { renderTable } from './table.js';

const PARTS: readonly BenchPart[] = [latencyPart, qualityPart, contextPart, locatePart];

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function main(args: readonly string[]): Promise<number> {
  const flags = args.filter((arg) => arg.startsWith('--'));
  const requested = args.find((arg) => !arg.startsWith('--')) ?? 'all';
  const parts = requested === 'all' ? PARTS : PARTS.filter((part) => part.name === requested);
  if (parts.length === 0) {
    process.stderr.write(`unknown benchmark part "${requested}"; parts: all, ${PARTS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const machine = machineFacts();
  print(`Ghostline benchmark — node ${machine.node}, ${machine.cpuCount} × ${machine.cpuModel}, ${machine.platform} ${machine.osRelease}, load ${machine.loadAverage1m}, ${machine.date}`);
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
    const file = `${RESULTS_DIR}${part.name}.json`;
    await writeFile(file, `${JSON.stringify({ part: part.name, machine, seconds, targets: report.targets, sanity: report.sanity, ...report.results }, null, 2)}\n`);
    print(`\n   ${part.name} took ${seconds} s; figures written to ${file}`);
  }
  print(`\nReport written to ${await writeReport()}`);
  return 0;
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
