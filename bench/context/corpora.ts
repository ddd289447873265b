import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's golang-1.19-src puts the standard library (…/share), and where golang-1.19-go links it (…/lib). */
const GO_SRC = ['/usr/share/go-1.19/src', '/usr/lib/go-1.19/src'];
const RXJS_VERSION = '7.8.2';

/** The Go 1.19 standard library sources, installed with apt-get when missing (needs root). */
export function goCorpus(log: (line: string) => void): string {
  const found = GO_SRC.find((dir) => existsSync(join(dir, 'go.mod')));
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('the Go corpus needs Debian\'s golang-1.19-src: run `sudo apt-get install golang-1.19-src`');
  log('installing golang-1.19-src with apt-get …');
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', 'golang-1.19-src'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const installed = GO_SRC.find((dir) => existsSync(join(dir, 'go.mod')));
  if (!installed) throw new Error('golang-1.19-src installed but its src/ was not found');
  return installed;
}

/** The TypeScript sources shipped in the rxjs npm package, installed into a temporary folder with npm when missing. */
export function rxjsCorpus(log: (line: string) => void): string {
  const prefix = join(tmpdir(), `ghostline-bench-rxjs-${RXJS_VERSION}`);
  const src = join(prefix, 'node_modules', 'rxjs', 'src');
  if (existsSync(join(src, 'index.ts'))) return src;
  log(`installing rxjs@${RXJS_VERSION} with npm into ${prefix} …`);
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix, `rxjs@${RXJS_VERSION}`], { stdio: 'ignore' });
  if (!existsSync(join(src, 'index.ts'))) throw new Error(`rxjs@${RXJS_VERSION} has no src/index.ts`);
  return src;
}
