import type { CutRules } from '../../syntax/language-module.js';
import { dirOf } from '../../syntax/manifests.js';
import { languageModule } from '../../syntax/modules.js';

const QUALIFIED_USE = /(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\.([\p{L}_$][\p{L}\p{N}_$]*)/gu;
const CALL = /(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\s*\(/gu;
const MAX_USES = 2000;
/** Comments and string literals of Go, TS and JS; their words are neither references nor calls. */
const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/** A name or `q.name`, and the `(` or `{` after it: a call, or with `pkg.Type{` a composite literal. */
const CALL_SITE = /(?<![.\p{L}\p{N}_$])(?:([\p{L}_$][\p{L}\p{N}_$]*)\s*\.\s*)?([\p{L}_$][\p{L}\p{N}_$]*)(\s*\(|\{)?/gu;
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
 * The names a file uses, found by pattern: `pkg.Name` pairs and names called unqualified. Cheap
 * enough to keep for every file; it gives each declaration a popularity that ranks an imported
 * package's API (`fmt.Sprintf` before `fmt.Sscan`) when nothing at the cursor names it.
 */
export function extractUses(text: string): string[] {
  const uses = new Set<string>();
  for (const match of text.matchAll(QUALIFIED_USE)) {
    uses.add(`${match[1]}.${match[2]}`);
    if (uses.size >= MAX_USES) break;
  }
  for (const match of text.matchAll(CALL)) {
    uses.add(match[1]!);
    if (uses.size >= MAX_USES) break;
  }
  return [...uses];
}

/**
 * What a function body calls, in first-call order: `name` for a plain call, `q.name` for a call
 * through a package, namespace or value (and `pkg.Type{…}` literals). The raw material of the
 * call graph that ranks what a function is likely to call next by what similar functions call.
 */
export function extractCalls(body: string, languageId?: string): string[] {
  const calls = new Set<string>();
  for (const { call } of callSites(body, languageId)) {
    calls.add(call);
    if (calls.size >= MAX_CALLS) break;
  }
  return [...calls];
}

/** Every call site of a text (comments and strings blanked), with its offset; the language may name more non-calls. */
export function* callSites(text: string, languageId?: string): Generator<{ call: string; index: number }> {
  const more = languageId === undefined ? undefined : languageModule(languageId)?.packages.notCalls;
  for (const match of text.matchAll(CALL_SITE)) {
    const [, qualifier, name, after] = match;
    if (after === undefined || (after === '{' && (qualifier === undefined || !UPPER.test(name!)))) continue;
    const call = qualifier === undefined ? name! : `${qualifier}.${name}`;
    if (!NOT_CALLS.has(call) && !more?.has(call)) yield { call, index: match.index ?? 0 };
  }
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

  /** Files that use `qualifier.name` anywhere in the workspace. */
  qualifiedUses(qualifier: string, name: string): number {
    return this.qualified.get(`${qualifier}.${name}`) ?? 0;
  }

  /** Files of `dir` that call `name` unqualified. */
  usesInDir(dir: string, name: string): number {
    return this.byDir.get(dir)?.get(name) ?? 0;
  }

  private apply(path: string, uses: readonly string[] | undefined, delta: number): void {
    const dir = dirOf(path);
    let local = this.byDir.get(dir);
    if (!local) this.byDir.set(dir, (local = new Map<string, number>()));
    for (const use of uses ?? []) {
      const map = use.includes('.') ? this.qualified : local;
      const count = (map.get(use) ?? 0) + delta;
      if (count > 0) map.set(use, count);
      else map.delete(use);
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
