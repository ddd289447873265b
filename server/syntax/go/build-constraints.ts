/**
 * Which platforms a Go file is built for: its file-name suffix (`_linux.go`, `_windows_amd64.go`)
 * and its `//go:build` line, as the go tool reads them. Two files that no platform builds together
 * (`lookup_plan9.go` and `lookup_windows.go`) never see each other's declarations, so a prompt for
 * one gains nothing from the other's.
 */
import { LRUCache } from 'lru-cache';

const SYSTEMS = [
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
];
const ARCHITECTURES = [
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'ppc64',
  'ppc64le',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
];
/** The systems the `unix` tag stands for (go/build's unixOS). */
const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);
/** A system that also satisfies another's tag and file suffix: android builds `_linux.go`, illumos `_solaris.go`, ios `_darwin.go`. */
const IMPLIES: Record<string, string> = { android: 'linux', illumos: 'solaris', ios: 'darwin' };
const SYSTEM_SET = new Set(SYSTEMS);
const ARCH_SET = new Set(ARCHITECTURES);

/** The `//go:build` expression of a file's header (the comments before the package clause), if it has one. */
export function goBuildConstraint(text: string): string | undefined {
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trim();
    if (line.startsWith('//go:build ')) return line.slice('//go:build '.length).trim();
    if (line !== '' && !line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*')) return undefined;
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}

/** One bit per (system, architecture): whether the file may be built there. Undefined: everywhere. */
type Platforms = Uint32Array | undefined;

const PAIRS = SYSTEMS.length * ARCHITECTURES.length;
const byConstraint = new Map<string, Platforms>();
/**
 * By path (the index's own strings, whose hashes V8 keeps): a concatenated key cost more than the rest of the check.
 * Bounded: the module outlives the workspaces it has seen.
 */
const byFile = new LRUCache<string, { constraint: string | undefined; platforms: Platforms }>({ max: 50_000 });

/**
 * The platforms a file builds on, from its path and its `//go:build` expression. Memoised by file and
 * by suffix and expression (many files share both): a gather asks for every file of a package.
 */
export function goPlatforms(path: string, constraint: string | undefined): Platforms {
  const known = byFile.get(path);
  if (known && known.constraint === constraint) return known.platforms;
  const suffix = fileSuffix(path);
  const key = `${suffix.system ?? ''}/${suffix.arch ?? ''}/${constraint ?? ''}`;
  let platforms = byConstraint.get(key);
  if (!byConstraint.has(key))
    byConstraint.set(key, (platforms = suffix.system === undefined && suffix.arch === undefined && constraint === undefined ? undefined : platformsOf(suffix, constraint)));
  byFile.set(path, { constraint, platforms });
  return platforms;
}

function platformsOf(suffix: { system?: string; arch?: string }, constraint: string | undefined): Uint32Array {
  const expression = constraint === undefined ? undefined : parse(constraint);
  const bits = new Uint32Array(Math.ceil(PAIRS / 32));
  SYSTEMS.forEach((system, i) => {
    ARCHITECTURES.forEach((arch, j) => {
      const named = (tag: string) => tag === system || IMPLIES[system] === tag;
      const bySuffix = (suffix.system === undefined || named(suffix.system)) && (suffix.arch === undefined || suffix.arch === arch);
      const byLine = expression === undefined || expression(tagValue(system, arch)) !== false;
      const at = i * ARCHITECTURES.length + j;
      if (bySuffix && byLine) bits[at >> 5]! |= 1 << (at & 31);
    });
  });
  return bits;
}

/** Whether some platform builds both files (a file with no constraint builds with any other that builds somewhere). */
export function goBuildTogether(a: { path: string; constraint?: string }, b: { path: string; constraint?: string }): boolean {
  const left = goPlatforms(a.path, a.constraint);
  const right = goPlatforms(b.path, b.constraint);
  if (!left) return !right || right.some((word) => word !== 0);
  if (!right) return left.some((word) => word !== 0);
  return left.some((word, i) => (word & right[i]!) !== 0);
}

/** go/build's reading of a file name: `name_GOOS_GOARCH.go`, `name_GOOS.go`, `name_GOARCH.go` (a `_test` suffix aside; the first part never counts). */
function fileSuffix(path: string): { system?: string; arch?: string } {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.go$/, '');
  const parts = base.split('_').slice(1);
  if (parts.at(-1) === 'test') parts.pop();
  const last = parts.at(-1);
  const before = parts.at(-2);
  if (last !== undefined && before !== undefined && SYSTEM_SET.has(before) && ARCH_SET.has(last)) return { system: before, arch: last };
  if (last !== undefined && SYSTEM_SET.has(last)) return { system: last };
  if (last !== undefined && ARCH_SET.has(last)) return { arch: last };
  return {};
}

/** A tag's truth on one platform: a system or architecture name is known; any other tag (cgo, go1.21, purego) may be either. */
function tagValue(system: string, arch: string): (tag: string) => boolean | undefined {
  return (tag) => {
    if (SYSTEM_SET.has(tag)) return tag === system || IMPLIES[system] === tag;
    if (ARCH_SET.has(tag)) return tag === arch;
    if (tag === 'unix') return UNIX.has(system);
    // The word the go command documents for a file no build takes (cgo -godefs inputs, generators).
    if (tag === 'ignore') return false;
    return undefined;
  };
}

type Value = boolean | undefined;
type Expression = (tag: (name: string) => Value) => Value;

/** A `//go:build` expression (`linux && (amd64 || arm64) && !cgo`) in three-valued logic: undefined is "depends on other tags". An unreadable one builds everywhere. */
function parse(text: string): Expression | undefined {
  const tokens = text.match(/\(|\)|&&|\|\||!|[^\s()&|!]+/g) ?? [];
  let at = 0;
  const or = (): Expression | undefined => {
    const terms: Expression[] = [];
    for (let term = and(); term; term = tokens[at] === '||' ? (at++, and()) : undefined) terms.push(term);
    return terms.length === 0 ? undefined : (tag) => anyOf(terms.map((term) => term(tag)));
  };
  const and = (): Expression | undefined => {
    const terms: Expression[] = [];
    for (let term = not(); term; term = tokens[at] === '&&' ? (at++, not()) : undefined) terms.push(term);
    return terms.length === 0 ? undefined : (tag) => allOf(terms.map((term) => term(tag)));
  };
  const not = (): Expression | undefined => {
    const token = tokens[at++];
    if (token === '!') {
      const inner = not();
      return inner && ((tag) => negate(inner(tag)));
    }
    if (token === '(') {
      const inner = or();
      return tokens[at++] === ')' ? inner : undefined;
    }
    return token === undefined || token === ')' || token === '&&' || token === '||' ? undefined : (tag) => tag(token);
  };
  const expression = or();
  return at === tokens.length ? expression : undefined;
}

function negate(value: Value): Value {
  return value === undefined ? undefined : !value;
}

function anyOf(values: readonly Value[]): Value {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

function allOf(values: readonly Value[]): Value {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}
