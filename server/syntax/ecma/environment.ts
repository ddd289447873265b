import { dirname } from 'node:path';
import type { RepoSnippet } from '../../core/prompt.js';
import type { Environment } from '../environment.js';
import { detectTestFramework, joinPath, parsePackageJson as readPackageJson, type ManifestReader } from '../manifests.js';
import { findUp, type Environment as ProjectEnvironment, type NodeEnvironment, type TestFramework } from '../project-environment.js';

const MAX_LISTED = 16;
const KEY_DEPENDENCIES = 12;

/** The npm package holding a workspace-relative directory, from the index's manifests. */
export function nodeIndexEnvironment(manifests: ManifestReader, dir: string): Environment | undefined {
  const pkg = manifests.packageJson(dir);
  if (!pkg) return undefined;
  const all = { ...pkg.peerDependencies, ...pkg.dependencies, ...pkg.devDependencies };
  const testFramework = detectTestFramework(pkg);
  return {
    kind: 'node',
    manifest: joinPath(pkg.dir, 'package.json'),
    name: pkg.name,
    moduleType: pkg.type === 'module' ? 'module' : 'commonjs',
    typescript: all.typescript,
    testFramework,
    node: pkg.engines.node,
    dependencies: pkg.dependencies,
    devDependencies: pkg.devDependencies,
  };
}

/** A trimmed package.json, which a code model reads the way it read such files in training. */
export function packageJsonSnippet(environment: Environment): RepoSnippet | undefined {
  if (environment.kind !== 'node') return undefined;
  const trimmed: Record<string, unknown> = {};
  if (environment.name) trimmed.name = environment.name;
  trimmed.type = environment.moduleType;
  if (environment.node) trimmed.engines = { node: environment.node };
  const head = (deps: Record<string, string>) => Object.fromEntries(Object.entries(deps).slice(0, MAX_LISTED));
  if (Object.keys(environment.dependencies).length > 0) trimmed.dependencies = head(environment.dependencies);
  if (Object.keys(environment.devDependencies).length > 0) trimmed.devDependencies = head(environment.devDependencies);
  return { path: environment.manifest, content: JSON.stringify(trimmed, null, 2) + '\n' };
}

/** Finds the package.json that governs `filePath` on disk. */
export async function nodeFileEnvironment(filePath: string): Promise<ProjectEnvironment> {
  const found = await findUp(dirname(filePath), 'package.json');
  return found ? parsePackageJson(found.text, dirname(found.path)) : { kind: 'none' };
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

/** The npm environment as prompt lines. */
export function describeNodeEnvironment(env: ProjectEnvironment, testFramework?: TestFramework): string[] {
  if (env.kind !== 'node') return [];
  const lines = [env.typescript ? `TypeScript ${env.typescript}` : 'JavaScript (no typescript dependency)'];
  lines.push(`package type: ${env.moduleType === 'module' ? 'ES modules (relative imports need file extensions)' : 'CommonJS'}`);
  const framework = testFramework ?? env.testFramework;
  lines.push(`test framework: ${framework}${framework === env.testFramework && env.testFrameworkVersion ? ` ${env.testFrameworkVersion}` : ''}`);
  const deps = Object.entries(env.dependencies).slice(0, KEY_DEPENDENCIES);
  if (deps.length) lines.push(`dependencies: ${deps.map(([name, version]) => `${name} ${version}`).join(', ')}`);
  return lines;
}
