import { spawnSync } from 'node:child_process';
import { join, posix } from 'node:path';
import { readText, type VerificationRules, type VerifyCommand } from '../verification.js';

/** A file pytest or unittest runs (`test_*.py`, `*_test.py`); conftest.py and helpers under tests/ are not. */
const RUNNABLE_TEST = /^test_.*\.py$|_test\.py$/;

/** py_compile of the changed files; pytest (else unittest) on each changed test file. */
export const PYTHON_VERIFICATION: VerificationRules = {
  build(_dir, paths) {
    return paths.length > 0 ? [{ step: 'build', argv: ['python3', '-m', 'py_compile', ...paths], cwd: '' }] : [];
  },
  test(dir, paths) {
    return [...new Set(paths.filter((path) => RUNNABLE_TEST.test(posix.basename(path))))].map((test) => pythonTest(test, readText(join(dir, test))));
  },
};

/**
 * pytest runs both pytest and unittest tests (`python3 -m` puts the root on sys.path, so the
 * project's packages import); without pytest, unittest runs a unittest file. A pytest-style file
 * is then not run at all, and said so: unittest would report "no tests" as a success.
 */
function pythonTest(test: string, text: string): VerifyCommand {
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
