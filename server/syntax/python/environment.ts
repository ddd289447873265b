import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RepoSnippet } from '../../core/prompt.js';
import type { Environment } from '../environment.js';
import type { ManifestReader } from '../manifests.js';
import type { Environment as ProjectEnvironment, PythonEnvironment } from '../project-environment.js';
import { parsePyproject, parsePythonVersionFile, parseRequirements, parseSetupCfg, type PythonManifest } from './manifests.js';
import { readRegularFile } from '../../util/safe-read.js';

/** Largest manifest read; real ones are a few KB. */
const MAX_MANIFEST_BYTES = 1_000_000;

/** The files that describe a Python project, most informative first. */
export const PYTHON_MANIFESTS: ReadonlyArray<string | RegExp> = ['pyproject.toml', 'setup.cfg', /^requirements[\w.-]*\.txt$/, '.python-version'];

const KEY_DEPENDENCIES = 12;

type Reader = (name: string) => string | undefined;

/** The project described by the manifests of one directory, or undefined when it has none. */
export function readPythonProject(read: Reader): (PythonManifest & { manifest: string }) | undefined {
  const pyproject = read('pyproject.toml');
  const setup = read('setup.cfg');
  const requirements = read('requirements.txt');
  const version = read('.python-version');
  const base = pyproject !== undefined ? parsePyproject(pyproject) : setup !== undefined ? parseSetupCfg(setup) : undefined;
  if (!base && requirements === undefined && version === undefined) return undefined;
  const dependencies = { ...(requirements === undefined ? {} : parseRequirements(requirements)), ...base?.dependencies };
  const dev = read('requirements-dev.txt') ?? read('requirements_dev.txt') ?? read('requirements-test.txt');
  const devDependencies = dev === undefined ? {} : parseRequirements(dev);
  const manifest = pyproject !== undefined ? 'pyproject.toml' : setup !== undefined ? 'setup.cfg' : requirements !== undefined ? 'requirements.txt' : '.python-version';
  return {
    manifest,
    name: base?.name,
    // A pinned interpreter (.python-version) says more than a range (requires-python).
    pythonVersion: (version === undefined ? undefined : parsePythonVersionFile(version)) ?? base?.pythonVersion,
    dependencies,
    pytest: (base?.pytest ?? false) || 'pytest' in dependencies || 'pytest' in devDependencies,
  };
}

/** The Python project holding a workspace-relative directory, from the index's manifests. */
export function pythonIndexEnvironment(manifests: ManifestReader, dir: string): Environment | undefined {
  for (const name of ['pyproject.toml', 'setup.cfg', 'requirements.txt', '.python-version']) {
    const project = manifests.nearest(dir, name, (_text, at) => {
      const files = new Map<string, string | undefined>();
      return readPythonProject((file) => (files.has(file) ? files.get(file) : manifestText(manifests, at, file, files)));
    });
    if (project) return { kind: 'python', manifest: project.manifest, name: project.name, pythonVersion: project.pythonVersion, dependencies: project.dependencies };
  }
  return undefined;
}

function manifestText(manifests: ManifestReader, at: string, file: string, memo: Map<string, string | undefined>): string | undefined {
  // nearest() reads a file of a directory and walks up; asking it for the exact directory reads just that file.
  const text = manifests.nearest(at, file, (content, where) => (where === at ? content : undefined));
  memo.set(file, text);
  return text;
}

/** A requirements.txt-shaped snippet, which a code model reads as it read such files in training. */
export function pythonSnippet(environment: Environment): RepoSnippet | undefined {
  if (environment.kind !== 'python') return undefined;
  const lines = environment.pythonVersion ? [`# python ${environment.pythonVersion}`] : [];
  for (const [name, version] of Object.entries(environment.dependencies).slice(0, 16)) lines.push(`${name}${version}`);
  return lines.length > 0 ? { path: environment.manifest, content: `${lines.join('\n')}\n` } : undefined;
}

/** The Python project around a file on disk: the nearest directory with one of the manifests. */
export async function pythonFileEnvironment(filePath: string): Promise<ProjectEnvironment> {
  for (let dir = dirname(filePath); ; dir = dirname(dir)) {
    const names = new Set(await readdir(dir).catch(() => []));
    const texts = new Map<string, string>();
    for (const name of names)
      if (/^(?:pyproject\.toml|setup\.cfg|requirements[\w.-]*\.txt|\.python-version)$/.test(name)) {
        // A FIFO or socket named pyproject.toml is passed over like a missing file: it is never opened.
        const read = await readRegularFile(join(dir, name), { maxBytes: MAX_MANIFEST_BYTES });
        texts.set(name, read.ok ? read.text : '');
      }
    const project = readPythonProject((name) => texts.get(name));
    if (project) return toProjectEnvironment(project, dir, names.has('pytest.ini') || names.has('conftest.py') || names.has('tox.ini'));
    if (dirname(dir) === dir) return { kind: 'none' };
  }
}

function toProjectEnvironment(project: PythonManifest, root: string, pytestFiles: boolean): PythonEnvironment {
  const { name, pythonVersion, dependencies } = project;
  return { kind: 'python', root, name, pythonVersion, dependencies, testFramework: project.pytest || pytestFiles ? 'pytest' : 'unittest' };
}

/** The environment as prompt lines for code actions. */
export function describePythonEnvironment(env: ProjectEnvironment): string[] {
  if (env.kind !== 'python') return [];
  const lines = [`Python ${env.pythonVersion ?? '3 (version not stated)'}`];
  const dependencies = Object.entries(env.dependencies).slice(0, KEY_DEPENDENCIES);
  if (dependencies.length > 0) lines.push(`dependencies: ${dependencies.map(([n, v]) => `${n}${v}`).join(', ')}`);
  lines.push(`tests: ${env.testFramework}`);
  return lines;
}
