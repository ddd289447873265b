import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** A command `ghostline task` runs in its scratch copy of the project; `skip` says why a step cannot run there. */
export interface VerifyCommand {
  step: 'build' | 'vet' | 'test';
  argv: string[];
  /** Root-relative folder to run in ('' for the root). */
  cwd: string;
  skip?: string;
  /** Variables set for this command, over the environment the checks run in. */
  env?: Readonly<Record<string, string>>;
}

/**
 * How a language checks a patch in a scratch copy (`dir`) of the project: its build or type check, and the tests of
 * the changed files. Each is given only the module's own root-relative paths; an empty answer means nothing to run.
 */
export interface VerificationRules {
  /** The build and type checks of these changed files. */
  build(dir: string, paths: readonly string[]): VerifyCommand[];
  /** The tests these files affect (the changed files and the generated test among them). */
  test(dir: string, paths: readonly string[]): VerifyCommand[];
}

/** The root-relative folder holding `name` nearest above `path`, if any. */
export function nearestWith(dir: string, path: string, name: string): string | undefined {
  for (let at = posix.dirname(path); ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    if (existsSync(join(dir, rel, name))) return rel;
    if (rel === '') return undefined;
  }
}

/** node_modules/.bin/NAME in the project folder or a folder above it (workspaces hoist). */
export function binary(dir: string, project: string, name: string): string | undefined {
  for (let at = project; ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    const candidate = join(dir, rel, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (rel === '') return undefined;
  }
}

/** A file's text, or '' when it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
