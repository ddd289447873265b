import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { importersOf, MAX_IMPORTERS } from '../../server/syntax/go/importers.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { OWN_NODE_MODULES } from '../support/task-repo.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

const SUM = 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n';
/** What the patch makes of sum: a product, which its new test does not notice. */
const PRODUCT = SUM.replace('a + b, 0', 'a * b, 1');

function project(): string {
  const root = workspace({
    'package.json': '{"name": "shop", "type": "module", "devDependencies": {"vitest": "*"}}\n',
    'src/sum.ts': SUM,
    'src/sum.spec.ts': "import { expect, test } from 'vitest';\nimport { sum } from './sum';\n\ntest('adds', () => {\n  expect(sum([1, 2])).toBe(3);\n});\n",
    'src/other.spec.ts': "import { expect, test } from 'vitest';\n\ntest('unrelated', () => {\n  expect(1).toBe(1);\n});\n",
  });
  symlinkSync(OWN_NODE_MODULES, join(root, 'node_modules'), 'dir');
  return root;
}

describe('the tests a TypeScript patch is verified with', { timeout: 120_000 }, () => {
  it('include the existing spec of the module it changes: breaking it fails the patch, however well its own new test passes', async () => {
    const result = await verifyCandidate({
      root: project(),
      files: [
        { path: 'src/sum.ts', before: SUM, after: PRODUCT },
        {
          path: 'src/sum.test.ts',
          before: undefined,
          after: "import { expect, test } from 'vitest';\nimport { sum } from './sum';\n\ntest('multiplies', () => {\n  expect(sum([2, 3])).toBe(6);\n});\n",
        },
      ],
      testPath: 'src/sum.test.ts',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    expect(result.verified).toBe(false);
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
    expect(test.output).toMatch(/src\/sum\.spec\.ts/);
    expect(test.output).not.toMatch(/other\.spec/);
    expect(test.command).toMatch(/vitest related --run src\/sum\.test\.ts src\/sum\.ts$/);
  });
});

describe('the tests a Python patch is verified with', { timeout: 120_000 }, () => {
  const CART = 'def total(prices):\n    return sum(prices)\n';
  const verifying = () =>
    verifyCandidate({
      root: workspace({
        'shop/__init__.py': '',
        'shop/cart.py': CART,
        'tests/test_cart.py': 'from shop.cart import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n',
        'tests/test_names.py': 'from shop import (\n    cart,\n)\n\n\ndef test_name():\n    assert cart.total([]) == 0\n',
        'tests/test_other.py': 'def test_unrelated():\n    assert True\n',
      }),
      files: [
        { path: 'shop/cart.py', before: CART, after: 'import math\n\n\ndef total(prices):\n    return math.prod(prices)\n' },
        { path: 'tests/test_product.py', before: undefined, after: 'from shop.cart import total\n\n\ndef test_product():\n    assert total([2, 3]) == 6\n' },
      ],
      testPath: 'tests/test_product.py',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });

  it('include the existing tests that import the module it changes, in one pytest run: breaking them fails the patch', async () => {
    const result = await verifying();
    expect(result.verified).toBe(false);
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.ok).toBe(false);
    expect(test.output).toMatch(/FAILED tests\/test_cart\.py::test_total/);
    expect(test.output).toMatch(/FAILED tests\/test_names\.py::test_name/);
    expect(test.command).toMatch(/-m pytest -q tests\/test_product\.py tests\/test_cart\.py tests\/test_names\.py$/);
  });
});

describe('the tests a Go patch is verified with', { timeout: 180_000 }, () => {
  const A = 'package a\n\n// Double doubles.\nfunc Double(x int) int { return 2 * x }\n';
  it('include the tests of the packages that import the changed one (the nearest few): breaking them fails the patch', async () => {
    const result = await verifyCandidate({
      root: workspace({
        'go.mod': 'module example.com/m\n\ngo 1.19\n',
        'a/a.go': A,
        'b/b.go': 'package b\n\nimport "example.com/m/a"\n\n// Quad quadruples.\nfunc Quad(x int) int { return a.Double(a.Double(x)) }\n',
        'b/b_test.go': 'package b\n\nimport "testing"\n\nfunc TestQuad(t *testing.T) {\n\tif Quad(2) != 8 {\n\t\tt.Fatal(Quad(2))\n\t}\n}\n',
        'c/c.go': 'package c\n\n// One is one.\nfunc One() int { return 1 }\n',
        'c/c_test.go': 'package c\n\nimport "testing"\n\nfunc TestOne(t *testing.T) {\n\tif One() != 1 {\n\t\tt.Fatal()\n\t}\n}\n',
      }),
      files: [
        { path: 'a/a.go', before: A, after: A.replace('2 * x', '3 * x') },
        { path: 'a/a_test.go', before: undefined, after: 'package a\n\nimport "testing"\n\nfunc TestDouble(t *testing.T) {\n\tif Double(2) != 6 {\n\t\tt.Fatal()\n\t}\n}\n' },
      ],
      testPath: 'a/a_test.go',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 120_000,
    });
    expect(result.verified).toBe(false);
    const tests = result.steps.filter((step) => step.step === 'test');
    expect(tests.map((step) => [step.command, step.ok])).toEqual([
      ['go test -count=1 ./a', true],
      ['go test -count=1 ./b', false],
    ]);
    expect(tests[1]!.output).toMatch(/--- FAIL: TestQuad/);
  });
});

describe('the importers of a changed Go package that are tested with it', () => {
  it('are at most MAX_IMPORTERS, the nearest folders first, and none where go list fails', () => {
    const files: Record<string, string> = { 'go.mod': 'module example.com/m\n\ngo 1.19\n', 'core/core.go': 'package core\n\n// V is a value.\nconst V = 1\n' };
    // Two importers beside core (core/x, core/y), nine farther off; and one package that imports nothing.
    for (const folder of ['core/x', 'core/y', ...Array.from({ length: 9 }, (_, i) => `far/p${i}`)])
      files[`${folder}/p.go`] = `package ${folder.split('/').pop()!}\n\nimport "example.com/m/core"\n\n// W is core's.\nconst W = core.V\n`;
    files['alone/alone.go'] = 'package alone\n';
    const root = workspace(files);
    const importers = importersOf(root, ['./core']);
    expect(importers).toHaveLength(MAX_IMPORTERS);
    expect(importers.slice(0, 2)).toEqual(['./core/x', './core/y']);
    expect(importers).not.toContain('./alone');
    expect(importersOf(join(root, 'nowhere'), ['./core'])).toEqual([]);
  });
});
