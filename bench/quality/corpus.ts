import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
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

export type CorpusName = 'go-stdlib' | 'urfave-cli' | 'chi' | 'prometheus' | 'rxjs' | 'query-core' | 'python-stdlib' | 'python-requests' | 'python-attr';
export type CorpusLanguage = 'go' | 'typescript' | 'python';

/** One corpus the benchmarks run on: where its sources come from, and how to get them onto the machine. */
export interface CorpusSpec {
  name: CorpusName;
  language: CorpusLanguage;
  /** For the report: the library and version. */
  label: string;
  /** For the report: the package the sources come from. */
  source: string;
  /** The sources' root directory, installed when missing. */
  root: (log: (line: string) => void) => string;
}

/** rxjs ships its TypeScript sources in the npm package; a pinned version keeps the figures comparable. */
export const RXJS_VERSION = '7.8.2';
/** @tanstack/query-core ships src/*.ts too: a few large classes called through fields and parameters, where rxjs is many small operator functions. */
export const QUERY_CORE_VERSION = '5.108.4';
/** Debian installs golang-1.19-src under /usr/share; /usr/lib/go-1.19 is a symlink that only the compiler package adds. */
const GO_ROOTS = ['/usr/lib/go-1.19/src', '/usr/share/go-1.19/src'];
const GOCODE = '/usr/share/gocode/src';

/** bench/.cache in the repository, whether this runs from dist/bench/quality/ or bench/quality/. */
const CACHE_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/' : '../.cache/', import.meta.url));

/**
 * Every corpus, in the order the benchmarks run them. The Go libraries differ in shape: urfave/cli
 * is one package of large types called through many variable names, chi a router and its
 * middleware package, prometheus's client many packages calling each other through interfaces.
 */
export const CORPORA: readonly CorpusSpec[] = [
  { name: 'go-stdlib', language: 'go', label: 'go1.19 std', source: 'Debian golang-1.19-src', root: (log) => goStdlibRoot(log) },
  debianGoLibrary({ name: 'urfave-cli', label: 'urfave/cli v2.3.0', pkg: 'golang-github-urfave-cli-v2-dev', dir: 'github.com/urfave/cli/v2' }),
  debianGoLibrary({ name: 'chi', label: 'go-chi/chi v5.0.7', pkg: 'golang-github-go-chi-chi-dev', dir: 'github.com/go-chi/chi' }),
  debianGoLibrary({ name: 'prometheus', label: 'prometheus/client_golang v1.14.0', pkg: 'golang-github-prometheus-client-golang-dev', dir: 'github.com/prometheus/client_golang' }),
  { name: 'rxjs', language: 'typescript', label: `rxjs ${RXJS_VERSION} src`, source: `npm rxjs@${RXJS_VERSION} src/`, root: (log) => rxjsRoot(log) },
  {
    name: 'query-core',
    language: 'typescript',
    label: `@tanstack/query-core ${QUERY_CORE_VERSION} src`,
    source: `npm @tanstack/query-core@${QUERY_CORE_VERSION} src/`,
    root: (log) => npmSourceRoot({ pkg: '@tanstack/query-core', version: QUERY_CORE_VERSION, entry: 'index.ts', log }),
  },
  {
    name: 'python-stdlib',
    language: 'python',
    label: 'python3.11 std',
    source: 'Debian libpython3.11-stdlib',
    root: (log) => pythonStdlibRoot(log),
  },
  debianPythonLibrary({ name: 'python-requests', label: 'requests (Debian 12)', pkg: 'python3-requests', dirs: ['requests'] }),
  // attrs/ is the newer name of the same API, re-exporting attr/: both are what the package installs.
  debianPythonLibrary({ name: 'python-attr', label: 'attrs (Debian 12)', pkg: 'python3-attr', dirs: ['attr', 'attrs'] }),
];

/** The corpora `--corpus=<name>` picks: a corpus name, or a language id for all of that language's corpora. */
export function selectCorpora(only: string | undefined): CorpusSpec[] {
  if (!only) return [...CORPORA];
  const chosen = CORPORA.filter((corpus) => only.split(',').some((wanted) => corpus.name === wanted || corpus.language === wanted));
  if (chosen.length === 0) throw new Error(`no corpus named ${only}; the corpora are ${CORPORA.map((corpus) => corpus.name).join(', ')} (or a language: go, typescript, python)`);
  return chosen;
}

/** The Go standard library's root, installing Debian's golang-1.19-src when it is missing (needs root, as on these machines). */
export function goStdlibRoot(log: (line: string) => void): string {
  const found = GO_ROOTS.find((root) => existsSync(join(root, 'fmt')));
  if (found) return found;
  aptInstall(['golang-1.19-src'], log);
  const installed = GO_ROOTS.find((root) => existsSync(join(root, 'fmt')));
  if (!installed) throw new Error(`golang-1.19-src installed but none of ${GO_ROOTS.join(', ')} holds the sources`);
  return installed;
}

/** A Go library Debian packages under /usr/share/gocode/src, its root being the module's directory (where go.mod is). */
function debianGoLibrary(input: { name: CorpusName; label: string; pkg: string; dir: string }): CorpusSpec {
  const root = join(GOCODE, input.dir);
  return {
    name: input.name,
    language: 'go',
    label: input.label,
    source: `Debian ${input.pkg}`,
    root: (log) => {
      if (!existsSync(join(root, 'go.mod'))) aptInstall([input.pkg], log);
      if (!existsSync(join(root, 'go.mod'))) throw new Error(`${input.pkg} installed but ${root} holds no go.mod`);
      return root;
    },
  };
}

function aptInstall(packages: readonly string[], log: (line: string) => void): void {
  log(`   installing ${packages.join(' ')} (apt-get update && apt-get install -y --no-install-recommends) …`);
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Debian's Python 3.11 standard library. */
export const PYTHON_ROOT = '/usr/lib/python3.11';
/** Where Debian's python3-* packages put their sources. */
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

/** The Python standard library's root, installing libpython3.11-stdlib when missing. */
export function pythonStdlibRoot(log: (line: string) => void): string {
  const missing = (): boolean => !existsSync(join(PYTHON_ROOT, 'json', '__init__.py'));
  if (!missing()) return PYTHON_ROOT;
  aptInstall(['libpython3.11-stdlib'], log);
  if (missing()) throw new Error(`libpython3.11-stdlib installed but ${PYTHON_ROOT} lacks its sources`);
  return PYTHON_ROOT;
}

/**
 * A Python library Debian installs under dist-packages. The corpus root is a folder in bench/.cache
 * holding a link to each of its packages, so the workspace is the library alone (as its own
 * checkout would be: `requests/` at the root) and not every package of dist-packages.
 */
function debianPythonLibrary(input: { name: CorpusName; label: string; pkg: string; dirs: readonly string[] }): CorpusSpec {
  return {
    name: input.name,
    language: 'python',
    label: input.label,
    source: `Debian ${input.pkg}`,
    root: (log) => {
      const installed = (): boolean => input.dirs.every((dir) => existsSync(join(DIST_PACKAGES, dir, '__init__.py')));
      if (!installed()) aptInstall([input.pkg], log);
      if (!installed()) throw new Error(`${input.pkg} installed but ${DIST_PACKAGES} lacks ${input.dirs.join(', ')}`);
      const root = join(CACHE_DIR, input.name);
      mkdirSync(root, { recursive: true });
      for (const dir of input.dirs) if (!existsSync(join(root, dir))) symlinkSync(join(DIST_PACKAGES, dir), join(root, dir));
      return root;
    },
  };
}

/** The root of rxjs's TypeScript sources, packed from the npm registry into bench/.cache on first use. */
export function rxjsRoot(log: (line: string) => void): string {
  return npmSourceRoot({ pkg: 'rxjs', version: RXJS_VERSION, entry: 'index.ts', log });
}

/** The src/ folder of an npm package that ships its TypeScript sources, packed from the registry into bench/.cache on first use. */
function npmSourceRoot(input: { pkg: string; version: string; entry: string; log: (line: string) => void }): string {
  const { pkg, version } = input;
  const dir = join(CACHE_DIR, `${pkg.replace(/^@/, '').replace(/\//g, '-')}-${version}`);
  const src = join(dir, 'package', 'src');
  if (existsSync(join(src, input.entry))) return src;
  input.log(`   fetching ${pkg}@${version} with npm pack into ${dir} …`);
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${pkg}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n')
    .at(-1);
  if (!tarball) throw new Error(`npm pack ${pkg}@${version} printed no file name`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  if (!existsSync(join(src, input.entry))) throw new Error(`${pkg}@${version} has no src/${input.entry}`);
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
  const language = CORPORA.find((spec) => spec.name === corpus)?.language;
  const pattern = language === 'go' ? /\.go$/ : language === 'python' ? /\.py$/ : /\.ts$/;
  const keep = (path: string): boolean => pattern.test(path) && !path.endsWith('.d.ts');
  const paths = listFiles(root, keep).filter((path) => {
    const size = statSync(path).size;
    return size >= options.minBytes && size <= options.maxBytes;
  });
  return new Random(options.seed).sample(paths, options.count).map((path) => ({ corpus, path: relative(root, path), text: readFileSync(path, 'utf8').replace(/\r\n/g, '\n') }));
}
