import { execFileSync } from 'node:child_process';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { ChangedFile } from '../../server/task/apply-edits.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { OWN_NODE_MODULES } from '../support/task-repo.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

const verifying = (root: string, files: ChangedFile[], testPath: string) =>
  verifyCandidate({ root, files, testPath, languages: new LanguageRegistry(), signal: new AbortController().signal, timeoutMs: 120_000 });

/** One package of a monorepo (a git work tree) is the project: its tools are installed at the repository's top. */
describe("verifying one package of a monorepo with the tools installed at the repository's top", { timeout: 180_000 }, () => {
  it("Python: the workspace's shared .venv (as uv makes it), with what only it has installed", async () => {
    const monorepo = workspace({
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/shop/pyproject.toml': '[project]\nname = "shop"\nversion = "0.1.0"\n',
      'packages/shop/shop.py': 'import tinydep\n\n\ndef total(prices):\n    return tinydep.add(prices)\n',
    });
    execFileSync('git', ['init', '-q', monorepo]);
    writeFileSync(join(monorepo, '.gitignore'), '.venv/\n');
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', join(monorepo, '.venv')]);
    const lib = join(monorepo, '.venv', 'lib');
    writeFileSync(join(lib, readdirSync(lib)[0]!, 'site-packages', 'tinydep.py'), 'def add(values):\n    return sum(values)\n');

    const result = await verifying(
      join(monorepo, 'packages', 'shop'),
      [{ path: 'test_shop.py', before: undefined, after: 'from shop import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n' }],
      'test_shop.py',
    );
    const test = result.steps.find((step) => step.step === 'test')!;
    expect(test.command).toBe('../../.venv/bin/python3 -m pytest -q test_shop.py');
    expect(test.ok, test.output).toBe(true);
    expect(result.verified).toBe(true);
  });

  it('TypeScript: the node_modules the workspace hoisted to its top (tsc and vitest)', async () => {
    const monorepo = workspace({
      'package.json': '{"private": true, "workspaces": ["packages/*"]}\n',
      '.gitignore': 'node_modules/\n',
      'packages/app/package.json': '{"name": "app", "type": "module", "devDependencies": {"vitest": "*", "typescript": "*"}}\n',
      'packages/app/tsconfig.json':
        '{"compilerOptions": {"strict": true, "module": "esnext", "moduleResolution": "bundler", "target": "es2022", "types": []}, "include": ["src"]}\n',
      'packages/app/src/sum.ts': 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
    });
    symlinkSync(OWN_NODE_MODULES, join(monorepo, 'node_modules'), 'dir');
    execFileSync('git', ['init', '-q', monorepo]);

    const result = await verifying(
      join(monorepo, 'packages', 'app'),
      [
        {
          path: 'src/sum.test.ts',
          before: undefined,
          after: "import { expect, test } from 'vitest';\nimport { sum } from './sum';\n\ntest('sum', () => {\n  expect(sum([1, 2])).toBe(3);\n});\n",
        },
      ],
      'src/sum.test.ts',
    );
    expect(result.steps.map((step) => [step.step, step.ok, step.skipped ?? false])).toEqual([
      ['parse', true, false],
      ['security', true, false],
      ['build', true, false],
      ['test', true, false],
    ]);
    expect(result.verified).toBe(true);
  });
});
