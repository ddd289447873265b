import { afterEach, describe, expect, it } from 'vitest';
import { parsePackageJson } from '../../server/syntax/ecma/environment.js';
import { parseGoMod } from '../../server/syntax/go/environment.js';
import { describeEnvironment, detectEnvironment } from '../../server/syntax/project-environment.js';
import { findTestFiles, planTests, testPathFor } from '../../server/syntax/test-files.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace | undefined;
afterEach(() => {
  workspace?.remove();
  workspace = undefined;
});

describe('go.mod', () => {
  it('reads the Go version, the module path and every required module', () => {
    const env = parseGoMod(
      'module example.com/shop // the shop\n\ngo 1.22.3\n\nrequire github.com/google/uuid v1.6.0\n\nrequire (\n\tgithub.com/stretchr/testify v1.9.0\n\tgolang.org/x/sync v0.7.0 // indirect\n)\n',
      '/repo',
    );
    expect(env).toEqual({
      kind: 'go',
      root: '/repo',
      module: 'example.com/shop',
      goVersion: '1.22.3',
      requires: { 'github.com/google/uuid': 'v1.6.0', 'github.com/stretchr/testify': 'v1.9.0', 'golang.org/x/sync': 'v0.7.0' },
    });
    expect(describeEnvironment(env)).toEqual([
      'Go 1.22.3',
      'module path: example.com/shop',
      'requires: github.com/google/uuid v1.6.0, github.com/stretchr/testify v1.9.0, golang.org/x/sync v0.7.0',
    ]);
  });

  it('copes with a go.mod without a go directive', () => {
    expect(describeEnvironment(parseGoMod('module m\n', '/r'))).toEqual(['Go (version not stated in go.mod)', 'module path: m']);
  });
});

describe('package.json', () => {
  const cases: Array<{ name: string; pkg: unknown; framework: string; lines: string[] }> = [
    {
      name: 'vitest, ESM, TypeScript and dependencies',
      pkg: { type: 'module', dependencies: { express: '^4.19.2' }, devDependencies: { typescript: '~5.6.2', vitest: '^2.1.4' } },
      framework: 'vitest',
      lines: ['TypeScript ~5.6.2', 'package type: ES modules (relative imports need file extensions)', 'test framework: vitest ^2.1.4', 'dependencies: express ^4.19.2'],
    },
    {
      name: 'jest through ts-jest, CommonJS',
      pkg: { devDependencies: { 'ts-jest': '^29.2.5', typescript: '^5.0.0' } },
      framework: 'jest',
      lines: ['TypeScript ^5.0.0', 'package type: CommonJS', 'test framework: jest'],
    },
    {
      name: 'node --test in the scripts, plain JavaScript',
      pkg: { scripts: { test: 'node --test' } },
      framework: 'node:test',
      lines: ['JavaScript (no typescript dependency)', 'package type: CommonJS', 'test framework: node:test'],
    },
    {
      name: 'malformed fields are ignored, not fatal',
      pkg: { type: 7, dependencies: 'nope', devDependencies: { vitest: '^1.0.0' } },
      framework: 'vitest',
      lines: ['JavaScript (no typescript dependency)', 'package type: CommonJS', 'test framework: vitest ^1.0.0'],
    },
  ];
  it.each(cases)('$name', ({ pkg, framework, lines }) => {
    const env = parsePackageJson(JSON.stringify(pkg), '/r');
    expect(env.testFramework).toBe(framework);
    expect(describeEnvironment(env)).toEqual(lines);
  });

  it('treats a package.json that is not JSON as empty', () => {
    expect(parsePackageJson('{ nope', '/r')).toMatchObject({ kind: 'node', testFramework: 'node:test', dependencies: {} });
  });
});

describe('finding the project of a file', () => {
  it('walks up from the file to the nearest go.mod or package.json', async () => {
    workspace = makeWorkspace({
      'go.mod': 'module example.com/outer\n\ngo 1.21\n',
      'svc/go.mod': 'module example.com/svc\n\ngo 1.23\n',
      'svc/internal/db/db.go': 'package db\n',
      'web/package.json': '{"devDependencies":{"typescript":"^5.4.0"}}',
      'web/src/deep/a.ts': '',
    });
    expect(await detectEnvironment(workspace.path('svc/internal/db/db.go'), 'go')).toMatchObject({
      kind: 'go',
      module: 'example.com/svc',
      goVersion: '1.23',
      root: workspace.path('svc'),
    });
    expect(await detectEnvironment(workspace.path('web/src/deep/a.ts'), 'ecma')).toMatchObject({ kind: 'node', typescript: '^5.4.0', root: workspace.path('web') });
  });
});

describe('test file conventions', () => {
  const root = '/p';
  it.each([
    { name: 'no tests yet: beside the source', existing: [], expected: '/p/src/a.test.ts' },
    { name: 'tests beside sources', existing: ['/p/src/b.test.ts'], expected: '/p/src/a.test.ts' },
    { name: '.spec is the majority', existing: ['/p/src/b.spec.ts', '/p/src/c.spec.ts', '/p/src/d.test.ts'], expected: '/p/src/a.spec.ts' },
    { name: '__tests__ folders', existing: ['/p/lib/__tests__/x.test.ts'], expected: '/p/src/__tests__/a.test.ts' },
    { name: 'a test/ folder', existing: ['/p/test/x.test.ts', '/p/test/y.test.ts', '/p/test/e2e/z.test.ts'], expected: '/p/test/a.test.ts' },
  ])('$name', ({ existing, expected }) => {
    expect(testPathFor('/p/src/a.ts', root, existing)).toBe(expected);
  });

  it('finds test files without entering node_modules, and reads the framework they import', async () => {
    workspace = makeWorkspace({
      'package.json': JSON.stringify({ devDependencies: { jest: '^29.0.0' } }),
      'src/a.ts': 'export function a() {}\n',
      'tests/b.test.ts': "import { test } from 'vitest';\n",
      'node_modules/x/c.test.ts': '',
    });
    expect(await findTestFiles(workspace.root)).toEqual([workspace.path('tests/b.test.ts')]);
    const environment = await detectEnvironment(workspace.path('src/a.ts'), 'ecma');
    const plan = await planTests({ sourcePath: workspace.path('src/a.ts'), language: 'ecma', environment, importName: 'a' });
    // package.json says jest, but the tests that exist use vitest: the tests win.
    expect(plan).toMatchObject({ path: workspace.path('tests/a.test.ts'), framework: 'vitest', subject: { source: '../src/a', named: ['a'] } });
  });
});
