import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readRegularFile, readRegularFileSync, type ReadResult, type ReadSkip } from '../util/safe-read.js';

/** Largest manifest read (go.mod, package.json, tsconfig.json); real ones are a few KB. */
const MAX_MANIFEST_BYTES = 1_000_000;
/** Manifests read at once while preloading. */
const PRELOAD_BATCH = 16;

/** A manifest that was not read, and why (a FIFO named go.mod, a dangling symlink, …). */
export interface SkippedManifest {
  path: string;
  reason: Exclude<ReadSkip, 'missing'>;
}

/** Workspace-relative paths use forward slashes; '' is the workspace folder itself. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Whether `dirOf(path) === dir`, without cutting a new string: asked of thousands of paths a gather. */
export function inDir(path: string, dir: string): boolean {
  if (dir === '') return !path.includes('/');
  return path.length > dir.length && path.charCodeAt(dir.length) === 47 && path.startsWith(dir) && path.indexOf('/', dir.length + 1) < 0;
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
  /** Manifest texts read ahead asynchronously, by absolute path; a path not here is read (safely) when asked for. */
  private readonly texts = new Map<string, ReadResult>();
  /** Manifests found but not read, each once, in the order they were met. */
  readonly skipped: SkippedManifest[] = [];

  constructor(readonly root: string) {}

  invalidate(): void {
    this.cache.clear();
  }

  /**
   * Reads the given workspace-relative manifests ahead, asynchronously and within size and time
   * limits, so the synchronous lookups below find them in memory. Returns those it skipped.
   */
  async preload(paths: readonly string[]): Promise<SkippedManifest[]> {
    const before = this.skipped.length;
    for (let i = 0; i < paths.length; i += PRELOAD_BATCH) {
      await Promise.all(
        paths.slice(i, i + PRELOAD_BATCH).map(async (path) => {
          const absolute = join(this.root, path);
          this.texts.delete(absolute);
          this.noteRead(absolute, await readRegularFile(absolute, { maxBytes: MAX_MANIFEST_BYTES }));
        }),
      );
    }
    return this.skipped.slice(before);
  }

  /**
   * A digest of the manifests read so far (path and content): what import resolution depended on.
   * Only those that exist: lookups of missing ones depend on which imports were resolved yet.
   */
  digest(): string {
    const hash = createHash('sha1');
    for (const [path, read] of [...this.texts].sort(([a], [b]) => (a < b ? -1 : 1))) if (read.ok) hash.update(`${path}\0${read.text}\0`);
    return hash.digest('hex');
  }

  /** Every manifest looked up so far, found or not, workspace-relative: what a saved result must re-check. */
  lookedUp(): string[] {
    return [...this.texts.keys()].map((absolute) => toPosix(relative(this.root, absolute))).sort();
  }

  /** One manifest changed on disk: read it again ahead, and forget everything parsed from manifests. */
  async reload(path: string): Promise<SkippedManifest[]> {
    const skipped = await this.preload([path]);
    this.invalidate();
    return skipped;
  }

  /** The text of a manifest: read ahead, or read now with the same checks (never opening a FIFO or socket). */
  private readText(absolute: string): string | undefined {
    const read = this.texts.get(absolute) ?? this.noteRead(absolute, readRegularFileSync(absolute, { maxBytes: MAX_MANIFEST_BYTES }));
    return read.ok ? read.text : undefined;
  }

  private noteRead(absolute: string, read: ReadResult): ReadResult {
    this.texts.set(absolute, read);
    if (!read.ok && read.reason !== 'missing') this.skipped.push({ path: toPosix(relative(this.root, absolute)), reason: read.reason });
    return read;
  }

  private readJson(path: string): unknown {
    const text = this.readText(path);
    return text === undefined ? undefined : parseJsonc(text);
  }

  /** Whether a workspace-relative path names a manifest this reader caches. */
  static isManifest(path: string): boolean {
    return /(^|\/)(go\.mod|package\.json|tsconfig(\.[\w-]+)?\.json|jsconfig\.json)$/.test(path);
  }

  packageJson(dir: string): PackageJson | undefined {
    return this.nearest(dir, 'package.json', (text, at) => parsePackageJson(text, at));
  }

  tsconfig(dir: string): TsConfig | undefined {
    return (
      this.nearest(dir, 'tsconfig.json', (_text, at) => this.loadTsconfig(join(this.root, at, 'tsconfig.json'), 0)) ??
      this.nearest(dir, 'jsconfig.json', (_text, at) => this.loadTsconfig(join(this.root, at, 'jsconfig.json'), 0))
    );
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
    const raw = this.readJson(join(this.root, dir, 'package.json')) as Record<string, unknown> | undefined;
    const entry = [raw?.source, raw?.types, raw?.typings, raw?.module, raw?.main].find((value): value is string => typeof value === 'string');
    return pkg && entry ? joinPath(dir, entry.replace(/^(\.\/)?(dist|lib|build|out)\//, 'src/').replace(/\.d\.ts$/, '')) : joinPath(dir, 'src/index');
  }

  /** The parsed `file` nearest above `dir` (workspace-relative), read once; what each language module reads its manifests with. */
  nearest<T>(dir: string, file: string, parse: (text: string, relativeDir: string) => T | undefined): T | undefined {
    for (let at = dir; ; at = dirOf(at)) {
      const key = `${file}:${at}`;
      let value = this.cache.get(key) as T | null | undefined;
      if (value === undefined) {
        const text = this.readText(join(this.root, at, file));
        value = text === undefined ? null : (parse(text, at) ?? null);
        this.cache.set(key, value);
      }
      if (value !== null) return value;
      if (at === '') return undefined;
    }
  }

  private loadTsconfig(path: string, depth: number): TsConfig | undefined {
    const json = this.readJson(path) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
    if (!json) return undefined;
    const configDir = toPosix(relative(this.root, join(path, '..')));
    const inherited =
      typeof json.extends === 'string' && json.extends.startsWith('.') && depth < 3
        ? this.loadTsconfig(join(path, '..', json.extends.endsWith('.json') ? json.extends : `${json.extends}.json`), depth + 1)
        : undefined;
    const options = json.compilerOptions ?? {};
    const baseUrlDir = typeof options.baseUrl === 'string' ? joinPath(configDir, options.baseUrl) : inherited?.baseUrlDir;
    const paths = isRecord(options.paths)
      ? Object.entries(options.paths).map(([pattern, targets]): [string, string[]] => [
          pattern,
          Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
        ])
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
