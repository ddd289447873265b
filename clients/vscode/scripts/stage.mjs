// Stages the extension as `vsce package` expects it, in clients/vscode/vsix/ (or the folder given as
// the first argument): the compiled
// extension, its manifest and README, and the production dependencies it loads at run time.
// npm workspaces hoist those to the repository's node_modules, so they are collected from there.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = fileURLToPath(new URL('..', import.meta.url));
const repository = join(extension, '..', '..');
const target = process.argv[2] ? resolve(process.argv[2]) : join(extension, 'vsix');

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The directory Node would load `name` from when required from inside `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (run npm ci at the repository root)`);
  }
}

/** Every package the extension loads at run time: its dependencies, theirs, and so on. */
function productionClosure() {
  const found = new Map();
  const visit = (name, fromDir) => {
    const dir = packageDir(name, fromDir);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = readJson(join(dir, 'package.json'));
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      visit(dependency, dir);
    }
  };
  for (const name of Object.keys(readJson(join(extension, 'package.json')).dependencies ?? {})) visit(name, extension);
  return [...found.keys()];
}

/** Keeps each package at the same place relative to a node_modules root, so Node resolves as before. */
function stagedPath(dir) {
  for (const root of [extension, repository]) {
    const rel = relative(root, dir);
    if (rel.startsWith(`node_modules${sep}`)) return join(target, rel);
  }
  throw new Error(`${dir} is outside the extension's and the repository's node_modules`);
}

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(extension, 'out'), join(target, 'out'), { recursive: true, filter: (path) => !path.endsWith('.map') });
cpSync(join(extension, 'README.md'), join(target, 'README.md'));

const manifest = readJson(join(extension, 'package.json'));
delete manifest.scripts;
delete manifest.devDependencies;
writeFileSync(join(target, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const staged = new Set();
for (const dir of productionClosure()) {
  const to = stagedPath(dir);
  if (staged.has(to)) throw new Error(`two packages would be staged at ${to}`);
  staged.add(to);
  // Nested node_modules are staged on their own, and only when something loads them.
  cpSync(dir, to, { recursive: true, filter: (path) => !relative(dir, path).split(sep).includes('node_modules') });
}
process.stdout.write(`staged ${relative(repository, target)}: extension, ${staged.size} packages\n`);
