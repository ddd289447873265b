import type { CutRules } from '../../syntax/language-module.js';
import { dirOf } from '../../syntax/manifests.js';
import { languageModule } from '../../syntax/modules.js';
import { asciiFast } from '../../util/ascii-pattern.js';

const QUALIFIED_USE = asciiFast(/(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\.([\p{L}_$][\p{L}\p{N}_$]*)/gu);
/** A chain of three names or more (`a.b.c`, `xml.dom.minidom.parse`), whole. */
const DOTTED_USE = asciiFast(/(?<![.\p{L}\p{N}_$])[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*){2,}/gu);
const CALL = asciiFast(/(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\s*\(/gu);
const MAX_USES = 2000;
/** Comments and string literals of Go, TS and JS; their words are neither references nor calls. */
const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/** A name or `q.name`, and the `(` or `{` after it: a call, or with `pkg.Type{` a composite literal. */
const CALL_SITE = asciiFast(/(?<![\p{L}\p{N}_$])(?:([\p{L}_$][\p{L}\p{N}_$]*)\s*\.\s*)?([\p{L}_$][\p{L}\p{N}_$]*)(\s*\(|\{)?/gu);
const UPPER = /^\p{Lu}/u;
const MAX_CALLS = 64;
/** Keywords and builtins that look like calls; every function has them, so they say nothing about one. */
const NOT_CALLS = new Set([
  'if',
  'for',
  'switch',
  'select',
  'func',
  'return',
  'go',
  'defer',
  'range',
  'while',
  'catch',
  'function',
  'typeof',
  'super',
  'import',
  'require',
  'await',
  'void',
  'len',
  'cap',
  'make',
  'new',
  'append',
  'copy',
  'delete',
  'panic',
  'recover',
  'print',
  'println',
  'close',
  'complex',
  'real',
  'imag',
  'min',
  'max',
  'clear',
  'string',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
  'float32',
  'float64',
  'byte',
  'rune',
  'bool',
  'error',
  'any',
  'unsafe.Pointer',
]);

/**
 * Whether a qualifier names a package or namespace the file imports (`fmt`, `import * as ns`, an
 * imported class): `q.name` then means that package's declaration. Any other qualifier is a value,
 * and `x.name` means a method or field of whatever type `x` has.
 */
export type IsPackage = (qualifier: string) => boolean;

/**
 * A method called on a value, by the method's name alone (`.Flags` for `cmd.Flags()`,
 * `c.Flags()` and `a.B().Flags()`): the key must not depend on what the variable is called.
 */
export function memberKey(name: string): string {
  let key = MEMBER_KEYS.get(name);
  if (key === undefined) {
    if (MEMBER_KEYS.size >= MAX_MEMBER_KEYS) MEMBER_KEYS.clear();
    MEMBER_KEYS.set(name, (key = `.${name}`));
  }
  return key;
}

/**
 * Member keys made before, kept across gathers: a fresh `.name` string is hashed anew at each lookup, and the
 * definitions source looks thousands up per gather (a type's methods' worth); a kept one carries its hash. The key
 * is a function of the name alone, so nothing can go stale; emptied past a bound.
 */
const MEMBER_KEYS = new Map<string, string>();
const MAX_MEMBER_KEYS = 50_000;

/**
 * The names a file uses, found by pattern: `pkg.Name` pairs, names called unqualified, and
 * methods called on values (`.Name`, see memberKey), and the names the language says are used as types. Cheap enough to keep for every file; it
 * gives each declaration a popularity that ranks an imported package's API (`fmt.Sprintf` before
 * `fmt.Sscan`), or a type's methods, when nothing at the cursor names it.
 */
export function extractUses(text: string, isPackage?: IsPackage, options: { typeUses?: readonly string[]; dottedNamespaces?: boolean } = {}): string[] {
  const uses = new Set<string>();
  for (const match of text.matchAll(QUALIFIED_USE.for(text))) {
    uses.add(`${match[1]}.${match[2]}`);
    if (uses.size >= MAX_USES) break;
  }
  if (isPackage && options.dottedNamespaces) addDottedUses(text, isPackage, uses);
  for (const match of text.matchAll(CALL.for(text))) {
    uses.add(match[1]!);
    if (uses.size >= MAX_USES) break;
  }
  if (isPackage) {
    for (const { call } of callSites(text, isPackage)) {
      if (call.startsWith('.')) uses.add(call);
      if (uses.size >= MAX_USES) break;
    }
  }
  for (const name of options.typeUses ?? []) {
    if (uses.size >= MAX_USES) break;
    uses.add(name);
  }
  return [...uses];
}

/**
 * `urllib.parse.urlsplit` through `import urllib.parse`: the name used through the longest dotted
 * namespace the file imports, so that module's API is ranked by its use (the pattern above sees
 * only `urllib.parse`, and the call site only a method `.urlsplit`).
 */
function addDottedUses(text: string, isPackage: IsPackage, uses: Set<string>): void {
  for (const match of text.matchAll(DOTTED_USE.for(text))) {
    const parts = match[0].split('.');
    for (let n = parts.length - 1; n >= 2; n--) {
      const qualifier = parts.slice(0, n).join('.');
      if (!isPackage(qualifier)) continue;
      uses.add(`${qualifier}.${parts[n]}`);
      break;
    }
    if (uses.size >= MAX_USES) break;
  }
}

/**
 * What a function body calls, in first-call order: `name` for a plain call, `q.name` for a call
 * through a package or namespace (and `pkg.Type{…}` literals), `.name` for a method called on a
 * value or a chain when `isPackage` tells packages from values. The raw material of the call graph
 * that ranks what a function is likely to call next by what similar functions call.
 */
export function extractCalls(body: string, isPackage?: IsPackage, languageId?: string): string[] {
  const calls = new Set<string>();
  for (const { call } of callSites(body, isPackage, languageId)) {
    calls.add(call);
    if (calls.size >= MAX_CALLS) break;
  }
  return [...calls];
}

/**
 * Every call site of a text (comments and strings blanked), with its offset. With `isPackage`,
 * calls on values and on chains (`x.Name(`, `a.B().Name(`) are keyed by the method alone. The
 * language may name more non-calls (keywords, builtins).
 */
export function* callSites(text: string, isPackage?: IsPackage, languageId?: string): Generator<{ call: string; index: number }> {
  const more = languageId === undefined ? undefined : languageModule(languageId)?.packages.notCalls;
  for (const match of text.matchAll(CALL_SITE.for(text))) {
    const [, qualifier, name, after] = match;
    if (after === undefined || (after === '{' && (qualifier === undefined || !UPPER.test(name!)))) continue;
    const index = match.index ?? 0;
    let call: string;
    if (followsDot(text, index)) {
      // `a.B().Name(`, `a.b.Name(`: the match starts after a dot, so only the last name is the call's.
      if (!isPackage || after === '{') continue;
      call = memberKey(name!);
    } else if (isPackage && qualifier !== undefined && after !== '{' && !isPackage(qualifier)) {
      call = memberKey(name!);
    } else {
      call = qualifier === undefined ? name! : `${qualifier}.${name}`;
    }
    if (!NOT_CALLS.has(call) && !more?.has(call)) yield { call, index };
  }
}

/** Whether the name at `index` is selected with a dot from something before it (`).Name`, `a.b.Name`; not a spread `...name`). */
export function followsDot(text: string, index: number): boolean {
  let at = index - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n')) at--;
  return text[at] === '.' && text[at - 1] !== '.';
}

const USE_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();
const NO_USES: ReadonlySet<string> = new Set();

/**
 * A file's uses (its record's `uses`) as a set, made once per record: re-indexing a file makes a
 * new record and array, never changes one, so a gather does not rebuild a set of up to 2,000 names.
 */
export function useSet(uses: readonly string[] | undefined): ReadonlySet<string> {
  if (!uses) return NO_USES;
  let set = USE_SETS.get(uses);
  if (!set) USE_SETS.set(uses, (set = new Set(uses)));
  return set;
}

/** How many files use each name: across the workspace for `q.Name`, per directory for plain names. */
export class UsageCounts {
  private readonly qualified = new Map<string, number>();
  private readonly byDir = new Map<string, Map<string, number>>();

  add(path: string, uses: readonly string[] | undefined): void {
    this.apply(path, uses, 1);
  }

  remove(path: string, uses: readonly string[] | undefined): void {
    this.apply(path, uses, -1);
  }

  /** Files that call a method `name` on a value anywhere in the workspace (see memberKey). */
  memberUses(name: string): number {
    return this.qualified.get(memberKey(name)) ?? 0;
  }

  /** Files that use `key` (`q.name`, or a memberKey) anywhere in the workspace. */
  workspaceUses(key: string): number {
    return this.qualified.get(key) ?? 0;
  }

  /** The counts of one directory (see usesInDir), to look many names up in it. */
  inDir(dir: string): ReadonlyMap<string, number> | undefined {
    return this.byDir.get(dir);
  }

  /** Files that use `qualifier.name` anywhere in the workspace. */
  qualifiedUses(qualifier: string, name: string): number {
    return this.qualified.get(`${qualifier}.${name}`) ?? 0;
  }

  /** Files of `dir` that call `name` unqualified (or, given memberKey(name), a method of that name on a value). */
  usesInDir(dir: string, name: string): number {
    return this.byDir.get(dir)?.get(name) ?? 0;
  }

  private apply(path: string, uses: readonly string[] | undefined, delta: number): void {
    const dir = dirOf(path);
    let local = this.byDir.get(dir);
    if (!local) this.byDir.set(dir, (local = new Map<string, number>()));
    for (const use of uses ?? []) {
      // A method called on a value counts both workspace-wide and in its directory (how much its package leans on it).
      for (const map of use.startsWith('.') ? [this.qualified, local] : [use.includes('.') ? this.qualified : local]) {
        const count = (map.get(use) ?? 0) + delta;
        if (count > 0) map.set(use, count);
        else map.delete(use);
      }
    }
    if (local.size === 0) this.byDir.delete(dir);
  }
}

/**
 * Replaces comments and string literals with spaces, keeping offsets and line breaks. The
 * language's token rules decide what a comment is: in Python `#` opens one, `//` is floor division
 * (read as a comment it hid the rest of the line's calls) and a docstring spans lines.
 */
export function blankCommentsAndStrings(text: string, languageId?: string): string {
  return text.replace(commentOrString(languageId), (match) => match.replace(/[^\n]/g, ' '));
}

const PATTERNS = new WeakMap<CutRules, RegExp>();

/** The comments-and-strings pattern of a language (Go's and TS's by default), built once per module. */
function commentOrString(languageId: string | undefined): RegExp {
  const rules = languageId === undefined ? undefined : languageModule(languageId)?.cut;
  if (!rules || (rules.lineComment === '//' && rules.blockComments && !rules.tripleQuotes)) return COMMENT_OR_STRING;
  let pattern = PATTERNS.get(rules);
  if (!pattern) {
    const parts = [`${rules.lineComment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\n]*`];
    if (rules.blockComments) parts.push('/\\*[\\s\\S]*?\\*/');
    // Longest first: a triple quote must not be read as an empty string and an opening quote.
    if (rules.tripleQuotes) parts.push('"""[\\s\\S]*?"""', "'''[\\s\\S]*?'''");
    parts.push('"(?:[^"\\\\\\n]|\\\\.)*"', "'(?:[^'\\\\\\n]|\\\\.)*'", '`(?:[^`\\\\]|\\\\.)*`');
    PATTERNS.set(rules, (pattern = new RegExp(parts.join('|'), 'g')));
  }
  return pattern;
}
