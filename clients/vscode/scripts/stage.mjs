// Stages the extension as `vsce package` expects it, in clients/vscode/vsix/ (or the folder given as
// the first argument): the extension bundled by esbuild into one file (its dependencies included,
// only `vscode` and Node's own modules left to the host), its manifest without dependencies, the
// README, the LICENSE and a .vscodeignore.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const extension = fileURLToPath(new URL('..', import.meta.url));
const repository = join(extension, '..', '..');
const target = process.argv[2] ? resolve(process.argv[2]) : join(extension, 'vsix');

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const manifest = readJson(join(extension, 'package.json'));
await build({
  entryPoints: [join(extension, 'src', 'extension.ts')],
  outfile: join(target, manifest.main),
  bundle: true,
  platform: 'node',
  // The extension host loads CommonJS; VS Code 1.91 runs Node 20.
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});

// vsce wants the source repository: the manifest's, else this checkout's git remote.
const remote = (() => {
  try {
    return execFileSync('git', ['-C', repository, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
})();
if (!manifest.repository && remote) manifest.repository = { type: 'git', url: remote, directory: 'clients/vscode' };
if (!manifest.repository) process.stderr.write('stage: no repository field and no git remote "origin": vsce will ask about it\n');
// Bundled: nothing to install, nothing for vsce to walk.
delete manifest.scripts;
delete manifest.devDependencies;
delete manifest.dependencies;
writeFileSync(join(target, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
cpSync(join(extension, 'README.md'), join(target, 'README.md'));
cpSync(join(repository, 'LICENSE'), join(target, 'LICENSE'));
cpSync(join(extension, '.vscodeignore'), join(target, '.vscodeignore'));
process.stdout.write(`staged ${relative(repository, target)}: ${manifest.main} bundled\n`);
