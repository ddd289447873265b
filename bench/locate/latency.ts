import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { locateTask } from '../../server/task/localize.js';
import { goStdlibRoot } from '../quality/corpus.js';

const run = promisify(execFile);
/** Copied files; a few are skipped as generated or too large, and at least 2,000 remain in the index. */
const FILES = 2150;
const CACHE_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/locate/' : '../.cache/locate/', import.meta.url));
const MAIN = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../server/cli/main.js' : '../../dist/server/cli/main.js', import.meta.url));

export interface LocateLatency {
  files: number;
  /** In process, index built: the first query also builds the BM25 documents and the graph. */
  firstQueryMs: number;
  queryMs: { p50: number; p95: number; max: number; count: number };
  /** `ghostline task --locate-only --json` as a process, on-disk caches warm: start, list the folder, read the saved model, locate, print. */
  cliMs: { p50: number; p95: number; max: number; count: number };
  /** CPU time (user + system) of those processes, from /proc (Linux): what a busy machine does not inflate as much. */
  cliCpuMs: { p50: number; p95: number; max: number; count: number };
}

/**
 * A 2,000-file repository like the context part's (the first Go files of the standard library in
 * sorted order), copied into a folder of its own so the CLI indexes exactly those.
 */
function twoThousandFileRepository(log: (line: string) => void): string {
  const root = join(CACHE_DIR, `go-${FILES}`);
  if (existsSync(join(root, 'go.mod'))) return root;
  const source = goStdlibRoot(log);
  log(`   copying ${FILES} Go files of ${source} into ${root} …`);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (files.length >= FILES) return;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!['testdata', 'vendor', 'cmd'].includes(name)) walk(path);
      } else if (name.endsWith('.go')) {
        files.push(path.slice(source.length + 1));
      }
    }
  };
  walk(source);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(join(source, file), join(root, file));
  }
  writeFileSync(join(root, 'go.mod'), 'module std\n\ngo 1.19\n');
  return root;
}

/** Times locateTask on a warm index, and the CLI with a warm on-disk cache, over the given task texts. */
export async function measureLatency(tasks: readonly string[], log: (line: string) => void, cliRuns = 8): Promise<LocateLatency> {
  const root = twoThousandFileRepository(log);
  const index = new WorkspaceIndex(root, new LanguageRegistry(), () => ({ maxFileBytes: 1_000_000, maxFiles: 25_000 }));
  await index.build();
  let started = performance.now();
  locateTask({ index, task: tasks[0] ?? 'parse a duration' });
  const firstQueryMs = performance.now() - started;
  const queryMs: number[] = [];
  for (const task of tasks) {
    started = performance.now();
    locateTask({ index, task });
    queryMs.push(performance.now() - started);
  }
  const cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-locate-bench-'));
  const cliMs: number[] = [];
  const cliCpuMs: number[] = [];
  try {
    const cli = (task: string) =>
      run(process.execPath, [MAIN, 'task', task, '--locate-only', '--json', '--root', root], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, maxBuffer: 16 << 20 });
    log(`   ${index.fileCount} files indexed; warming the CLI's on-disk cache …`);
    await cli('warm the index cache');
    for (const task of tasks.slice(0, cliRuns)) {
      const cpu = childrenCpuMs();
      started = performance.now();
      await cli(task);
      cliMs.push(performance.now() - started);
      cliCpuMs.push(childrenCpuMs() - cpu);
    }
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
  return { files: index.fileCount, firstQueryMs: round(firstQueryMs), queryMs: stats(queryMs), cliMs: stats(cliMs), cliCpuMs: stats(cliCpuMs) };
}

/** User + system CPU of this process's finished children (fields 16 and 17 of /proc/self/stat), 0 where there is no /proc. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: cutime and cstime (fields 16, 17) are 13 and 14, in 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

function stats(values: number[]): { p50: number; p95: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? 0), count: values.length };
}

function round(value: number): number {
  return Math.round(value);
}
