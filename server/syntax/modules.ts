import { extname } from 'node:path';
import { GRAMMARS } from '../../grammars/registry.js';
import type { LanguageModule } from './language-module.js';

/**
 * The language module serving an LSP languageId, without loading its grammar: for code that holds
 * only an id (index records, the completion cut). Undefined for languages Ghostline does not parse.
 */
export function languageModule(languageId: string): LanguageModule | undefined {
  return GRAMMARS.find((grammar) => (grammar.languageIds as string[]).includes(languageId))?.module;
}

/** The language module for a file path, by extension. */
export function moduleForPath(path: string): LanguageModule | undefined {
  const ext = extname(path).toLowerCase();
  return GRAMMARS.find((grammar) => grammar.extensions.includes(ext))?.module;
}

/** Whether a workspace-relative path names a manifest some language module reads (go.mod, package.json, tsconfig.json …). */
export function isManifest(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return GRAMMARS.some((grammar) => grammar.module.environment.manifests.some((manifest) => (manifest instanceof RegExp ? manifest.test(name) : manifest === name)));
}

/** The language module of that name (`go`, `ecma`). */
export function moduleNamed(name: string): LanguageModule | undefined {
  return GRAMMARS.find((grammar) => grammar.module.name === name)?.module;
}

/** Every language module once (several grammars may share one). */
export function allModules(): LanguageModule[] {
  return [...new Set(GRAMMARS.map((grammar) => grammar.module))];
}

/** The file extensions of every registered grammar: what the workspace index reads. */
export function sourceExtensions(): string[] {
  return [...new Set(GRAMMARS.flatMap((grammar) => grammar.extensions))];
}

/** A module's manifests named outright (go.mod, pyproject.toml), not by pattern. */
function namedManifests(module: LanguageModule): string[] {
  return module.environment.manifests.filter((manifest): manifest is string => typeof manifest === 'string');
}

/**
 * The manifests that mark a project's folder (go.mod, package.json, pyproject.toml …): every module's manifests named
 * outright, not by pattern, and not dotfiles (a `.python-version` may sit in a home directory).
 */
export function projectManifests(): string[] {
  return [...new Set(allModules().flatMap((module) => namedManifests(module).filter((name) => !name.startsWith('.'))))];
}

/** What the editor is asked to watch for the manifests every module reads: each one named outright, and the patterns' globs. */
export function manifestWatchGlobs(): string[] {
  return [...new Set(allModules().flatMap((module) => [...namedManifests(module).map((name) => `**/${name}`), ...(module.environment.manifestGlobs ?? [])]))];
}

/** Files that make the folder holding them tooling whatever its name (a virtual environment's pyvenv.cfg), of every module. */
export function toolingMarkers(): string[] {
  return [...new Set(allModules().flatMap((module) => module.environment.toolingMarkers ?? []))];
}
