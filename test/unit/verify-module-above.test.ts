import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { ChangedFile } from '../../server/task/apply-edits.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { OWN_NODE_MODULES } from '../support/task-repo.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

const verifying = (root: string, files: ChangedFile[], options: { testPath?: string; testCommand?: string } = {}) =>
  verifyCandidate({ root, files, ...options, languages: new LanguageRegistry(), signal: new AbortController().signal, timeoutMs: 120_000 });

const outline = (result: Awaited<ReturnType<typeof verifying>>) => result.steps.map((step) => [step.step, step.ok, step.skipped ?? false]);

/** A Go module (a git work tree) whose go.mod is at its top; the project is its `api` folder, which imports a sibling package. */
function goModule(): string {
  const module = workspace({
    'go.mod': 'module example.com/m\n\ngo 1.19\n',
    'lib/lib.go': 'package lib\n\n// Name names the service.\nfunc Name() string { return "m" }\n',
    'api/api.go': 'package api\n\nimport "example.com/m/lib"\n\n// Title is the service title.\nfunc Title() string { return lib.Name() }\n',
  });
  execFileSync('git', ['init', '-q', module]);
  return module;
}

const API_BEFORE = 'package api\n\nimport "example.com/m/lib"\n\n// Title is the service title.\nfunc Title() string { return lib.Name() }\n';

/**
 * The project `ghostline task` is given is one folder of a Go module or TypeScript project whose go.mod or
 * tsconfig.json lies above it (an editor opened the folder): the checks run from there, on the project's part.
 */
describe('verifying a project that is one folder of a module whose manifest lies above it', { timeout: 180_000 }, () => {
  it('Go: builds, vets and tests the folder from the module above, and a compile error fails the build', async () => {
    const module = goModule();
    const root = join(module, 'api');
    const good = await verifying(
      root,
      [
        { path: 'api.go', before: API_BEFORE, after: API_BEFORE.replace('return lib.Name()', 'return "[" + lib.Name() + "]"') },
        {
          path: 'api_test.go',
          before: undefined,
          after: 'package api\n\nimport "testing"\n\nfunc TestTitle(t *testing.T) {\n\tif Title() != "[m]" {\n\t\tt.Fatal(Title())\n\t}\n}\n',
        },
      ],
      { testPath: 'api_test.go' },
    );
    expect(good.steps.filter((step) => step.command).map((step) => step.command)).toEqual([
      '(cd .. && go build ./api/...)',
      '(cd .. && go vet ./api)',
      '(cd .. && go test -count=1 ./api)',
    ]);
    expect(outline(good)).toEqual([
      ['parse', true, false],
      ['security', true, false],
      ['build', true, false],
      ['vet', true, false],
      ['test', true, false],
    ]);
    expect(good.verified).toBe(true);

    const broken = await verifying(root, [{ path: 'api.go', before: API_BEFORE, after: API_BEFORE.replace('return lib.Name()', 'return lib.Name() + 1') }]);
    const build = broken.steps.find((step) => step.step === 'build')!;
    expect(build.ok).toBe(false);
    expect(build.output).toMatch(/api\.go/);
    expect(broken.verified).toBe(false);
  });

  it("a check that writes the module's go.mod writes the copy's, never the user's", async () => {
    const module = goModule();
    const result = await verifying(join(module, 'api'), [{ path: 'api.go', before: API_BEFORE, after: API_BEFORE.replace('service title', 'title') }], {
      testCommand: 'echo "require example.com/x v1.0.0" >> ../go.mod && grep -q example.com/x ../go.mod',
    });
    expect(result.steps.find((step) => step.step === 'test')?.ok).toBe(true);
    expect(readFileSync(join(module, 'go.mod'), 'utf8')).toBe('module example.com/m\n\ngo 1.19\n');
  });

  it('TypeScript: type-checks with the tsconfig.json above and runs vitest from there, writing nothing into its outDir', async () => {
    const project = workspace({
      'package.json': '{"name": "shop", "type": "module", "devDependencies": {"vitest": "*", "typescript": "*"}}\n',
      '.gitignore': 'node_modules/\ndist/\n',
      'tsconfig.json':
        '{"compilerOptions": {"composite": true, "outDir": "dist", "strict": true, "module": "esnext", "moduleResolution": "bundler", "target": "es2022", "types": []}, "include": ["app"]}\n',
      'app/sum.ts': 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
    });
    // Installed as a package manager would: a folder of the project's own (one link per package), so what a check writes there shows.
    mkdirSync(join(project, 'node_modules'));
    for (const name of readdirSync(OWN_NODE_MODULES)) if (name !== '.vite') symlinkSync(join(OWN_NODE_MODULES, name), join(project, 'node_modules', name));
    mkdirSync(join(project, 'dist'));
    execFileSync('git', ['init', '-q', project]);
    const root = join(project, 'app');

    const good = await verifying(
      root,
      [
        {
          path: 'sum.test.ts',
          before: undefined,
          after: "import { expect, test } from 'vitest';\nimport { sum } from './sum';\n\ntest('sum', () => {\n  expect(sum([1, 2])).toBe(3);\n});\n",
        },
      ],
      { testPath: 'sum.test.ts' },
    );
    const commands = good.steps.filter((step) => step.command).map((step) => step.command!);
    expect(commands[0]).toMatch(/tsc --noEmit .* -p \.\.$/);
    expect(commands[1]).toMatch(/^\(cd \.\. && .*vitest related --run app\/sum\.test\.ts\)$/);
    expect(outline(good)).toEqual([
      ['parse', true, false],
      ['security', true, false],
      ['build', true, false],
      ['test', true, false],
    ]);
    expect(good.verified).toBe(true);
    expect(readdirSync(join(project, 'dist'))).toEqual([]);
    expect(existsSync(join(project, 'node_modules', '.vite'))).toBe(false);

    const broken = await verifying(root, [{ path: 'sum.ts', before: undefined, after: 'export const total: number = "three";\n' }]);
    const build = broken.steps.find((step) => step.step === 'build')!;
    expect(build.ok).toBe(false);
    expect(build.output).toMatch(/sum\.ts.*TS2322/s);
  });
});
