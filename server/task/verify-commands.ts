import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ChangedFile } from './apply-edits.js';
import type { VerificationStep } from './verify.js';

/** A command verification runs in the scratch copy; `skip` says why a step cannot run there. */
export interface Command {
  step: VerificationStep['step'];
  argv: string[];
  /** Root-relative folder to run in ('' for the root). */
  cwd: string;
  skip?: string;
}

const TEST_FILE = /(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|(^|\/)test_[^/]*\.py|_test\.py)$/;

/** The build and type checks of the changed files: go build + go vet per module, tsc --noEmit, py_compile. */
export function buildCommands(dir: string, files: readonly ChangedFile[]): Command[] {
  const commands: Command[] = [];
  for (const [module, packages] of goPackages(
    dir,
    files.map((file) => file.path),
  )) {
    commands.push({ step: 'build', argv: ['go', 'build', './...'], cwd: module });
    commands.push({ step: 'vet', argv: ['go', 'vet', ...packages], cwd: module });
  }
  const scripts = files.filter((file) => /\.[cm]?tsx?$/.test(file.path));
  const projects = new Set(scripts.map((file) => nearestWith(dir, file.path, 'tsconfig.json')).filter((found): found is string => found !== undefined));
  for (const project of projects) {
    const tsc = binary(dir, project, 'tsc');
    commands.push(
      tsc
        ? { step: 'build', argv: [tsc, '--noEmit', '-p', project || '.'], cwd: '' }
        : { step: 'build', argv: [], cwd: '', skip: `typescript is not installed for ${project || '.'}` },
    );
  }
  const python = files.filter((file) => file.path.endsWith('.py')).map((file) => file.path);
  if (python.length) commands.push({ step: 'build', argv: ['python3', '-m', 'py_compile', ...python], cwd: '' });
  if (commands.length === 0) commands.push({ step: 'build', argv: [], cwd: '', skip: 'no build or type check for these files' });
  return commands;
}

/** The tests affected: `--test-cmd` when given, else go test on the changed packages and the project's runner on the test file. */
export function testCommands(dir: string, request: { files: readonly ChangedFile[]; testPath?: string; testCommand?: string }): Command[] {
  if (request.testCommand) return [{ step: 'test', argv: ['sh', '-c', request.testCommand], cwd: '' }];
  const paths = [...request.files.map((file) => file.path), ...(request.testPath ? [request.testPath] : [])];
  const commands: Command[] = [];
  for (const [module, packages] of goPackages(dir, paths)) commands.push({ step: 'test', argv: ['go', 'test', '-count=1', ...packages], cwd: module });
  for (const test of new Set(paths.filter((path) => TEST_FILE.test(path) && !path.endsWith('.go')))) commands.push(scriptTest(dir, test));
  if (commands.length === 0) commands.push({ step: 'test', argv: [], cwd: '', skip: 'no test runner found for these files (use --test-cmd)' });
  return commands;
}

/** The runner a test file is written for, from its imports and the package.json around it. */
function scriptTest(dir: string, test: string): Command {
  const text = readText(join(dir, test));
  if (test.endsWith('.py')) return pythonTest(test, text);
  const project = nearestWith(dir, test, 'package.json') ?? '';
  const pkg = readText(join(dir, project, 'package.json'));
  const relative = posix.relative(project, test);
  if (/from\s+['"]vitest['"]/.test(text) || (/"vitest"/.test(pkg) && !/from\s+['"](node:)?test['"]/.test(text))) {
    const vitest = binary(dir, project, 'vitest');
    return vitest ? { step: 'test', argv: [vitest, 'run', relative], cwd: project } : { step: 'test', argv: [], cwd: '', skip: 'vitest is not installed' };
  }
  if (/@jest\/globals/.test(text) || /"jest"/.test(pkg)) {
    const jest = binary(dir, project, 'jest');
    return jest ? { step: 'test', argv: [jest, relative], cwd: project } : { step: 'test', argv: [], cwd: '', skip: 'jest is not installed' };
  }
  if (/\.[cm]?js$/.test(test)) return { step: 'test', argv: [process.execPath, '--test', relative], cwd: project };
  return { step: 'test', argv: [], cwd: '', skip: `no runner for ${test} (use --test-cmd)` };
}

/**
 * pytest runs both pytest and unittest tests (`python3 -m` puts the root on sys.path, so the
 * project's packages import); without pytest, unittest runs a unittest file. A pytest-style file
 * is then not run at all, and said so: unittest would report "no tests" as a success.
 */
function pythonTest(test: string, text: string): Command {
  if (hasPytest()) return { step: 'test', argv: ['python3', '-m', 'pytest', '-q', test], cwd: '' };
  if (/^\s*(import unittest|from unittest import)/m.test(text))
    return { step: 'test', argv: ['python3', '-m', 'unittest', '-v', test.replace(/\.py$/, '').split('/').join('.')], cwd: '' };
  return { step: 'test', argv: [], cwd: '', skip: `pytest is not installed, and ${test} is not a unittest file (use --test-cmd)` };
}

let pytest: boolean | undefined;

function hasPytest(): boolean {
  if (pytest === undefined) pytest = spawnSync('python3', ['-c', 'import pytest'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  return pytest;
}

/** Go packages (as `./dir` relative to their module) of the given files, by module folder. */
function goPackages(dir: string, paths: readonly string[]): Map<string, string[]> {
  const byModule = new Map<string, Set<string>>();
  for (const path of paths.filter((p) => p.endsWith('.go'))) {
    const module = nearestWith(dir, path, 'go.mod');
    if (module === undefined) continue;
    const pkg = posix.relative(module, posix.dirname(path));
    const set = byModule.get(module) ?? new Set<string>();
    set.add(pkg === '' ? '.' : `./${pkg}`);
    byModule.set(module, set);
  }
  return new Map([...byModule].map(([module, set]) => [module, [...set].sort()]));
}

/** node_modules/.bin/NAME in the project folder or a folder above it (workspaces hoist). */
function binary(dir: string, project: string, name: string): string | undefined {
  for (let at = project; ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    const candidate = join(dir, rel, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (rel === '') return undefined;
  }
}

/** The root-relative folder holding `name` nearest above `path`, if any. */
export function nearestWith(dir: string, path: string, name: string): string | undefined {
  for (let at = posix.dirname(path); ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    if (existsSync(join(dir, rel, name))) return rel;
    if (rel === '') return undefined;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
