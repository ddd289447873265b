import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';

/** A command `ghostline task` runs in its scratch copy of the project; `skip` says why a step cannot run there. */
export interface VerifyCommand {
  step: 'build' | 'vet' | 'test';
  argv: string[];
  /** Root-relative folder to run in ('' for the root). */
  cwd: string;
  skip?: string;
  /** Variables set for this command, over the environment the checks run in. */
  env?: Readonly<Record<string, string>>;
  /**
   * What the user can do when the output says the project lacks something the checks never fetch (Go modules that
   * were never downloaded, a Python package not installed where the tests run): a line shown above the output of a
   * failure the unpatched project has too, in the words of a command they can run.
   */
  explain?: (output: string) => string | undefined;
}

/**
 * How a language checks a patch in a scratch copy (`dir`) of the project: its build or type check, and the tests of
 * the changed files. Each is given only the module's own root-relative paths; an empty answer means nothing to run.
 */
export interface VerificationRules {
  /**
   * The build and type checks of these changed files. `above`: a folder above `dir` whose tools count as the
   * project's too, found in it and the folders between (a monorepo's hoisted node_modules, its shared .venv).
   */
  build(dir: string, paths: readonly string[], above?: string): VerifyCommand[];
  /** The tests these files affect (the changed files and the generated test among them); `above` as for build. */
  test(dir: string, paths: readonly string[], above?: string): VerifyCommand[];
}

/** The folders above `dir` up to `above` itself, nearest first; none when `above` is not above `dir`. */
export function foldersAbove(dir: string, above: string | undefined): string[] {
  if (above === undefined) return [];
  const inside = relative(above, dir);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return [];
  // One folder per step of the relative path: `a/b` below `above` gives `above/a` and `above`.
  return inside.split(sep).map((_, up) => resolve(dir, ...Array<string>(up + 1).fill('..')));
}

/**
 * The root-relative folder holding `name` nearest above `path`, if any: in the project, else in a folder above it up
 * to `above` ('..', '../..': the project is one folder of a Go module or a TypeScript project, see VerificationRules).
 */
export function nearestWith(dir: string, path: string, name: string, above?: string): string | undefined {
  for (let at = posix.dirname(path); ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    if (existsSync(join(dir, rel, name))) return rel;
    if (rel === '') break;
  }
  const folder = foldersAbove(dir, above).find((candidate) => existsSync(join(candidate, name)));
  return folder === undefined ? undefined : seenFrom(dir, '', folder);
}

/**
 * `path` (root-relative, or absolute) as a command run in `folder` (root-relative, '..' above the root) names it,
 * with '/' between folders: '' for the folder itself.
 */
export function seenFrom(dir: string, folder: string, path: string): string {
  return relative(join(dir, folder), resolve(dir, path)).split(sep).join('/');
}

/** node_modules/.bin/NAME in the project folder or a folder above it (workspaces hoist), up to `above` (see VerificationRules). */
export function binary(dir: string, project: string, name: string, above?: string): string | undefined {
  for (let at = project; ; at = posix.dirname(at)) {
    const rel = at === '.' ? '' : at;
    const candidate = join(dir, rel, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (rel === '') break;
  }
  return foldersAbove(dir, above)
    .map((folder) => join(folder, 'node_modules', '.bin', name))
    .find((candidate) => existsSync(candidate));
}

/** A file's text, or '' when it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
