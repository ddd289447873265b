import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join, posix, relative } from 'node:path';
import { foldersAbove, readText, type VerificationRules, type VerifyCommand } from '../verification.js';
import { relatedTests, RUNNABLE_TEST } from './related-tests.js';

/**
 * py_compile of the changed files; pytest (else unittest) on each changed test file and on the project's tests that
 * import a changed module; with the project's own interpreter.
 */
export const PYTHON_VERIFICATION: VerificationRules = {
  build(dir, paths, above) {
    return paths.length > 0 ? [{ step: 'build', argv: [interpreter(dir, above), '-m', 'py_compile', ...paths], cwd: '' }] : [];
  },
  test(dir, paths, above) {
    const python = interpreter(dir, above);
    const env = importsFromCopy(dir);
    const tests = [...new Set([...paths.filter((path) => RUNNABLE_TEST.test(posix.basename(path))), ...relatedTests(dir, paths)])];
    return oneForPytest(tests.map((test) => ({ ...pythonTest(dir, python, test, readText(join(dir, test))), env, explain: notInstalled(python) })));
  },
};

/**
 * A module the tests import that the interpreter cannot find, before the patch as after: most often a dependency not
 * installed where the checks run (no environment at the project's top, none activated). Said with the interpreter used.
 */
function notInstalled(python: string): (output: string) => string | undefined {
  return (output) => {
    const missing = /ModuleNotFoundError: No module named '([\w.]+)'/.exec(output)?.[1];
    if (!missing) return undefined;
    const where = python !== 'python3' ? python : process.env.VIRTUAL_ENV ? `the activated environment (${process.env.VIRTUAL_ENV})` : 'python3 from PATH';
    const todo =
      python === 'python3' && !process.env.VIRTUAL_ENV
        ? "activate the project's virtual environment before running Ghostline, or install its dependencies in one at .venv"
        : 'install it in that environment';
    return `The tests ran with ${where}, which cannot import \`${missing}\`: if the project depends on it, ${todo}.`;
  };
}

/** The pytest runs made one run of all their files (one start of the interpreter); unittest runs and skips as they are. */
function oneForPytest(commands: VerifyCommand[]): VerifyCommand[] {
  const pytest = commands.filter((command) => command.argv[2] === 'pytest');
  if (pytest.length < 2) return commands;
  const merged = { ...pytest[0]!, argv: [...pytest[0]!.argv, ...pytest.slice(1).map((command) => command.argv.at(-1)!)] };
  return [merged, ...commands.filter((command) => command.argv[2] !== 'pytest')];
}

/**
 * The copy's own source folders first on the import path: a project installed in editable mode (`pip install -e .`)
 * has its environment point at the user's tree, so with a `src/` layout the tests imported the user's unpatched code,
 * not the patch. The top, and `src/` when it is a layout's folder rather than a package.
 */
function importsFromCopy(dir: string): { PYTHONPATH: string } {
  const roots = [dir, ...(existsSync(join(dir, 'src')) && !existsSync(join(dir, 'src', '__init__.py')) ? [join(dir, 'src')] : [])];
  return { PYTHONPATH: [...roots, ...(process.env.PYTHONPATH ? [process.env.PYTHONPATH] : [])].join(delimiter) };
}

/** Environments looked at first, as editors' Python support does; any other folder with a pyvenv.cfg after them. */
const PREFERRED_ENVIRONMENTS = ['.venv', 'venv'];

/**
 * The interpreter of the project's virtual environment at its top (`.venv/bin/python3`, root-relative, so the checks
 * import what is installed there), else of the nearest one above it up to `above` (`../../.venv/bin/python3`: a
 * workspace's shared environment, as uv makes it), else `python3` from PATH (an activated environment's, when there is one).
 */
export function interpreter(dir: string, above?: string): string {
  if (process.env.VIRTUAL_ENV) return 'python3';
  for (const folder of [dir, ...foldersAbove(dir, above)]) {
    const chosen = environmentIn(folder);
    if (chosen) return folder === dir ? `${chosen}/bin/python3` : `${relative(dir, folder)}/${chosen}/bin/python3`;
  }
  return 'python3';
}

/** The virtual environment a folder holds (the preferred names first), if any. */
function environmentIn(folder: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => existsSync(join(folder, name, 'pyvenv.cfg')) && existsSync(join(folder, name, 'bin', 'python3')));
  } catch {
    return undefined;
  }
  const rank = (name: string) => (PREFERRED_ENVIRONMENTS.includes(name) ? PREFERRED_ENVIRONMENTS.indexOf(name) : PREFERRED_ENVIRONMENTS.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
}

/**
 * pytest runs both pytest and unittest tests (`python3 -m` puts the root on sys.path, so the
 * project's packages import); without pytest, unittest runs a unittest file. A pytest-style file
 * is then not run at all, and said so: unittest would report "no tests" as a success.
 */
function pythonTest(dir: string, python: string, test: string, text: string): VerifyCommand {
  if (hasPytest(dir, python)) return { step: 'test', argv: [python, '-m', 'pytest', '-q', test], cwd: '' };
  if (/^\s*(import unittest|from unittest import)/m.test(text))
    return { step: 'test', argv: [python, '-m', 'unittest', '-v', test.replace(/\.py$/, '').split('/').join('.')], cwd: '' };
  return { step: 'test', argv: [], cwd: '', skip: `pytest is not installed for ${python}, and ${test} is not a unittest file (use --test-cmd)` };
}

/** Whether pytest imports, per interpreter (an environment's by the folder's real path: each scratch copy links the same one). */
const pytest = new Map<string, boolean>();

function hasPytest(dir: string, python: string): boolean {
  const environment = python.endsWith('/bin/python3') ? python.slice(0, -'/bin/python3'.length) : undefined;
  const key = environment === undefined ? python : realPathOr(join(dir, environment));
  if (!pytest.has(key)) pytest.set(key, spawnSync(python, ['-c', 'import pytest'], { cwd: dir, stdio: 'ignore', timeout: 30_000 }).status === 0);
  return pytest.get(key)!;
}

function realPathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
