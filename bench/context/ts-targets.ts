import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dirOf, joinPath } from '../../server/syntax/manifests.js';
import { codeOf, dedupe, escape, fileTexts, receiverBefore, type CaseClass, type Target } from './target.js';

const MODIFIERS = '(?:(?:public|private|protected|static|async|override|abstract|readonly|declare)\\s+)*';
/** Not methods, though a class body line may start with them followed by `(`. */
const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'constructor', 'super', 'new', 'typeof', 'await', 'get', 'set']);

/** A class or interface member that can be called: `name(`, `async name<T>(`, `#name(`, `name?: (` or `name: (` (one level of indentation, where members are). */
export function tsMethodPattern(name: string, indent = '(?:  |\\t)'): RegExp {
  const id = escape(name);
  return new RegExp(`^${indent}(?:${MODIFIERS}#?${id}\\??\\s*(?:<[^>\\n]*>)?\\s*\\(|(?:readonly\\s+)?${id}\\??\\s*:\\s*(?:<[^>\\n]*>)?\\s*\\()`, 'm');
}

/** Callable member names a TS file declares at class or interface level. */
function methodsDeclared(text: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(
    `^(?:  |\\t)(?:${MODIFIERS}#?([\\p{L}_$][\\p{L}\\p{N}_$]*)\\??\\s*(?:<[^>\\n]*>)?\\s*\\(|(?:readonly\\s+)?([\\p{L}_$][\\p{L}\\p{N}_$]*)\\??\\s*:\\s*(?:<[^>\\n]*>)?\\s*\\()`,
    'gmu',
  );
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? match[2]!;
    if (!NOT_METHODS.has(name)) names.add(name);
  }
  return names;
}

/**
 * TS: for each file, a judge of its body lines naming what they use from other files: names it
 * imports (by a relative import) from a file that exports them, and methods called on values
 * or chains (`x.name(`, `a.b().name(`) declared in a file it imports.
 */
export function tsJudge(root: string): (file: string, text: string) => (line: string) => Target[] {
  const textOf = fileTexts(root);
  const methodsOf = new Map<string, Set<string>>();
  const methodsIn = (file: string): Set<string> => {
    let names = methodsOf.get(file);
    if (!names) methodsOf.set(file, (names = methodsDeclared(textOf(file))));
    return names;
  };
  return (file, text) => {
    const imported = new Map<string, { target: Target; kind: string }>();
    const reached = new Set<string>();
    const namespaces = new Set<string>();
    for (const match of text.matchAll(/import\s+(?:type\s+)?(?:\{([^}]*)\}|\*\s+as\s+(\w+)|(\w+))\s*from\s*'(\.[^']+)'/g)) {
      const target = resolveRelative(root, file, match[4]!);
      if (!target) continue;
      reached.add(target);
      if (match[2]) namespaces.add(match[2]);
      for (const spec of (match[1] ?? '').split(',')) {
        const [name, local = name] = spec
          .replace(/^\s*type\s+/, '')
          .trim()
          .split(/\s+as\s+/);
        if (!name || !local) continue;
        const exported = new RegExp(`export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(function\\*?|const|let|class|interface|type|enum)\\s+${escape(name)}\\b`).exec(
          textOf(target),
        );
        if (exported) imported.set(local, { target: { file: target, name, kind: 'function' }, kind: exported[1]! });
      }
    }
    const ownMethods = methodsDeclared(text);
    return (line) => {
      const code = codeOf(line);
      const targets: Target[] = [];
      for (const [local, { target, kind }] of imported) {
        const use = new RegExp(`(?<![.\\w$#])${escape(local)}\\b`).exec(code);
        if (use) targets.push({ ...target, kind: useClass(kind, code, use.index) });
      }
      for (const match of code.matchAll(/\??\.\s*(#?[\p{L}_$][\p{L}\p{N}_$]*)\s*(?:<[^>()]*>)?\s*\(/gu)) {
        const name = match[1]!;
        const receiver = receiverBefore(code, match.index);
        if (ownMethods.has(name) || (receiver.ident !== undefined && namespaces.has(receiver.ident) && !receiver.chained)) continue;
        const files = [...reached].filter((target) => methodsIn(target).has(name));
        if (files.length > 0) targets.push({ name, kind: receiver.chained ? 'chained' : 'method', files });
      }
      return dedupe(targets);
    };
  };
}

/** Which class of use an imported name is in this line: `new C(`, a type or class named, or a function (or constant) used. */
function useClass(kind: string, code: string, at: number): CaseClass {
  if (kind === 'class') return /new\s+$/.test(code.slice(0, at)) ? 'literal' : 'type';
  return kind === 'interface' || kind === 'type' || kind === 'enum' ? 'type' : 'function';
}

function resolveRelative(root: string, file: string, specifier: string): string | undefined {
  const base = joinPath(dirOf(file), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(join(root, candidate)));
}
