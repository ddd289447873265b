import type { RepoSnippet } from '../core/prompt.js';
import type { ManifestReader } from './manifests.js';
import { allModules, languageModule } from './modules.js';

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
    }
  | {
      kind: 'python';
      /** pyproject.toml, setup.cfg or requirements.txt, workspace-relative. */
      manifest: string;
      name?: string;
      pythonVersion?: string;
      dependencies: Record<string, string>;
    };

/** The environment of the project holding `dir` (workspace-relative), from the nearest manifest of the file's language. */
export function describeEnvironment(manifests: ManifestReader, dir: string, languageId: string): Environment | undefined {
  return languageModule(languageId)?.environment.forIndex(manifests, dir);
}

/**
 * The environment as a short manifest-shaped snippet (a trimmed go.mod or package.json), which a
 * code model reads the way it read such files in training.
 */
export function environmentSnippet(environment: Environment): RepoSnippet | undefined {
  for (const module of allModules()) {
    const snippet = module.environment.snippet(environment);
    if (snippet) return snippet;
  }
  return undefined;
}
