import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirOf } from '../../server/syntax/manifests.js';
import { codeOf, dedupe, receiverBefore, type CaseClass, type Target } from './target.js';

const GO_FUNCTION = /^func ([\p{L}_][\p{L}\p{N}_]*)\s*[[(]/gmu;
const GO_TYPE = /^type ([\p{L}_][\p{L}\p{N}_]*)\b/gmu;
const GO_GROUPED_TYPES = /^type \(\n([\s\S]*?)^\)/gm;
const GO_METHOD = /^func \([^)]*\) ([\p{L}_][\p{L}\p{N}_]*)\s*[[(]/gmu;
/** Interface methods: `\tName(` lines of a `type X interface {` body. */
const GO_INTERFACE = /^type [\p{L}_][\p{L}\p{N}_]* interface \{\n([\s\S]*?)^\}/gmu;
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;
/** A generator beside a package (crypto/md5/gen.go, `package main`) is no part of it: the go tool never builds it. */
const BUILD_IGNORE = /^\/\/(go:build| \+build) ignore$/m;
/** Every value with an `Error()` is an `error`: which type's method is meant says nothing. */
const UNTELLING_METHODS = new Set(['Error']);
const KEYWORDS = new Set(['func', 'return', 'if', 'for', 'range', 'go', 'defer', 'switch', 'case', 'select', 'var', 'const', 'type', 'struct', 'interface', 'map', 'chan', 'else']);

/** What the Go files of one package directory declare (tests, generated files and generators aside), each name with its file. */
interface GoPackage {
  functions: Map<string, string>;
  types: Map<string, string>;
  /** Method name → the files declaring a method (or interface method) of that name. */
  methods: Map<string, Set<string>>;
}

/** What a Go file declares itself: functions, types and methods of these names are not cross-file. */
function declaredIn(text: string): { functions: string[]; types: string[]; methods: string[] } {
  const types = [...text.matchAll(GO_TYPE)].map((match) => match[1]!);
  for (const group of text.matchAll(GO_GROUPED_TYPES)) types.push(...[...group[1]!.matchAll(/^\t([\p{L}_][\p{L}\p{N}_]*)\s/gmu)].map((match) => match[1]!));
  const methods = [...text.matchAll(GO_METHOD)].map((match) => match[1]!);
  for (const body of text.matchAll(GO_INTERFACE)) methods.push(...[...body[1]!.matchAll(/^\t([\p{Lu}][\p{L}\p{N}_]*)\(/gmu)].map((match) => match[1]!));
  return { functions: [...text.matchAll(GO_FUNCTION)].map((match) => match[1]!), types, methods };
}

/**
 * Go: for each file, a judge of its body lines naming what they use from other files: functions
 * and types of imported packages (`pkg.Name(`, `*pkg.T`, `pkg.T{`), functions and types of other
 * files of the package, and methods called on values (`x.Name(`) or on chains (`a.B().Name(`),
 * declared in a package the file reaches (its own or an imported one).
 */
export function goJudge(root: string): (file: string, text: string) => (line: string) => Target[] {
  const modulePath = goModulePath(root);
  const packages = new Map<string, GoPackage>();
  const packageIn = (dir: string): GoPackage => {
    let found = packages.get(dir);
    if (!found) packages.set(dir, (found = readPackage(root, dir)));
    return found;
  };
  return (file, text) => {
    const imports = goImports(text, modulePath);
    const own = declaredIn(text);
    const ownNames = new Set([...own.functions, ...own.types]);
    const ownMethods = new Set(own.methods);
    const here = dirOf(file);
    const base = file.slice(file.lastIndexOf('/') + 1);
    const reachable = [here, ...imports.values()];
    const method = (name: string, kind: CaseClass, receiver: string | undefined): Target[] => {
      if (ownMethods.has(name) || UNTELLING_METHODS.has(name) || declaredOutside(text, imports, receiver)) return [];
      const dirs = reachable.filter((dir) => [...(packageIn(dir).methods.get(name) ?? [])].some((where) => dir !== here || where !== base));
      return dirs.length > 0 ? [{ name, kind, dirs }] : [];
    };
    return (line) => {
      const code = codeOf(line);
      const targets: Target[] = [];
      for (const match of code.matchAll(/\.\s*([\p{L}_][\p{L}\p{N}_]*)(\s*[({])?/gu)) {
        const name = match[1]!;
        const after = match[2]?.trim();
        const receiver = receiverBefore(code, match.index);
        const dir = receiver.ident !== undefined && !receiver.chained ? imports.get(receiver.ident) : undefined;
        if (dir !== undefined) targets.push(...packageMember(packageIn(dir), dir, name, after));
        else if (after === '(') targets.push(...method(name, receiver.chained ? 'chained' : 'method', receiver.chained ? undefined : receiver.ident));
      }
      for (const match of code.matchAll(/(?<![.\p{L}\p{N}_])([\p{L}_][\p{L}\p{N}_]*)(\s*[({.])?/gu)) {
        const name = match[1]!;
        const after = match[2]?.trim();
        if (ownNames.has(name) || KEYWORDS.has(name) || imports.has(name) || after === '.') continue;
        const where = packageIn(here);
        if (after === '(' && where.functions.has(name) && where.functions.get(name) !== base) targets.push({ dir: here, name, kind: 'function' });
        else if (where.types.has(name) && where.types.get(name) !== base) targets.push({ dir: here, name, kind: after === '{' ? 'literal' : 'type' });
      }
      return dedupe(targets);
    };
  };
}

/**
 * Whether the file declares the receiver (a parameter or variable, `next http.Handler`) with a
 * type of a package outside the corpus: its methods are not the corpus's to show.
 */
function declaredOutside(text: string, imports: ReadonlyMap<string, string>, receiver: string | undefined): boolean {
  if (receiver === undefined) return false;
  const declared = new RegExp(`(?<![\\p{L}\\p{N}_.])${receiver}(?:\\s*,\\s*[\\p{L}_][\\p{L}\\p{N}_]*)*\\s+[*\\[\\]]*([\\p{L}_][\\p{L}\\p{N}_]*)\\.[\\p{Lu}]`, 'u').exec(text);
  return declared !== null && (imports.get(declared[1]!)?.startsWith('//') ?? false);
}

/** `pkg.Name` of an imported package: a function called, a type built with `{`, or a type named. */
function packageMember(declared: GoPackage, dir: string, name: string, after: string | undefined): Target[] {
  if (!/^\p{Lu}/u.test(name)) return [];
  if (after === '(' && declared.functions.has(name)) return [{ dir, name, kind: 'function' }];
  if (declared.types.has(name)) return [{ dir, name, kind: after === '{' ? 'literal' : 'type' }];
  return [];
}

function readPackage(root: string, dir: string): GoPackage {
  const found: GoPackage = { functions: new Map(), types: new Map(), methods: new Map() };
  const absolute = join(root, dir);
  const entries = !dir.startsWith('//') && existsSync(absolute) ? readdirSync(absolute).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go')) : [];
  for (const name of entries) {
    const text = readFileSync(join(absolute, name), 'utf8');
    if (GENERATED.test(text.slice(0, 2048)) || BUILD_IGNORE.test(text.slice(0, 2048))) continue;
    const declared = declaredIn(text);
    for (const fn of declared.functions) found.functions.set(fn, name);
    for (const type of declared.types) found.types.set(type, name);
    for (const method of declared.methods) found.methods.set(method, new Set([...(found.methods.get(method) ?? []), name]));
  }
  return found;
}

/** The module path go.mod declares at the corpus root (`std` in GOROOT/src, whose import paths are its directories). */
function goModulePath(root: string): string | undefined {
  const goMod = join(root, 'go.mod');
  return existsSync(goMod) ? /^module\s+(\S+)/m.exec(readFileSync(goMod, 'utf8'))?.[1] : undefined;
}

/** Local package names → the corpus directory of the package: paths inside the module lose its path; others outside the corpus start with `//`. */
function goImports(text: string, modulePath: string | undefined): Map<string, string> {
  const imports = new Map<string, string>();
  const block = /^import\s*\(([\s\S]*?)^\)/m.exec(text)?.[1] ?? '';
  const singles = [...text.matchAll(/^import\s+(\S+\s+)?"([^"]+)"/gm)].map((match) => `${match[1] ?? ''}"${match[2]}"`);
  for (const line of [...block.split('\n'), ...singles]) {
    const match = /^\s*([\p{L}_][\p{L}\p{N}_]*\s+)?"([^"]+)"/u.exec(line);
    if (!match) continue;
    const path = match[2]!;
    const name =
      match[1]?.trim() ??
      path
        .split('/')
        .filter((segment) => !/^v\d+$/.test(segment))
        .at(-1) ??
      path;
    const dir =
      modulePath === undefined || modulePath === 'std' ? path : path === modulePath ? '' : path.startsWith(`${modulePath}/`) ? path.slice(modulePath.length + 1) : `//${path}`;
    if (name !== '_' && name !== '.') imports.set(name, dir);
  }
  return imports;
}
