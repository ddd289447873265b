import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

const SHOP = 'def total(prices):\n    return sum(prices)\n';
const PATCHED = 'def total(prices, discount=0):\n    return sum(prices) - discount\n';
const TEST = 'from shop import total\n\n\ndef test_discount():\n    assert total([3, 4], discount=2) == 5\n';

describe('verifying a Python patch', { timeout: 120_000 }, () => {
  it("tests the copy's code, not the user's, when the project is installed in editable mode with a src/ layout", async () => {
    const root = workspace({
      'pyproject.toml': '[project]\nname = "shop"\nversion = "0.1.0"\n',
      'src/shop/__init__.py': SHOP,
      'tests/test_basics.py': 'from shop import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n',
    });
    // A real environment whose site-packages points at the user's src/, as `pip install -e .` leaves it (no network here to run pip).
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', join(root, '.venv')]);
    const lib = join(root, '.venv', 'lib');
    const sitePackages = join(lib, readdirSync(lib)[0]!, 'site-packages');
    writeFileSync(join(sitePackages, '__editable__.shop-0.1.0.pth'), `${join(root, 'src')}\n`);

    const result = await verifyCandidate({
      root,
      files: [
        { path: 'src/shop/__init__.py', before: SHOP, after: PATCHED },
        { path: 'tests/test_discount.py', before: undefined, after: TEST },
      ],
      testPath: 'tests/test_discount.py',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    const test = result.steps.find((step) => step.step === 'test')!;
    // tests/test_basics.py imports the changed module (`shop`, from the src/ layout): it runs too.
    expect(test.command).toBe('.venv/bin/python3 -m pytest -q tests/test_discount.py tests/test_basics.py');
    expect(test.ok, test.output).toBe(true);
    expect(result.verified).toBe(true);
  });
});
