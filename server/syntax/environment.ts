import type { RepoSnippet } from '../core/prompt.js';
import { detectTestFramework, joinPath, type ManifestReader } from './manifests.js';

/** Language and framework versions of the project a file belongs to, for prompts that generate code. */
export type Environment =
  | {
      kind: 'go';
      /** go.mod, workspace-relative. */
      manifest: string;
      module: string;
      goVersion?: string;
      requires: Array<{ path: string; version: string }>;
    }
  | {
      kind: 'node';
      /** package.json, workspace-relative. */
      manifest: string;
      name?: string;
      moduleType: 'module' | 'commonjs';
      typescript?: string;
      testFramework?: string;
      node?: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };

/** The environment of the project holding `dir` (workspace-relative), from its nearest go.mod or package.json. */
export function describeEnvironment(manifests: ManifestReader, dir: string, languageId: string): Environment | undefined {
  if (languageId === 'go') {
    const module = manifests.goModule(dir);
    if (!module) return undefined;
    return { kind: 'go', manifest: joinPath(module.dir, 'go.mod'), module: module.path, goVersion: module.goVersion, requires: module.requires };
  }
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

const MAX_LISTED = 16;

/**
 * The environment as a short manifest-shaped snippet (a trimmed go.mod or package.json), which a
 * code model reads the way it read such files in training.
 */
export function environmentSnippet(environment: Environment): RepoSnippet {
  if (environment.kind === 'go') {
    const lines = [`module ${environment.module}`];
    if (environment.goVersion) lines.push('', `go ${environment.goVersion}`);
    const requires = environment.requires.slice(0, MAX_LISTED);
    if (requires.length > 0) lines.push('', 'require (', ...requires.map((r) => `\t${r.path} ${r.version}`), ')');
    return { path: environment.manifest, content: lines.join('\n') + '\n' };
  }
  const trimmed: Record<string, unknown> = {};
  if (environment.name) trimmed.name = environment.name;
  trimmed.type = environment.moduleType;
  if (environment.node) trimmed.engines = { node: environment.node };
  const head = (deps: Record<string, string>) => Object.fromEntries(Object.entries(deps).slice(0, MAX_LISTED));
  if (Object.keys(environment.dependencies).length > 0) trimmed.dependencies = head(environment.dependencies);
  if (Object.keys(environment.devDependencies).length > 0) trimmed.devDependencies = head(environment.devDependencies);
  return { path: environment.manifest, content: JSON.stringify(trimmed, null, 2) + '\n' };
}
