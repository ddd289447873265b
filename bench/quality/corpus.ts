import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../random.js';

/** A real source file no one here wrote, read from a corpus installed by the benchmark itself. */
export interface RealFile {
  corpus: CorpusName;
  /** Path inside the corpus, for the report. */
  path: string;
  text: string;
}

export type CorpusName = 'go-stdlib' | 'rxjs' | 'python-stdlib';

/** rxjs ships its TypeScript sources in the npm package; a pinned version keeps the figures comparable. */
export const RXJS_VERSION = '7.8.2';
/** Debian installs golang-1.19-src under /usr/share; /usr/lib/go-1.19 is a symlink that only the compiler package adds. */
const GO_ROOTS = ['/usr/lib/go-1.19/src', '/usr/share/go-1.19/src'];

/** bench/.cache in the repository, whether this runs from dist/bench/quality/ or bench/quality/. */
const CACHE_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/' : '../.cache/', import.meta.url));

/** The Go standard library's root, installing Debian's golang-1.19-src when it is missing (needs root, as on these machines). */
export function goStdlibRoot(log: (line: string) => void): string {
  const found = GO_ROOTS.find((root) => existsSync(join(root, 'fmt')));
  if (found) return found;
  log('   installing golang-1.19-src (apt-get update && apt-get install -y golang-1.19-src) …');
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', 'golang-1.19-src'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const installed = GO_ROOTS.find((root) => existsSync(join(root, 'fmt')));
  if (!installed) throw new Error(`golang-1.19-src installed but none of ${GO_ROOTS.join(', ')} holds the sources`);
  return installed;
}

/** Debian's Python 3.11 standard library, and where python3-requests and python3-attr put their sources. */
export const PYTHON_ROOT = '/usr/lib/python3.11';
const PYTHON_PACKAGES = ['/usr/lib/python3/dist-packages/requests', '/usr/lib/python3/dist-packages/attr'];

/** The Python standard library's root, installing libpython3.11-stdlib, python3-requests and python3-attr when missing. */
export function pythonStdlibRoot(log: (line: string) => void): string {
  const missing = (): boolean => !existsSync(join(PYTHON_ROOT, 'json', '__init__.py')) || PYTHON_PACKAGES.some((dir) => !existsSync(join(dir, '__init__.py')));
  if (!missing()) return PYTHON_ROOT;
  log('   installing libpython3.11-stdlib python3-requests python3-attr with apt-get …');
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', 'libpython3.11-stdlib', 'python3-requests', 'python3-attr'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (missing()) throw new Error(`the Python packages installed but ${PYTHON_ROOT} or ${PYTHON_PACKAGES.join(', ')} lack their sources`);
  return PYTHON_ROOT;
}

/** The root of rxjs's TypeScript sources, packed from the npm registry into bench/.cache on first use. */
export function rxjsRoot(log: (line: string) => void): string {
  const dir = join(CACHE_DIR, `rxjs-${RXJS_VERSION}`);
  const src = join(dir, 'package', 'src');
  if (existsSync(join(src, 'index.ts'))) return src;
  log(`   fetching rxjs@${RXJS_VERSION} with npm pack into ${dir} …`);
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `rxjs@${RXJS_VERSION}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n')
    .at(-1);
  if (!tarball) throw new Error(`npm pack rxjs@${RXJS_VERSION} printed no file name`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  if (!existsSync(join(src, 'index.ts'))) throw new Error(`rxjs@${RXJS_VERSION} has no src/index.ts`);
  return src;
}

/** Every file under `root` whose name passes `keep`, sorted so the list is the same on every machine. */
function listFiles(root: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        // testdata holds deliberately broken code; vendor and cmd are not the standard library proper.
        // Python: the stdlib's own tests, 2to3's Python 2 fixtures, IDLE and installed packages are not the library proper.
        if (!['testdata', 'vendor', 'cmd', 'test', 'tests', 'lib2to3', 'idlelib', 'site-packages', 'dist-packages', '__pycache__'].includes(name)) walk(path);
      } else if (keep(path)) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found;
}

/**
 * `count` files of a corpus, chosen with `seed` among those between `minBytes` and `maxBytes`
 * (small files hold few spans; huge ones make every parse in the benchmark slow).
 */
export function chooseFiles(options: { corpus: CorpusName; root: string; count: number; seed: number; minBytes: number; maxBytes: number }): RealFile[] {
  const { corpus, root } = options;
  const pattern = corpus === 'go-stdlib' ? /\.go$/ : corpus === 'python-stdlib' ? /\.py$/ : /\.ts$/;
  const keep = (path: string): boolean => pattern.test(path) && !path.endsWith('.d.ts');
  const extra = corpus === 'python-stdlib' ? PYTHON_PACKAGES.filter((dir) => existsSync(dir)).flatMap((dir) => listFiles(dir, keep)) : [];
  const paths = [...listFiles(root, keep), ...extra].filter((path) => {
    const size = statSync(path).size;
    return size >= options.minBytes && size <= options.maxBytes;
  });
  return new Random(options.seed).sample(paths, options.count).map((path) => ({ corpus, path: relative(root, path), text: readFileSync(path, 'utf8').replace(/\r\n/g, '\n') }));
}
