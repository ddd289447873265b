import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Workspace-relative paths use forward slashes; '' is the workspace folder itself. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Joins and normalises workspace-relative segments (`a/b` + `../c` → `a/c`); may start with `..` when it leaves the folder. */
export function joinPath(base: string, rest: string): string {
  const out: string[] = [];
  for (const segment of `${base}/${rest}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

export interface TsConfig {
  /** Directory the `paths` patterns are relative to. */
  baseDir: string;
  baseUrlDir?: string;
  paths: Array<[string, string[]]>;
}

export interface PackageJson {
  dir: string;
  name?: string;
  type?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  engines: Record<string, string>;
  scripts: Record<string, string>;
}

/**
 * Reads the manifests of one workspace folder (go.mod, package.json, tsconfig.json …), each once,
 * found by walking up from a directory to the folder's root. Call `invalidate` when one changes.
 */
export class ManifestReader {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly root: string) {}

  invalidate(): void {
    this.cache.clear();
  }

  packageJson(dir: string): PackageJson | undefined {
    return this.nearest(dir, 'package.json', (text, at) => parsePackageJson(text, at));
  }

  tsconfig(dir: string): TsConfig | undefined {
    return this.nearest(dir, 'tsconfig.json', (_text, at) => this.loadTsconfig(join(this.root, at, 'tsconfig.json'), 0))
      ?? this.nearest(dir, 'jsconfig.json', (_text, at) => this.loadTsconfig(join(this.root, at, 'jsconfig.json'), 0));
  }

  /**
   * Entry file (workspace-relative, maybe without extension) of a package that lives in this
   * workspace and is linked into node_modules, as monorepo workspaces are. External packages: undefined.
   */
  workspacePackageEntry(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
    const subpath = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    const key = `entry:${name}`;
    let dir = this.cache.get(key) as string | null | undefined;
    if (dir === undefined) {
      dir = null;
      try {
        const real = realpathSync(join(this.root, 'node_modules', name));
        const rel = toPosix(relative(this.root, real));
        if (!rel.startsWith('..') && !rel.split('/').includes('node_modules')) dir = rel;
      } catch {
        // Not installed, or not a link into the workspace.
      }
      this.cache.set(key, dir);
    }
    if (dir === null) return undefined;
    if (subpath) return joinPath(dir, subpath);
    const pkg = this.packageJson(dir);
    const raw = readJson(join(this.root, dir, 'package.json')) as Record<string, unknown> | undefined;
    const entry = [raw?.source, raw?.types, raw?.typings, raw?.module, raw?.main].find((value): value is string => typeof value === 'string');
    return pkg && entry ? joinPath(dir, entry.replace(/^(\.\/)?(dist|lib|build|out)\//, 'src/').replace(/\.d\.ts$/, '')) : joinPath(dir, 'src/index');
  }

  /** The parsed `file` nearest above `dir` (workspace-relative), read once; what each language module reads its manifests with. */
  nearest<T>(dir: string, file: string, parse: (text: string, relativeDir: string) => T | undefined): T | undefined {
    for (let at = dir; ; at = dirOf(at)) {
      const key = `${file}:${at}`;
      let value = this.cache.get(key) as T | null | undefined;
      if (value === undefined) {
        const text = readText(join(this.root, at, file));
        value = text === undefined ? null : (parse(text, at) ?? null);
        this.cache.set(key, value);
      }
      if (value !== null) return value;
      if (at === '') return undefined;
    }
  }

  private loadTsconfig(path: string, depth: number): TsConfig | undefined {
    const json = readJson(path) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
    if (!json) return undefined;
    const configDir = toPosix(relative(this.root, join(path, '..')));
    const inherited = typeof json.extends === 'string' && json.extends.startsWith('.') && depth < 3
      ? this.loadTsconfig(join(path, '..', json.extends.endsWith('.json') ? json.extends : `${json.extends}.json`), depth + 1)
      : undefined;
    const options = json.compilerOptions ?? {};
    const baseUrlDir = typeof options.baseUrl === 'string' ? joinPath(configDir, options.baseUrl) : inherited?.baseUrlDir;
    const paths = isRecord(options.paths)
      ? Object.entries(options.paths).map(([pattern, targets]): [string, string[]] => [pattern, Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : []])
      : undefined;
    return {
      baseDir: paths ? (baseUrlDir ?? configDir) : (inherited?.baseDir ?? baseUrlDir ?? configDir),
      baseUrlDir,
      paths: paths ?? inherited?.paths ?? [],
    };
  }
}

/** The fields of a package.json Ghostline reads (it comes from the user's disk: anything else is ignored). */
export function parsePackageJson(text: string, dir: string): PackageJson | undefined {
  const json = parseJsonc(text);
  if (!isRecord(json)) return undefined;
  const record = (value: unknown): Record<string, string> =>
    isRecord(value) ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
  return {
    dir,
    name: typeof json.name === 'string' ? json.name : undefined,
    type: typeof json.type === 'string' ? json.type : undefined,
    dependencies: record(json.dependencies),
    devDependencies: record(json.devDependencies),
    peerDependencies: record(json.peerDependencies),
    engines: record(json.engines),
    scripts: record(json.scripts),
  };
}

function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function readJson(path: string): unknown {
  const text = readText(path);
  return text === undefined ? undefined : parseJsonc(text);
}

/** Test runners, checked in this order against a package's dependencies and its test script. */
const TEST_FRAMEWORKS = ['vitest', 'jest', 'mocha', 'ava', 'jasmine', 'tap', 'uvu', '@playwright/test', 'cypress'] as const;

/** The test framework a package.json implies, or undefined when it names none. */
export function detectTestFramework(pkg: PackageJson): string | undefined {
  const all = { ...pkg.peerDependencies, ...pkg.dependencies, ...pkg.devDependencies };
  const testScript = pkg.scripts.test ?? '';
  const named = (name: string) =>
    name in all || (name === 'jest' && ('@jest/globals' in all || 'ts-jest' in all)) || new RegExp(`\\b${name.replace('@playwright/test', 'playwright')}\\b`).test(testScript);
  return TEST_FRAMEWORKS.find(named) ?? (/\bnode\b.*--test\b/.test(testScript) ? 'node:test' : undefined);
}

/** JSON with comments and trailing commas, as tsconfig.json allows. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else {
      out += char;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
