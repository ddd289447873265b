import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirOf } from '../../server/syntax/manifests.js';

/** What the user is typing when the line needs the target: the recall benchmark reports each class apart. */
export type CaseClass = 'function' | 'method' | 'chained' | 'type' | 'literal';
export const CASE_CLASSES: readonly CaseClass[] = ['function', 'method', 'chained', 'type', 'literal'];
/** The method calls the issue is about: on a value, and on a chain. */
export const METHOD_CLASSES: readonly CaseClass[] = ['method', 'chained'];

/**
 * Ground truth for the recall benchmark, found independently of the index: plain patterns over
 * the corpus files, so a bug in the index cannot make its own answers look right.
 */
export interface Target {
  name: string;
  /**
   * function: a plain call (`pkg.Name(`, `Name(`); method: a call on a value (`x.Name(`); chained:
   * a call on a call's result or a field (`a.B().Name(`, `a.b.Name(`); type: a type named
   * (`*pkg.T`, `x: T`); literal: a value of a type built (`pkg.T{`, `new T(`).
   */
  kind: CaseClass;
  /** Go: the package directory (workspace-relative) declaring `name`. */
  dir?: string;
  /** TS and Python: the file (workspace-relative) exporting `name`. */
  file?: string;
  /** Go methods: every package directory the current file reaches that declares a method of this name (the receiver's type is not known by pattern). */
  dirs?: string[];
  /** TS methods: every file the current file imports that declares a method of this name. */
  files?: string[];
  /** Python: declared by `def` or `class`. */
  python?: boolean;
}

/** Where a snippet must come from to show the target. */
export function targetPlace(target: Target, path: string): boolean {
  if (target.dirs) return target.dirs.includes(dirOf(path));
  if (target.files) return target.files.includes(path);
  return target.dir !== undefined ? dirOf(path) === target.dir : path === target.file;
}

/** One target per (class, name, place). */
export function dedupe(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.kind}:${target.dir ?? target.file ?? (target.dirs ?? target.files)?.join(',')}:${target.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A line with its string literals and trailing comment blanked: their words are no uses. */
export function codeOf(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|\/\/.*$/g, (match) => ' '.repeat(match.length));
}

/** What comes before a `.name` selector: a package or value name, or a call's result or field (chained). */
export function receiverBefore(code: string, dot: number): { ident?: string; chained: boolean } {
  const before = code.slice(0, dot).trimEnd();
  const last = before.at(-1);
  if (last === ')' || last === ']') return { chained: true };
  const ident = /(?:^|[^\p{L}\p{N}_$#])([\p{L}_$#][\p{L}\p{N}_$]*)$/u.exec(before);
  if (!ident) return { chained: false };
  const head = before.slice(0, before.length - ident[1]!.length).trimEnd();
  return { ident: ident[1], chained: head.endsWith('.') || head.endsWith('?.') };
}

/** A reader of the corpus's files by workspace-relative path, each read once. */
export function fileTexts(root: string): (file: string) => string {
  const texts = new Map<string, string>();
  return (file) => {
    let text = texts.get(file);
    if (text === undefined) texts.set(file, (text = readFileSync(join(root, file), 'utf8')));
    return text;
  };
}
