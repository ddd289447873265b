import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dirOf, joinPath } from '../../server/syntax/manifests.js';
import { PYTHON_BUILTIN_METHODS } from '../../server/syntax/python/builtins.js';
import { dedupe, escape, fileTexts, receiverBefore, type CaseClass, type Target } from './target.js';

/** Built-in types' method names (`d.get(`, `parts.append(`) name no class of the corpus, whatever the corpus declares. */
const BUILTIN_METHODS = PYTHON_BUILTIN_METHODS;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*(?:\\\n[^\n]*)*)/gm;
const IMPORT = /^[ \t]*import[ \t]+([^\n#;]+)/gm;

/** Where a name a module binds is declared: the module itself (`def`/`class` at the top level), or the module it re-exports the name from. */
interface Declared {
  file: string;
  kind: 'def' | 'class';
}

/** Blank string literals and the trailing comment of a Python line: their words are no uses. */
function pyCode(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#.*$/g, (match) => ' '.repeat(match.length));
}

/** `a, b as c` (parentheses, continuations and comments aside) as [imported, local] pairs. */
function importedNames(list: string): Array<[string, string]> {
  return list
    .replace(/#[^\n]*/g, '')
    .replace(/[()\\]/g, ' ')
    .split(',')
    .map((spec) => spec.trim().split(/\s+as\s+/))
    .filter((parts): parts is [string, string] | [string] => /^\w+$/.test(parts[0] ?? ''))
    .map(([name, local]) => [name, local ?? name]);
}

/** The corpus file of a Python module as an import names it: `a/b.py` or `a/b/__init__.py`, relative to the file for leading dots. */
export function pythonModuleFile(root: string, file: string, module: string): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  let base = dots > 0 ? dirOf(file) : '';
  for (let up = 1; up < dots; up++) base = dirOf(base);
  const path = joinPath(base, module.slice(dots).split('.').filter(Boolean).join('/'));
  return [`${path}.py`, joinPath(path, '__init__.py')].find((candidate) => candidate !== '__init__.py' && existsSync(join(root, candidate)));
}

/**
 * Python: for each file, a judge of its body lines naming what they use from other files of the
 * corpus: names taken by `from X import name` (followed through a package's re-exports to the file
 * that declares them), module members (`json.dumps(`, `xml.dom.minidom.parse(`, `from . import
 * utils` then `utils.f(`), and methods called on values (`self.x.send(`, `obj.close(`) or chains,
 * declared in a file the current file imports. Built-in types' method names and dunders say
 * nothing about the class meant, and a method the file declares itself is no cross-file use.
 */
export function pyJudge(root: string): (file: string, text: string) => (line: string) => Target[] {
  const textOf = fileTexts(root);
  const declaredIn = (file: string, name: string, hops = 2): Declared | undefined => {
    const text = textOf(file);
    const own = new RegExp(`^(?:async\\s+)?(def|class)\\s+${escape(name)}\\b`, 'm').exec(text);
    if (own) return { file, kind: own[1] as Declared['kind'] };
    if (hops === 0) return undefined;
    for (const match of text.matchAll(FROM_IMPORT)) {
      const pair = importedNames(match[2]!).find(([, local]) => local === name);
      const from = pair && pythonModuleFile(root, file, match[1]!);
      const found = from && from !== file ? declaredIn(from, pair[0], hops - 1) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return (file, text) => {
    const names = new Map<string, Declared & { name: string }>();
    const modules = new Map<string, string>();
    const reached = new Set<string>();
    for (const match of text.matchAll(FROM_IMPORT)) {
      const from = pythonModuleFile(root, file, match[1]!);
      for (const [name, local] of importedNames(match[2]!)) {
        const submodule = pythonModuleFile(root, file, `${match[1]!}${match[1]!.endsWith('.') ? '' : '.'}${name}`);
        const declared = from && from !== file ? declaredIn(from, name) : undefined;
        if (declared) names.set(local, { ...declared, name });
        else if (submodule && submodule !== file) modules.set(local, submodule);
        if (declared) reached.add(declared.file);
      }
      if (from && from !== file) reached.add(from);
    }
    for (const match of text.matchAll(IMPORT)) {
      for (const spec of match[1]!.split(',')) {
        const [module, alias] = spec.trim().split(/\s+as\s+/);
        if (!module || !/^[\w.]+$/.test(module)) continue;
        // `import a.b.c` binds `a` and makes `a.b` and `a.b.c` reachable through it.
        const parts = module.split('.');
        for (let n = alias ? parts.length : 1; n <= parts.length; n++) {
          const target = pythonModuleFile(root, file, parts.slice(0, n).join('.'));
          if (target && target !== file) modules.set(n === parts.length && alias ? alias : parts.slice(0, n).join('.'), target);
        }
      }
    }
    for (const target of modules.values()) reached.add(target);
    const ownMethods = new Set([...text.matchAll(/^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)/gm)].map((match) => match[1]!));
    const moduleHeads = new Set([...modules.keys()].map((name) => name.split('.')[0]!));
    return (line) => {
      const code = pyCode(line);
      const targets: Target[] = [];
      for (const [local, declared] of names) {
        const use = new RegExp(`(?<![.\\w])${escape(local)}\\b(\\s*\\()?`).exec(code);
        if (use) targets.push({ file: declared.file, name: declared.name, python: true, kind: useClass(declared.kind, use[1] !== undefined) });
      }
      for (const match of code.matchAll(/\.\s*(\w+)(\s*\()?/g)) {
        const name = match[2] === undefined ? undefined : match[1]!;
        const chain = /(?<![\w.)\]])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*$/.exec(code.slice(0, match.index))?.[1];
        const module = chain !== undefined ? modules.get(chain) : undefined;
        if (module !== undefined) {
          const declared = new RegExp(`^(?:async\\s+)?(def|class)\\s+${escape(match[1]!)}\\b`, 'm').exec(textOf(module));
          if (declared) targets.push({ file: module, name: match[1]!, python: true, kind: useClass(declared[1] as Declared['kind'], name !== undefined) });
          continue;
        }
        // A member of a module outside the corpus, or of a module's attribute (`os.path.join(`): no method.
        if (name === undefined || (chain !== undefined && moduleHeads.has(chain.split('.')[0]!))) continue;
        if (ownMethods.has(name) || BUILTIN_METHODS.has(name) || /^__\w+__$/.test(name)) continue;
        const files = [...reached].filter((target) => new RegExp(`^[ \\t]+(?:async[ \\t]+)?def[ \\t]+${name}\\b`, 'm').test(textOf(target)));
        if (files.length > 0) targets.push({ name, kind: receiverBefore(code, match.index).chained ? 'chained' : 'method', files, python: true });
      }
      return dedupe(targets);
    };
  };
}

/** A class called builds a value (literal); named otherwise (annotations, isinstance, bases) it is a type; a def is a plain call or use. */
function useClass(kind: Declared['kind'], called: boolean): CaseClass {
  if (kind === 'class') return called ? 'literal' : 'type';
  return 'function';
}
