import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

/** This repository's node_modules (vitest), as the project's installed ones. */
const OWN_NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');

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
