import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { describeEnvironment, environmentSnippet } from '../../server/syntax/environment.js';
import { ImportResolver } from '../../server/syntax/imports.js';
import { joinPath, ManifestReader, parseJsonc } from '../../server/syntax/manifests.js';

const workspace = workspacesRemovedAfterEach();

/** A resolver over a fixed file list, as the index would give it. */
function resolverFor(root: string, files: string[]): ImportResolver {
  return new ImportResolver(
    { hasFile: (p) => files.includes(p), filesInDir: (d) => files.filter((f) => f.slice(0, f.lastIndexOf('/')) === d), file: () => undefined },
    new ManifestReader(root),
  );
}

describe('manifests', () => {
  it('reads JSON with comments and trailing commas, leaving // inside strings alone', () => {
    expect(parseJsonc('{\n  // c\n  "a": "http://x", /* b */ "b": [1, 2,],\n}')).toEqual({ a: 'http://x', b: [1, 2] });
  });

  it('joins workspace-relative paths', () => {
    expect(joinPath('src/app', '../lib/./x')).toBe('src/lib/x');
    expect(joinPath('', './a')).toBe('a');
  });

  it('describes a Go module: module path, go line and requirements, as a trimmed go.mod', () => {
    const root = workspace({
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3 // indirect\n\tgolang.org/x/sync v0.7.0\n)\nrequire github.com/c/d v0.1.0\n',
    });
    const environment = describeEnvironment(new ManifestReader(root), 'svc/internal/store', 'go');
    expect(environment).toEqual({
      kind: 'go',
      manifest: 'svc/go.mod',
      module: 'example.com/svc',
      goVersion: '1.22',
      requires: [
        { path: 'github.com/a/b', version: 'v1.2.3' },
        { path: 'golang.org/x/sync', version: 'v0.7.0' },
        { path: 'github.com/c/d', version: 'v0.1.0' },
      ],
    });
    expect(environmentSnippet(environment!)?.content).toBe(
      'module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgolang.org/x/sync v0.7.0\n\tgithub.com/c/d v0.1.0\n)\n',
    );
  });

  it('describes a Node project: TypeScript version, test framework, module type', () => {
    const root = workspace({
      'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'jest' }, devDependencies: { typescript: '5.4.0', jest: '29.0.0' } }),
    });
    expect(describeEnvironment(new ManifestReader(root), 'src', 'typescript')).toMatchObject({
      kind: 'node',
      manifest: 'package.json',
      typescript: '5.4.0',
      testFramework: 'jest',
      moduleType: 'module',
    });
  });

  it('resolves Go imports through go.mod, TS imports through tsconfig paths (with extends) and linked workspace packages', () => {
    const root = workspace({
      'go.mod': 'module example.com/m\n',
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["src/*"] } } }',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
      'packages/ui/package.json': '{ "name": "@acme/ui", "main": "dist/index.js" }',
    });
    mkdirSync(join(root, 'node_modules', '@acme'), { recursive: true });
    symlinkSync(join(root, 'packages', 'ui'), join(root, 'node_modules', '@acme', 'ui'));
    const files = ['pkg/a/a.go', 'pkg/a/a_test.go', 'cmd/main.go', 'src/util/text.ts', 'src/app.ts', 'packages/ui/src/index.ts'];
    const resolver = resolverFor(root, files);
    expect(resolver.resolve('cmd/main.go', { source: 'example.com/m/pkg/a' }, 'go')).toEqual(['pkg/a/a.go']);
    expect(resolver.resolve('cmd/main.go', { source: 'fmt' }, 'go')).toEqual([]);
    expect(resolver.resolve('src/app.ts', { source: '~/util/text' }, 'typescript')).toEqual(['src/util/text.ts']);
    expect(resolver.resolve('src/app.ts', { source: './util/text.js' }, 'typescript')).toEqual(['src/util/text.ts']);
    expect(resolver.resolve('src/app.ts', { source: '@acme/ui' }, 'typescript')).toEqual(['packages/ui/src/index.ts']);
    expect(resolver.resolve('src/app.ts', { source: 'react' }, 'typescript')).toEqual([]);
  });
});
