import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Parser from 'tree-sitter';
import type { RepoSnippet } from '../../server/core/prompt.js';
import type { LanguageId } from '../../server/core/language.js';
import { dirOf, joinPath } from '../../server/syntax/manifests.js';
import type { Language } from '../../server/syntax/languages.js';
import type { Random } from '../random.js';

/**
 * Ground truth for the recall benchmark, found independently of the index: plain patterns over
 * the corpus files, so a bug in the index cannot make its own answers look right.
 */
export interface Target {
  name: string;
  /** Go: the package directory (workspace-relative) declaring `name`. */
  dir?: string;
  /** TS and Python: the file (workspace-relative) exporting `name`. */
  file?: string;
  /** Python: declared by `def` or `class`. */
  python?: boolean;
}

/** One masked line: the document as the editor would hold it, the cursor, and what the line called from other files. */
export interface Sample {
  file: string;
  languageId: LanguageId;
  text: string;
  offset: number;
  targets: Target[];
}

const GO_FUNCTION = /^func ([\p{L}_][\p{L}\p{N}_]*)\s*[[(]/gmu;
const GO_TYPE = /^type ([\p{L}_][\p{L}\p{N}_]*)\b/gmu;
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;
/** A generator beside a package (crypto/md5/gen.go, `package main`) is no part of it: the go tool never builds it. */
const BUILD_IGNORE = /^\/\/(go:build| \+build) ignore$/m;

/** Go: lines in function bodies that call `pkg.Name(…)` of an imported package or an unqualified function of another file of the same package. */
export function goSamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  const declared = new Map<string, Map<string, string>>();
  const declarationsIn = (dir: string) => {
    let names = declared.get(dir);
    if (!names) {
      names = new Map();
      const absolute = join(input.root, dir);
      const entries = existsSync(absolute) ? readdirSync(absolute).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go')) : [];
      for (const name of entries) {
        const text = readFileSync(join(absolute, name), 'utf8');
        if (GENERATED.test(text.slice(0, 2048)) || BUILD_IGNORE.test(text.slice(0, 2048))) continue;
        for (const match of text.matchAll(GO_FUNCTION)) names.set(match[1]!, name);
        for (const match of text.matchAll(GO_TYPE)) names.set(match[1]!, name);
      }
      declared.set(dir, names);
    }
    return names;
  };
  const modulePath = goModulePath(input.root);
  return sampleLines(input, 'go', (file, text) => {
    const imports = goImports(text, modulePath);
    const own = new Set([...text.matchAll(GO_FUNCTION), ...text.matchAll(GO_TYPE)].map((match) => match[1]!));
    const base = file.slice(file.lastIndexOf('/') + 1);
    return (line) => {
      const targets: Target[] = [];
      for (const match of line.matchAll(/\b([a-z][a-z0-9_]*)\.(\p{Lu}[\p{L}\p{N}_]*)\s*[({]/gu)) {
        const path = imports.get(match[1]!);
        if (path && declarationsIn(path).has(match[2]!)) targets.push({ dir: path, name: match[2]! });
      }
      for (const match of line.matchAll(/(?<![.\p{L}\p{N}_])([\p{L}_][\p{L}\p{N}_]*)\s*\(/gu)) {
        const name = match[1]!;
        const where = declarationsIn(dirOf(file)).get(name);
        if (where && where !== base && !own.has(name)) targets.push({ dir: dirOf(file), name });
      }
      return dedupe(targets);
    };
  });
}

/** TS: lines in function bodies that use a name imported (by a relative import) from a file that exports it. */
export function tsSamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  return sampleLines(input, 'typescript', (file, text) => {
    const imported = new Map<string, Target>();
    for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'(\.[^']+)'/g)) {
      const target = resolveRelative(input.root, file, match[2]!);
      if (!target) continue;
      const targetText = readFileSync(join(input.root, target), 'utf8');
      for (const spec of match[1]!.split(',')) {
        const [imported_, local = imported_] = spec
          .replace(/^\s*type\s+/, '')
          .trim()
          .split(/\s+as\s+/);
        if (!imported_ || !local) continue;
        const exported = new RegExp(`export\\s+(declare\\s+)?(abstract\\s+)?(async\\s+)?(function\\*?|const|let|class|interface|type|enum)\\s+${imported_}\\b`);
        if (exported.test(targetText)) imported.set(local, { file: target, name: imported_ });
      }
    }
    return (line) => dedupe([...imported.entries()].filter(([local]) => new RegExp(`(?<![.\\w$])${escape(local)}\\b`).test(line)).map(([, target]) => target));
  });
}

/**
 * Python: lines in function bodies that use a name taken by `from X import name` (absolute from the
 * corpus root, or relative) from a module of the corpus that defines it with `def` or `class`.
 */
export function pySamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  return sampleLines(input, 'python', (file, text) => {
    const imported = new Map<string, Target>();
    for (const match of text.matchAll(/^from\s+(\.*[\w.]*)\s+import\s+\(?([\w\s,]+)\)?/gm)) {
      const target = pythonModuleFile(input.root, file, match[1]!);
      if (!target) continue;
      const targetText = readFileSync(join(input.root, target), 'utf8');
      for (const spec of match[2]!.split(',')) {
        const [name, local = name] = spec.trim().split(/\s+as\s+/);
        if (name && local && new RegExp(`^(?:async\\s+)?(?:def|class)\\s+${name}\\b`, 'm').test(targetText)) imported.set(local, { file: target, name, python: true });
      }
    }
    // `import json` / `import xml.dom as d`: `json.dumps(` names a top-level def or class of the module.
    const modules = new Map<string, { file: string; text: string }>();
    for (const match of text.matchAll(/^import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*$/gm)) {
      const target = pythonModuleFile(input.root, file, match[1]!);
      if (target && target !== file) modules.set(match[2] ?? match[1]!, { file: target, text: readFileSync(join(input.root, target), 'utf8') });
    }
    return (line) => {
      const targets = [...imported.entries()].filter(([local]) => new RegExp(`(?<![.\\w])${escape(local)}\\b`).test(line)).map(([, target]) => target);
      for (const match of line.matchAll(/(?<![.\w])([\w.]+)\.(\w+)\s*\(/g)) {
        const module = modules.get(match[1]!);
        if (module && new RegExp(`^(?:async\\s+)?(?:def|class)\\s+${match[2]!}\\b`, 'm').test(module.text)) targets.push({ file: module.file, name: match[2]!, python: true });
      }
      return dedupe(targets);
    };
  });
}

/** The corpus file of a Python module named in `from X import`: `a/b.py` or `a/b/__init__.py`. */
function pythonModuleFile(root: string, file: string, module: string): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  let base = dots > 0 ? dirOf(file) : '';
  for (let up = 1; up < dots; up++) base = dirOf(base);
  const path = joinPath(base, module.slice(dots).split('.').filter(Boolean).join('/'));
  return [`${path}.py`, joinPath(path, '__init__.py')].find((candidate) => candidate !== '__init__.py' && existsSync(join(root, candidate)));
}

/** Whether the packed snippets show the target's declaration. */
export function targetPresent(target: Target, snippets: readonly RepoSnippet[]): boolean {
  return snippets.some((snippet) => declares(target, snippet.path, snippet.content));
}

/** Whether a text (the current file's prompt windows) shows the target's declaration. */
export function targetInText(target: Target, text: string): boolean {
  return declarationPattern(target).test(text);
}

function declares(target: Target, path: string, content: string): boolean {
  if (target.dir !== undefined ? dirOf(path) !== target.dir : path !== target.file) return false;
  return declarationPattern(target).test(content);
}

function declarationPattern(target: Target): RegExp {
  const name = escape(target.name);
  if (target.python) return new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${name}\\b`, 'm');
  return target.dir !== undefined ? new RegExp(`^(func ${name}\\s*[[(]|type ${name}\\b)`, 'm') : new RegExp(`\\b(function\\*?|const|let|class|interface|type|enum)\\s+${name}\\b`);
}

type LineJudge = (line: string) => Target[];

/** Picks files at random (seeded) and, in each, random body lines that use something from another file (one per file in a large corpus), `count` in all. */
function sampleLines(
  input: { root: string; files: readonly string[]; language: Language; random: Random; count: number },
  languageId: LanguageId,
  judgeFor: (file: string, text: string) => LineJudge,
): Sample[] {
  const samples: Sample[] = [];
  // A library of twenty files still gives `count` lines: several per file, as many in each.
  const perFile = Math.max(1, Math.ceil(input.count / Math.max(1, input.files.length)));
  const order = input.random.sample(input.files, input.files.length);
  // Shuffle (sample keeps the original order) so the first files are not all from one package.
  for (let i = order.length - 1; i > 0; i--) {
    const j = input.random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const file of order) {
    if (samples.length >= input.count) break;
    const text = readFileSync(join(input.root, file), 'utf8');
    const judge = judgeFor(file, text);
    const lines = text.split('\n');
    const candidates: Array<{ row: number; targets: Target[] }> = [];
    for (const row of bodyRows(input.language.parser.parse(text))) {
      const line = lines[row] ?? '';
      if (/^\s*(\/\/|\*|\/\*|#)/.test(line) || line.trim() === '') continue;
      const targets = judge(line);
      if (targets.length > 0) candidates.push({ row, targets });
    }
    for (const chosen of input.random.sample(candidates, Math.min(perFile, input.count - samples.length))) {
      const line = lines[chosen.row]!;
      const indent = /^\s*/.exec(line)![0];
      const offset = lines.slice(0, chosen.row).reduce((sum, l) => sum + l.length + 1, 0) + indent.length;
      const masked = [...lines.slice(0, chosen.row), indent, ...lines.slice(chosen.row + 1)].join('\n');
      samples.push({ file, languageId, text: masked, offset, targets: chosen.targets });
    }
  }
  return samples;
}

/** Rows strictly inside the bodies of top-level functions and methods. */
function bodyRows(tree: Parser.Tree): number[] {
  const rows: number[] = [];
  const visit = (node: Parser.SyntaxNode, depth: number) => {
    for (const child of node.namedChildren) {
      const body = child.childForFieldName('body');
      const isFunction = /function_declaration|method_declaration|method_definition|generator_function_declaration|function_definition/.test(child.type);
      if (isFunction && body) {
        for (let row = body.startPosition.row + 1; row < body.endPosition.row; row++) rows.push(row);
      } else if (depth < 3) {
        visit(child, depth + 1);
      }
    }
  };
  visit(tree.rootNode, 0);
  return rows;
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

function resolveRelative(root: string, file: string, specifier: string): string | undefined {
  const base = joinPath(dirOf(file), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(join(root, candidate)));
}

function dedupe(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.dir ?? target.file}:${target.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
