import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The name of the function a script calls just before the code whose first-time runs are counted. */
export const MARKER = 'ghostlineFirstUseMarker';
/** Called, optionally, after that code: what runs later (shutting down, say) is not counted. */
export const END_MARKER = 'ghostlineFirstUseEnd';

/**
 * Runs `script` (an ES module) in a fresh Node process under V8's `--log-function-events`, in a new folder that
 * `cleanup` receives, and returns the main isolate's log and what the script printed. V8 logs the first execution
 * of every function, which is what a script measures by calling `MARKER` before the code it counts.
 */
export async function runWithFunctionEvents(script: string, cleanup: string[]): Promise<{ log: string; stdout: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'ghostline-first-use-'));
  cleanup.push(folder);
  writeFileSync(join(folder, 'first-use.mjs'), script);
  const { stdout } = await run(process.execPath, ['--log-function-events', 'first-use.mjs'], { cwd: folder });
  // One log per isolate (a worker thread has its own): the main thread's is the one where the marker ran.
  const logs = readdirSync(folder)
    .filter((name) => name.endsWith('-v8.log'))
    .map((name) => readFileSync(join(folder, name), 'latin1'))
    .filter((log) => log.includes(`,${MARKER}`));
  if (logs.length !== 1) throw new Error(`expected one V8 log with the marker, found ${logs.length}`);
  return { log: logs[0]!, stdout };
}

/** Functions of `dist/server/<area>/` whose first execution came after the marker (and before the end marker), by name or else place (undefined: no marker ran). */
export function firstRunAfterMarker(log: string, area: string): string[] | undefined {
  const scripts = new Map<string, string>();
  const firstRuns: Array<{ script: string; name: string; at: string }> = [];
  for (const line of log.split('\n')) {
    const fields = line.split(',');
    if (fields[0] === 'script-details') scripts.set(fields[1] ?? '', fields[2] ?? '');
    else if (fields[0] === 'function' && fields[1] === 'first-execution') firstRuns.push({ script: fields[2] ?? '', name: fields[7] ?? '', at: fields[3] ?? '' });
  }
  const marker = firstRuns.findIndex((first) => first.name === MARKER);
  if (marker < 0) return undefined;
  const end = firstRuns.findIndex((first) => first.name === END_MARKER);
  return firstRuns
    .slice(marker + 1, end < 0 ? undefined : end)
    .filter((first) => scripts.get(first.script)?.includes(`/dist/server/${area}/`))
    .map((first) => first.name || `(anonymous, ${scripts.get(first.script)?.split('/dist/server/')[1]} at ${first.at})`);
}
