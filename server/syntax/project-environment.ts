import { dirname, join } from 'node:path';
import { allModules, moduleNamed } from './modules.js';
import { readRegularFile } from '../util/safe-read.js';

/** Largest go.mod or package.json read; real ones are a few KB. */
const MAX_MANIFEST_BYTES = 1_000_000;

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

export type TestFramework = 'vitest' | 'jest' | 'node:test' | 'pytest' | 'unittest';

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

/** The Python project around a file: pyproject.toml (PEP 621 or Poetry), setup.cfg, requirements*.txt, .python-version. */
export interface PythonEnvironment {
  kind: 'python';
  /** Folder holding the manifest. */
  root: string;
  name?: string;
  /** The interpreter version the project pins or requires (`3.11`, `>=3.9`). */
  pythonVersion?: string;
  /** Declared dependencies with their version constraints ('' when unconstrained). */
  dependencies: Record<string, string>;
  testFramework: 'pytest' | 'unittest';
}

export type Environment = GoEnvironment | NodeEnvironment | PythonEnvironment | { kind: 'none' };

/** Walks up from `start` to the filesystem root; the first folder holding `name` wins. */
export async function findUp(start: string, name: string): Promise<{ path: string; text: string } | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const path = join(dir, name);
    // A FIFO or socket named go.mod is passed over like a missing one: it is never opened.
    const read = await readRegularFile(path, { maxBytes: MAX_MANIFEST_BYTES });
    if (read.ok) return { path, text: read.text };
    if (dirname(dir) === dir) return undefined;
  }
}

/** Finds the manifest (go.mod, package.json …) that governs `filePath`, by the rules of the named language module. */
export async function detectEnvironment(filePath: string, moduleName: string): Promise<Environment> {
  return (await moduleNamed(moduleName)?.environment.forFile(filePath)) ?? { kind: 'none' };
}

/** The environment as prompt lines, so generated code fits the versions in use; each module describes its own kind. */
export function describeEnvironment(env: Environment, testFramework?: TestFramework): string[] {
  return allModules().flatMap((module) => module.environment.describe(env, testFramework));
}
