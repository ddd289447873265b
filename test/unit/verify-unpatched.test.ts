import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { verificationSummary, verificationTable } from '../../server/task/present.js';
import type { UnpatchedRuns } from '../../server/task/unpatched.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { OWN_NODE_MODULES } from '../support/task-repo.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

/**
 * A check (`--test-cmd`, run through sh in the copy) that may print differently once the candidate is written: the
 * candidate turns notes.txt's `old` into `patched`, so `if patched; then …` runs only with the patch.
 */
const checking = (testCommand: string, unpatched?: UnpatchedRuns) =>
  verifyCandidate({
    root: workspace({ 'notes.txt': 'old\n' }),
    files: [{ path: 'notes.txt', before: 'old\n', after: 'patched\n' }],
    testCommand,
    languages: new LanguageRegistry(),
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    ...(unpatched ? { unpatched } : {}),
  });

const PATCHED = 'grep -q patched notes.txt';

describe('a check that fails is compared with the same check on the unpatched project', { timeout: 60_000 }, () => {
  it('fails the same way without the patch (line numbers and durations aside): the project’s failure, shown as such, never verified', async () => {
    const result = await checking(`echo "FAIL: TestOld (0.0$(${PATCHED} && echo 3 || echo 1)s)"; echo "old_test.go:12: boom"; exit 1`);
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test).toMatchObject({ ok: true, skipped: true, failsWithoutPatch: true });
    expect(result.verified).toBe(false);
    expect(verificationSummary(result)).toBe('NOT verified (parse not run; build not run; test fails without the patch too)');
    expect(verificationTable(result.steps)).toMatch(/ {2}test {5}as before sh -c .*\n {6}FAIL: TestOld/);
  });

  it.each([
    ['prints a line the unpatched run does not', `echo "FAIL: TestOld"; ${PATCHED} && echo "FAIL: TestNew"; exit 1`],
    ['prints a line more often than the unpatched run', `echo "undefined: x"; ${PATCHED} && echo "undefined: x"; exit 1`],
    ['passes without the patch', `${PATCHED} && exit 1; exit 0`],
    ['fails differently without the patch', `${PATCHED} && echo "FAIL: TestOld" || echo "no test files"; exit 1`],
    ['prints more than is kept (the new error could be in the part cut away)', `head -c 40000 /dev/zero | tr '\\0' 'x'; echo; echo "FAIL: TestOld"; exit 1`],
  ])('is the patch’s failure when it %s', async (_, command) => {
    const result = await checking(command);
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
    expect(test.failsWithoutPatch).toBeUndefined();
    expect(verificationSummary(result)).toContain('test failed');
  });

  it('runs each check on the unpatched project once for a task, whatever the attempts', async () => {
    const unpatched: UnpatchedRuns = new Map();
    const root = workspace({ 'notes.txt': 'old\n', 'count.sh': 'echo run >> "$TMPDIR_COUNT"; echo "FAIL: TestOld"; exit 1\n' });
    const counted = `${root}/runs.log`;
    for (const after of ['patched\n', 'patched again\n'])
      await verifyCandidate({
        root,
        files: [{ path: 'notes.txt', before: 'old\n', after }],
        testCommand: `TMPDIR_COUNT=${counted} sh count.sh`,
        languages: new LanguageRegistry(),
        signal: new AbortController().signal,
        timeoutMs: 60_000,
        unpatched,
      });
    expect(unpatched.size).toBe(1);
    // Two candidates' runs and one unpatched run.
    expect(readFileSync(counted, 'utf8')).toBe('run\nrun\nrun\n');
  });
});

describe('a pytest file the candidate appends to, whose older test already failed', { timeout: 120_000 }, () => {
  const OLD = 'from shop import total\n\n\ndef test_old():\n    assert total([1]) == 2\n';
  const verifying = (newTest: string) =>
    verifyCandidate({
      root: workspace({ 'shop.py': 'def total(values):\n    return sum(values)\n', 'test_shop.py': OLD }),
      files: [
        {
          path: 'shop.py',
          before: 'def total(values):\n    return sum(values)\n',
          after: 'def total(values):\n    return sum(values)\n\n\ndef count(values):\n    return len(values)\n',
        },
        { path: 'test_shop.py', before: OLD, after: `${OLD.replace('import total', 'import count, total')}\n\n${newTest}` },
      ],
      testPath: 'test_shop.py',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });

  it('fails as before when the appended test passes (its progress mark aside: each failure is named)', async () => {
    const result = await verifying('def test_count():\n    assert count([1, 2]) == 2\n');
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.command).toMatch(/pytest -q test_shop\.py$/);
    expect(test).toMatchObject({ ok: true, skipped: true, failsWithoutPatch: true });
    expect(test.output).toMatch(/FAILED test_shop\.py::test_old/);
  });

  it('is the patch’s failure when the appended test fails too', async () => {
    const result = await verifying('def test_count():\n    assert count([1, 2]) == 3\n');
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
    expect(test.output).toMatch(/FAILED test_shop\.py::test_count/);
  });
});

describe('a Go module whose requirements were never downloaded (the checks download nothing)', { timeout: 120_000 }, () => {
  it('fails every check as before, each with the command that fetches them above its output', async () => {
    const main = 'package main\n\nimport "example.com/dep"\n\nfunc main() { dep.Run() }\n';
    const result = await verifyCandidate({
      root: workspace({ 'go.mod': 'module example.com/m\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n', 'main.go': main }),
      files: [{ path: 'main.go', before: main, after: main.replace('dep.Run() }', 'dep.Run()\n\tdep.Run()\n}') }],
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    const build = result.steps.find((step) => step.step === 'build')!;
    expect(build).toMatchObject({ failsWithoutPatch: true });
    expect(build.output.split('\n')[0]).toBe(
      'The Go modules this project requires are not all downloaded, and verification downloads nothing: run `go mod download`, then ask again.',
    );
    expect(result.verified).toBe(false);
  });
});

describe('a vitest file the candidate appends to, whose older test already failed', { timeout: 120_000 }, () => {
  const OLD = "import { expect, test } from 'vitest';\nimport { sum } from './sum';\n\ntest('old', () => {\n  expect(sum([1])).toBe(2);\n});\n";
  const verifying = (newTest: string) => {
    const root = workspace({
      'package.json': '{"name": "shop", "type": "module", "devDependencies": {"vitest": "*"}}\n',
      'src/sum.ts': 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
      'src/sum.test.ts': OLD,
    });
    symlinkSync(OWN_NODE_MODULES, join(root, 'node_modules'), 'dir');
    return verifyCandidate({
      root,
      files: [{ path: 'src/sum.test.ts', before: OLD, after: `${OLD}\n${newTest}` }],
      testPath: 'src/sum.test.ts',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
  };

  it('fails as before when the appended test passes (its ✓ line and the counts aside)', async () => {
    const result = await verifying("test('new', () => {\n  expect(sum([1, 2])).toBe(3);\n});\n");
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test).toMatchObject({ ok: true, skipped: true, failsWithoutPatch: true });
    expect(test.output).toMatch(/✓ new/);
  });

  it('is the patch’s failure when the appended test fails too', async () => {
    const result = await verifying("test('new', () => {\n  expect(sum([1, 2])).toBe(4);\n});\n");
    expect(result.steps.find((step) => step.step === 'test')!.ok).toBe(false);
  });
});

describe('a unittest file (no pytest in the project’s environment) the candidate appends to, whose older test already failed', { timeout: 120_000 }, () => {
  const OLD = 'import unittest\n\nfrom shop import total\n\n\nclass TestShop(unittest.TestCase):\n    def test_old(self):\n        self.assertEqual(total([1]), 2)\n';
  const verifying = (assertion: string) => {
    const root = workspace({ 'shop.py': 'def total(values):\n    return sum(values)\n', 'test_shop.py': OLD });
    // An environment of its own, without pytest: the tests run with unittest -v.
    execFileSync('python3', ['-m', 'venv', '--without-pip', join(root, '.venv')]);
    return verifyCandidate({
      root,
      files: [{ path: 'test_shop.py', before: OLD, after: `${OLD}\n    def test_new(self):\n        ${assertion}\n` }],
      testPath: 'test_shop.py',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
  };

  it('fails as before when the appended test passes (its "... ok" line aside)', async () => {
    const test = (await verifying('self.assertEqual(total([1, 2]), 3)')).steps.find((step) => step.step === 'test')!;
    expect(test.command).toBe('.venv/bin/python3 -m unittest -v test_shop');
    expect(test).toMatchObject({ ok: true, skipped: true, failsWithoutPatch: true });
  });

  it('is the patch’s failure when the appended test fails too', async () => {
    const test = (await verifying('self.assertEqual(total([1, 2]), 4)')).steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
  });
});

describe('a Python dependency not installed where the tests run (no environment at the top, none activated)', { timeout: 120_000 }, () => {
  const SHOP = 'import tinydep_nowhere\n\n\ndef total(values):\n    return sum(values)\n';
  const TEST = 'from shop import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n';
  const verifying = (after: string, before = SHOP) =>
    verifyCandidate({
      root: workspace({ 'shop.py': before, 'test_shop.py': TEST }),
      files: [{ path: 'shop.py', before, after }],
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
  const withoutVirtualEnv = async <T>(work: () => Promise<T>): Promise<T> => {
    const active = process.env.VIRTUAL_ENV;
    delete process.env.VIRTUAL_ENV;
    try {
      return await work();
    } finally {
      if (active !== undefined) process.env.VIRTUAL_ENV = active;
    }
  };

  it('fails as before, with what to do above the output', async () => {
    const result = await withoutVirtualEnv(() => verifying(`${SHOP}\n\ndef count(values):\n    return len(values)\n`));
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test).toMatchObject({ failsWithoutPatch: true });
    expect(test.output.split('\n')[0]).toBe(
      "The tests ran with python3 from PATH, which cannot import `tinydep_nowhere`: if the project depends on it, activate the project's virtual environment before running Ghostline, or install its dependencies in one at .venv.",
    );
  });

  it('says nothing of the environment when the patch brought the import (the model’s to mend)', async () => {
    const clean = SHOP.replace('import tinydep_nowhere\n\n\n', '');
    const result = await withoutVirtualEnv(() => verifying(`import invented_by_the_model\n\n\n${clean}`, clean));
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
    expect(test.output).toMatch(/invented_by_the_model/);
    expect(test.output).not.toMatch(/^The tests ran with/);
  });
});
