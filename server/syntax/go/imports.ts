import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import { lineAt, rangeOf } from '../../core/text.js';
import type { FoundImport, ImportSpec } from '../import-edits.js';
import type { FileLookup, ImportRecord } from '../imports.js';
import type { ImportBinding, ResolveContext } from '../language-module.js';
import { dirOf, joinPath } from '../manifests.js';
import { goModule } from './go-mod.js';

type GoSpec = Extract<ImportSpec, { lang: 'go' }>;

/** One import spec from a match of imports.scm: the unquoted path and its alias. */
export function goImportRecord(source: Parser.SyntaxNode, _statement: Parser.SyntaxNode, alias: Parser.SyntaxNode | undefined): ImportRecord {
  return { source: source.text.replace(/^"|"$/g, ''), namespace: alias?.text };
}

/** `example.com/mod/v2` → `mod`; `math/rand` → `rand`: the package's usual name. */
export function lastSegment(path: string): string {
  const segments = path.split('/').filter((segment) => !/^v\d+$/.test(segment));
  return (segments[segments.length - 1] ?? path).replace(/[^\p{L}\p{N}_].*$/u, '');
}

/** A Go import binds its package under its alias, its package clause's name, or its path's last segment. */
export function bindGoImport(record: ImportRecord, targetPackage: string | undefined): ImportBinding | undefined {
  if (record.namespace === '_' || record.namespace === '.') return undefined;
  return { namespace: record.namespace ?? targetPackage ?? lastSegment(record.source), names: [] };
}

/** Go import paths through the module path in go.mod, and standard packages inside GOROOT/src. */
export function resolveGoImport(fromFile: string, importPath: string, { files, manifests }: ResolveContext): string[] {
  const module = goModule(manifests, dirOf(fromFile));
  const dirs: string[] = [];
  if (module) {
    if (importPath === module.path) dirs.push(module.dir);
    else if (importPath.startsWith(`${module.path}/`)) dirs.push(joinPath(module.dir, importPath.slice(module.path.length + 1)));
    // Inside GOROOT/src (go.mod says `module std`, cmd/go.mod `module cmd`) standard
    // packages are directories under src/, which may be above the module's own directory.
    if (!importPath.split('/')[0]!.includes('.')) {
      for (let at = module.dir; ; at = dirOf(at)) {
        dirs.push(joinPath(at, importPath));
        if (at === '') break;
      }
    }
  }
  for (const dir of dirs) {
    const found = files.filesInDir(dir).filter((file) => file.endsWith('.go') && !file.endsWith('_test.go'));
    if (found.length > 0) return packageFiles(files, found);
  }
  return [];
}

/**
 * The files of the package a directory holds. A generator beside the package (`package main`
 * behind `//go:build ignore`, as sort/gen_sort_variants.go) is not part of it: taken as the
 * package's first file, it named `sort` `main`.
 */
function packageFiles(lookup: FileLookup, files: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    const name = lookup.file(file)?.packageName;
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [name, count] of counts) {
    const bestCount = best === undefined ? 0 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && best === 'main')) best = name;
  }
  return best === undefined ? [...files] : files.filter((file) => lookup.file(file)?.packageName === best);
}

/** The import specs of a Go file, with the parenthesised list new specs go into. */
export function findGoImports(tree: Parser.Tree): FoundImport[] {
  const found: FoundImport[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (node.type !== 'import_declaration') continue;
    const list = node.namedChildren.find((child) => child.type === 'import_spec_list');
    for (const spec of node.descendantsOfType('import_spec')) {
      const path = spec.childForFieldName('path')?.text.slice(1, -1) ?? '';
      const name = spec.childForFieldName('name')?.text;
      found.push({ spec: { lang: 'go', path, ...(name ? { name } : {}) }, node, list, typeOnly: false });
    }
  }
  return found;
}

function goSpecs(specs: readonly ImportSpec[]): GoSpec[] {
  return specs.filter((spec): spec is GoSpec => spec.lang === 'go');
}

function goSpec(spec: GoSpec): string {
  return `${spec.name ? `${spec.name} ` : ''}"${spec.path}"`;
}

/** An import block for a new file: standard packages first, then the others, as gofmt groups them. */
export function renderGoImports(specs: readonly ImportSpec[]): string {
  const go = goSpecs(specs);
  if (go.length === 0) return '';
  const line = (spec: GoSpec) => `\t${goSpec(spec)}`;
  const std = go.filter((spec) => !spec.path.split('/')[0]!.includes('.'));
  const other = go.filter((spec) => spec.path.split('/')[0]!.includes('.'));
  const groups = [std, other].filter((group) => group.length > 0).map((group) => group.map(line).join('\n'));
  return `import (\n${groups.join('\n\n')}\n)\n`;
}

/** The specs a Go file lacks, added to its import block (or after its imports or package clause). */
export function goImportEdits(input: { text: string; tree: Parser.Tree; existing: FoundImport[]; needed: readonly ImportSpec[] }): TextEdit[] {
  const { text, tree, existing } = input;
  const missing = goSpecs(input.needed).filter((spec) => !existing.some((found) => found.spec.lang === 'go' && found.spec.path === spec.path));
  if (missing.length === 0) return [];
  const go = missing.map(goSpec);
  const lines = go.map((spec) => `\t${spec}\n`).join('');
  const last = existing[existing.length - 1];
  const block = last?.list;
  if (block) {
    const closing = lineAt(text, block.endIndex - 1).start;
    return [{ range: rangeOf(text, closing, closing), newText: lines }];
  }
  const after = last?.node ?? tree.rootNode.namedChildren.find((child) => child.type === 'package_clause');
  const at = after ? lineAt(text, after.endIndex).end : 0;
  // After single-line imports, more single-line imports; after the package clause, a new block.
  const newText = last ? go.map((spec) => `\nimport ${spec}`).join('') : `\n\nimport (\n${lines})`;
  return [{ range: rangeOf(text, at, at), newText }];
}
