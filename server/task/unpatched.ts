import type { ChangedFile } from './apply-edits.js';
import type { ProcessResult } from './process-runner.js';
import { createScratchCopy } from './scratch-copy.js';
import { buildCommands, runCommand, testCommands, type Command } from './verify-commands.js';

/**
 * What each check printed when it failed on the unpatched project (by checkKey), or undefined when it passed there or
 * could not be compared. One per task: every attempt's failing check is compared with the same run.
 */
export type UnpatchedRuns = Map<string, Promise<string[] | undefined>>;

/** What the checks of one candidate are made from: the same for the unpatched project, less the candidate's texts. */
export interface UnpatchedRequest {
  root: string;
  files: readonly ChangedFile[];
  testPath?: string;
  testCommand?: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** Told when a check is run on the unpatched project (it takes as long as the check, and a copy). */
  onProgress?: (message: string) => void;
}

/** Each copy has a folder of its own: commands and output name it as this. */
const COPY = '<copy>';

/** A check by where it runs and its command line, whichever copy it runs in. */
function checkKey(command: Command, top: string): string {
  return `${command.cwd}\0${command.argv.map((arg) => arg.replaceAll(top, COPY)).join('\0')}`;
}

/**
 * Whether a check that failed on the candidate fails the same way on the unpatched project: the same command fails
 * there too, and the candidate's run printed no line the unpatched run did not (each as often; digits, such as line
 * numbers and durations, and the copies' folders aside). Such a failure is the project's (a test that already failed, a
 * vet warning in code the patch left alone), so it is not shown to the model as the patch's error. A run that timed out,
 * or whose output was cut, is never called the same.
 */
export async function failsTheSameWithout(request: UnpatchedRequest, runs: UnpatchedRuns, failed: { command: Command; top: string; result: ProcessResult }): Promise<boolean> {
  if (!comparable(failed.result)) return false;
  const key = checkKey(failed.command, failed.top);
  if (!runs.has(key)) {
    request.onProgress?.(`${failed.command.step} failed; running it without the patch to see whether it failed before`);
    runs.set(key, unpatchedRun(request, key));
  }
  const before = await runs.get(key)!;
  if (!before) return false;
  const left = new Map<string, number>();
  for (const line of before) left.set(line, (left.get(line) ?? 0) + 1);
  for (const line of lines(failed.result.output, failed.top)) {
    const count = left.get(line) ?? 0;
    if (count === 0) return false;
    left.set(line, count - 1);
  }
  return true;
}

/** A failure whose whole output is there to compare: the process ran to its end with an exit code, and nothing was cut. */
function comparable(result: ProcessResult): boolean {
  return !result.ok && result.code !== null && !result.timedOut && !result.cancelled && !result.truncated;
}

/**
 * What a test the patch adds changes in a runner's output without naming a failure: the progress line (pytest's
 * `.F..  [100%]`, unittest's `..F`, one mark per test), a passing test's own line (vitest's and jest's `✓ new 2ms`,
 * unittest -v's `test_new (…) ... ok`),
 * and the counts of passed tests and their plurals (`1 failed, 1 passed in 0.65s`, `(2 tests | 1 failed)`). Every
 * failure is still named on a line of its own (`FAILED tests/test_x.py::test_old`, `× old`, `--- FAIL: TestOld`).
 */
const PROGRESS = /^[.sSxXFE]+(?: \[ ?#%\])?$/;
const PASSED = /^[✓√] |\.\.\. ok$/;
const PASSED_COUNT = /\s*[,|]?\s*# passed\b/g;
const PLURAL_COUNT = /# ([a-z]+?)s\b/g;

/**
 * The output's lines as compared: digits as one mark, spaces collapsed (runners pad to the terminal's width), the copy's
 * folder named alike, counts of passed tests left out; blank lines, progress lines and passing tests' lines left out.
 */
function lines(output: string, top: string): string[] {
  return output
    .replaceAll(top, COPY)
    .split('\n')
    .map((line) => line.replace(/\d+/g, '#').replace(PASSED_COUNT, '').replace(PLURAL_COUNT, '# $1').replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && !PROGRESS.test(line) && !PASSED.test(line));
}

/** The check `key` run in a copy of the unpatched project: its output's lines when it failed comparably, else undefined. */
async function unpatchedRun(request: UnpatchedRequest, key: string): Promise<string[] | undefined> {
  const copy = await createScratchCopy(request.root, request.signal).catch(() => undefined);
  if (!copy) return undefined;
  try {
    const commands = [...buildCommands(copy.dir, request.files, copy.top), ...testCommands(copy.dir, request, copy.top)];
    const same = commands.find((command) => !command.skip && checkKey(command, copy.top) === key);
    if (!same) return undefined;
    const result = await runCommand(same, copy.dir, request);
    return comparable(result) ? lines(result.output, copy.top) : undefined;
  } finally {
    await copy.dispose();
  }
}
