import { dirname } from 'node:path';
import type { RepoSnippet } from '../../core/prompt.js';
import type { Environment } from '../environment.js';
import { joinPath, type ManifestReader } from '../manifests.js';
import { findUp, type Environment as ProjectEnvironment, type GoEnvironment } from '../project-environment.js';
import { goModule, parseGoMod as readGoMod } from './go-mod.js';

const MAX_LISTED = 16;
const KEY_DEPENDENCIES = 12;

/** The Go module holding a workspace-relative directory, from the index's manifests. */
export function goIndexEnvironment(manifests: ManifestReader, dir: string): Environment | undefined {
  const module = goModule(manifests, dir);
  if (!module) return undefined;
  return { kind: 'go', manifest: joinPath(module.dir, 'go.mod'), module: module.path, goVersion: module.goVersion, requires: module.requires };
}

/** A trimmed go.mod, which a code model reads the way it read such files in training. */
export function goModSnippet(environment: Environment): RepoSnippet | undefined {
  if (environment.kind !== 'go') return undefined;
  const lines = [`module ${environment.module}`];
  if (environment.goVersion) lines.push('', `go ${environment.goVersion}`);
  const requires = environment.requires.slice(0, MAX_LISTED);
  if (requires.length > 0) lines.push('', 'require (', ...requires.map((r) => `\t${r.path} ${r.version}`), ')');
  return { path: environment.manifest, content: lines.join('\n') + '\n' };
}

/** Finds the go.mod that governs `filePath` on disk. */
export async function goFileEnvironment(filePath: string): Promise<ProjectEnvironment> {
  const found = await findUp(dirname(filePath), 'go.mod');
  return found ? parseGoMod(found.text, dirname(found.path)) : { kind: 'none' };
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

/** The Go environment as prompt lines. */
export function describeGoEnvironment(env: ProjectEnvironment): string[] {
  if (env.kind !== 'go') return [];
  const lines = [`Go ${env.goVersion ?? '(version not stated in go.mod)'}`];
  if (env.module) lines.push(`module path: ${env.module}`);
  const requires = Object.entries(env.requires).slice(0, KEY_DEPENDENCIES);
  if (requires.length) lines.push(`requires: ${requires.map(([path, version]) => `${path} ${version}`).join(', ')}`);
  return lines;
}
