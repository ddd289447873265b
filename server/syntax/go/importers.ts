import { spawnSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';

/** How many importing packages are tested beside the changed ones: the nearest first (a core package of a large module has hundreds). */
export const MAX_IMPORTERS = 8;
/** How long `go list` may take before the changed packages are tested alone. */
const LIST_TIMEOUT_MS = 30_000;

/**
 * The packages of the module at `moduleDir` (in the copy) that import one of `changed` (`./dir` relative to the
 * module), in their code or their tests: what a patch to those packages can break while their own tests pass. At most
 * MAX_IMPORTERS, those in the folders nearest a changed package first; none when `go list` fails. `within` narrows
 * the search to the project's part of a module above it (`./middleware/...`).
 */
export function importersOf(moduleDir: string, changed: readonly string[], within = './...'): string[] {
  const listed = spawnSync('go', ['list', '-e', '-f', '{{.ImportPath}}\t{{.Dir}}\t{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}', within], {
    cwd: moduleDir,
    env: { ...process.env, GOPROXY: 'off' },
    encoding: 'utf8',
    timeout: LIST_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0 || typeof listed.stdout !== 'string') return [];
  const packages = listed.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [path = '', dir = '', imports = ''] = line.split('\t');
      return { path, own: asPattern(relative(moduleDir, dir)), imports: new Set(imports.split(' ')) };
    });
  const wanted = new Set(changed);
  const changedPaths = new Set(packages.filter((pkg) => wanted.has(pkg.own)).map((pkg) => pkg.path));
  return packages
    .filter((pkg) => !wanted.has(pkg.own) && [...changedPaths].some((path) => pkg.imports.has(path)))
    .map((pkg) => pkg.own)
    .sort((a, b) => nearest(b, changed) - nearest(a, changed) || a.localeCompare(b))
    .slice(0, MAX_IMPORTERS);
}

/** `./dir` for a folder relative to the module ('.' for the module's own). */
function asPattern(folder: string): string {
  return folder === '' ? '.' : `./${folder.split(sep).join('/')}`;
}

/** How many leading folders `pkg` shares with the changed package it is nearest to. */
function nearest(pkg: string, changed: readonly string[]): number {
  const parts = resolve('/', pkg).split('/');
  return Math.max(
    ...changed.map((other) => {
      const its = resolve('/', other).split('/');
      let shared = 0;
      while (shared < parts.length && parts[shared] === its[shared]) shared++;
      return shared;
    }),
  );
}
