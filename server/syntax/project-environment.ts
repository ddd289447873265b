import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { detectTestFramework, parseGoMod as readGoMod, parsePackageJson as readPackageJson } from './manifests.js';

/** The Go module around a file, from its go.mod. */
export interface GoEnvironment {
  kind: 'go';
  /** Folder holding go.mod. */
  root: string;
  goVersion?: string;
  module?: string;
  /** Required modules and their versions. */
  requires: Record<string, string>;
}

export type TestFramework = 'vitest' | 'jest' | 'node:test';

/** The npm package around a file, from its package.json. */
export interface NodeEnvironment {
  kind: 'node';
  /** Folder holding package.json. */
  root: string;
  /** "module" when package.json says so: relative imports then need file extensions. */
  moduleType: 'module' | 'commonjs';
  typescript?: string;
  /** The test framework package.json implies (existing test files may still override it). */
  testFramework: TestFramework;
  testFrameworkVersion?: string;
  /** Production and development dependencies with their version ranges. */
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

export type Environment = GoEnvironment | NodeEnvironment | { kind: 'none' };

/** Walks up from `start` to the filesystem root; the first folder holding `name` wins. */
export async function findUp(start: string, name: string): Promise<{ path: string; text: string } | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return { path, text };
    if (dirname(dir) === dir) return undefined;
  }
}

/** Finds the go.mod (Go) or package.json (TypeScript/JavaScript) that governs `filePath`. */
export async function detectEnvironment(filePath: string, language: 'go' | 'ecma'): Promise<Environment> {
  const found = await findUp(dirname(filePath), language === 'go' ? 'go.mod' : 'package.json');
  if (!found) return { kind: 'none' };
  return language === 'go' ? parseGoMod(found.text, dirname(found.path)) : parsePackageJson(found.text, dirname(found.path));
}

/** The Go environment of a go.mod, parsed by the same reader the repository index uses. */
export function parseGoMod(text: string, root: string): GoEnvironment {
  const module = readGoMod(text, root);
  return {
    kind: 'go',
    root,
    goVersion: module?.goVersion ?? /^go\s+(\S+)/m.exec(text)?.[1],
    module: module?.path,
    requires: Object.fromEntries((module?.requires ?? []).map((r) => [r.path, r.version])),
  };
}

/** Module type, TypeScript version, test framework and dependencies of a package.json. */
export function parsePackageJson(text: string, root: string): NodeEnvironment {
  const pkg = readPackageJson(text, root);
  const dependencies = pkg?.dependencies ?? {};
  const devDependencies = pkg?.devDependencies ?? {};
  const all = { ...dependencies, ...devDependencies };
  const detected = pkg ? detectTestFramework(pkg) : undefined;
  // Tests are generated for the three runners Ghostline knows how to write for; node:test needs no dependency.
  const testFramework: TestFramework = detected === 'vitest' || detected === 'jest' ? detected : 'node:test';
  return {
    kind: 'node',
    root,
    moduleType: pkg?.type === 'module' ? 'module' : 'commonjs',
    typescript: all['typescript'],
    testFramework,
    testFrameworkVersion: testFramework === 'node:test' ? undefined : (all[testFramework] ?? all['@jest/globals']),
    dependencies,
    devDependencies,
  };
}

const KEY_DEPENDENCIES = 12;

/** The environment as prompt lines, so generated code fits the versions in use. */
export function describeEnvironment(env: Environment, testFramework?: TestFramework): string[] {
  switch (env.kind) {
    case 'none':
      return [];
    case 'go': {
      const lines = [`Go ${env.goVersion ?? '(version not stated in go.mod)'}`];
      if (env.module) lines.push(`module path: ${env.module}`);
      const requires = Object.entries(env.requires).slice(0, KEY_DEPENDENCIES);
      if (requires.length) lines.push(`requires: ${requires.map(([path, version]) => `${path} ${version}`).join(', ')}`);
      return lines;
    }
    case 'node': {
      const lines = [env.typescript ? `TypeScript ${env.typescript}` : 'JavaScript (no typescript dependency)'];
      lines.push(`package type: ${env.moduleType === 'module' ? 'ES modules (relative imports need file extensions)' : 'CommonJS'}`);
      const framework = testFramework ?? env.testFramework;
      lines.push(`test framework: ${framework}${framework === env.testFramework && env.testFrameworkVersion ? ` ${env.testFrameworkVersion}` : ''}`);
      const deps = Object.entries(env.dependencies).slice(0, KEY_DEPENDENCIES);
      if (deps.length) lines.push(`dependencies: ${deps.map(([name, version]) => `${name} ${version}`).join(', ')}`);
      return lines;
    }
  }
}
