import { join } from 'node:path';
import { moduleForPath } from '../syntax/modules.js';
import type { LanguageModule } from '../syntax/language-module.js';
import type { VerifyCommand } from '../syntax/verification.js';
import type { ChangedFile } from './apply-edits.js';
import { runProcess, type ProcessResult } from './process-runner.js';

/** A command verification runs in the scratch copy (each language module says which: `LanguageModule.verification`). */
export type Command = VerifyCommand;

/** The build and type checks of the changed files, as each file's language module gives them (go build + go vet, tsc --noEmit, py_compile …); `above` as in VerificationRules. */
export function buildCommands(dir: string, files: readonly ChangedFile[], above?: string): Command[] {
  const commands = byModule(files.map((file) => file.path)).flatMap(([module, paths]) => module.verification?.build(dir, paths, above) ?? []);
  return commands.length > 0 ? commands : [{ step: 'build', argv: [], cwd: '', skip: 'no build or type check for these files' }];
}

/** The tests affected: `--test-cmd` when given, else what each language module runs for the changed files and the generated test. */
export function testCommands(dir: string, request: { files: readonly ChangedFile[]; testPath?: string; testCommand?: string }, above?: string): Command[] {
  if (request.testCommand) return [{ step: 'test', argv: ['sh', '-c', request.testCommand], cwd: '' }];
  const paths = [...request.files.map((file) => file.path), ...(request.testPath ? [request.testPath] : [])];
  const commands = byModule(paths).flatMap(([module, own]) => module.verification?.test(dir, own, above) ?? []);
  return commands.length > 0 ? commands : [{ step: 'test', argv: [], cwd: '', skip: 'no test runner found for these files (use --test-cmd)' }];
}

/** The paths grouped by the language module they belong to, in the order each module first appears; others left out. */
function byModule(paths: readonly string[]): Array<[LanguageModule, string[]]> {
  const groups = new Map<LanguageModule, string[]>();
  for (const path of paths) {
    const module = moduleForPath(path);
    if (!module) continue;
    const own = groups.get(module) ?? [];
    if (!own.includes(path)) own.push(path);
    groups.set(module, own);
  }
  return [...groups];
}

/** Runs one check in a copy (`dir`) with its time limit, in the environment every check gets: no module downloads, no colours. */
export function runCommand(command: Command, dir: string, options: { timeoutMs: number; signal: AbortSignal }): Promise<ProcessResult> {
  return runProcess({
    command: command.argv[0]!,
    args: command.argv.slice(1),
    cwd: join(dir, command.cwd),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    env: { ...process.env, GOPROXY: 'off', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...command.env },
  });
}
