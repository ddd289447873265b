import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptTaskModel, stageRequests } from '../support/task-repo.js';
import { taskSuite } from '../support/task-suite.js';

const TASK = 'add apply_discount: a total in cents less a percentage, rounded to the nearest cent';

const EDIT = `<replace file="invoice/totals.py" name="total_with_tax">
def total_with_tax(lines, rate):
    """The subtotal with tax at \`rate\` (0.2 for 20 %), rounded to the nearest cent."""
    return round(subtotal(lines) * (1 + rate))


def apply_discount(total_cents, percent):
    """\`total_cents\` less \`percent\` per cent, rounded to the nearest cent."""
    return round(total_cents * (100 - percent) / 100)
</replace>
<explanation>Adds apply_discount, which takes a percentage off a total in cents and rounds to the cent.</explanation>
</patch>`;

const test = (expected: number) => `<code>
from invoice.totals import apply_discount


def test_apply_discount():
    assert apply_discount(479, 10) == ${expected}
</code>`;

const suite = taskSuite('py-invoice', TASK);
const { repo, run: task } = suite;

// py_compile and pytest run for real: seconds each on this busy machine.
describe('ghostline task on a Python package with pytest', { timeout: 180_000 }, () => {
  it('a correct edit and its test are verified by py_compile and pytest, then committed with nothing else', async () => {
    const r = repo();
    scriptTaskModel(suite.fake(), { edits: [EDIT], tests: [test(431)] });
    suite.fake().resetStats();
    const run = await task(r.root, '--apply', '--commit');
    expect(run.stdout).toMatch(/build\s+ok\s+python3 -m py_compile invoice\/totals\.py tests\/test_totals\.py/);
    expect(run.stdout).toMatch(/test\s+ok\s+python3 -m pytest -q tests\/test_totals\.py/);
    expect(run.code).toBe(0);
    // The test prompt was built by the Python module: pytest, appended to the existing test file.
    expect(stageRequests(suite.fake(), 'test')[0]).toContain('pytest');
    expect(r.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['invoice/totals.py', 'tests/test_totals.py']);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(r.read('tests/test_totals.py')).toMatch(/from invoice\.totals import[^\n]*apply_discount[\s\S]*def test_total_with_tax[\s\S]*def test_apply_discount/);
    expect(r.git('log', '-1', '--format=%B')).toMatch(/^Ghostline-Verification: verified/m);
  });

  it('a test that keeps failing ends with exit 1, never labelled verified, and nothing is written', async () => {
    const r = repo();
    const before = r.hash();
    scriptTaskModel(suite.fake(), { edits: [EDIT], tests: [test(430)] });
    const run = await task(r.root, '--apply');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/test\s+FAILED/);
    expect(run.stdout).toContain('NOT VERIFIED');
    expect(run.stdout).not.toMatch(/(?<!NOT )VERIFIED,/);
    expect(r.hash()).toBe(before);
  });

  it("checks with the project's virtual environment when it has one (.venv, ignored by git, linked into the scratch copy)", async () => {
    const r = repo();
    // An environment whose python3 notes each run, then runs the machine's interpreter (which has pytest).
    const real = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim();
    const log = join(r.root, '.venv', 'runs.log');
    mkdirSync(join(r.root, '.venv', 'bin'), { recursive: true });
    writeFileSync(join(r.root, '.venv', 'pyvenv.cfg'), `home = ${real}\n`);
    writeFileSync(join(r.root, '.venv', 'bin', 'python3'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(r.root, '.venv', 'bin', 'python3'), 0o755);
    appendFileSync(join(r.root, '.git', 'info', 'exclude'), '.venv/\n');
    const activated = process.env.VIRTUAL_ENV;
    delete process.env.VIRTUAL_ENV;
    try {
      scriptTaskModel(suite.fake(), { edits: [EDIT], tests: [test(431)] });
      const run = await task(r.root);
      expect(run.stdout).toMatch(/build\s+ok\s+\.venv\/bin\/python3 -m py_compile/);
      expect(run.stdout).toMatch(/test\s+ok\s+\.venv\/bin\/python3 -m pytest -q tests\/test_totals\.py/);
      expect(run.code).toBe(0);
      expect(readFileSync(log, 'utf8')).toMatch(/-m pytest -q tests\/test_totals\.py/);
      expect(r.git('status', '--porcelain')).toBe('');
    } finally {
      if (activated !== undefined) process.env.VIRTUAL_ENV = activated;
    }
  });
});
