import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import { rangeOf } from '../../core/text.js';
import type { FoundImport, ImportSpec } from '../import-edits.js';
import type { ImportRecord } from '../imports.js';
import type { ImportBinding } from '../language-module.js';

type PythonSpec = Extract<ImportSpec, { lang: 'python' }>;

/** The names a `from … import` binds: `a`, `b as c`; none for `*`. */
function fromNames(statement: Parser.SyntaxNode): Array<{ imported: string; local: string }> {
  return statement.childrenForFieldName('name').map((node) => {
    if (node.type === 'aliased_import') {
      const imported = node.childForFieldName('name')?.text ?? node.text;
      return { imported, local: node.childForFieldName('alias')?.text ?? imported };
    }
    return { imported: node.text, local: node.text };
  });
}

/**
 * The records of one import from imports.scm. `import a.b.c` binds `a`, and its uses are written
 * `a.b.c.f(`: one record per dotted prefix, each its own namespace (`a`, `a.b`, `a.b.c`).
 * `from m import x, y as z` gives one record per name, its source `m.x`: the resolver tries `x` as a
 * submodule first (`from email import utils`, `from . import setters`) and falls back to `m` itself,
 * so `bind` learns from the target which one the name is. A relative `from . import helper` also
 * names its namespace in the record, as it always binds a module or a package attribute.
 */
export function pythonImportRecord(source: Parser.SyntaxNode, statement: Parser.SyntaxNode, alias: Parser.SyntaxNode | undefined): ImportRecord | ImportRecord[] {
  const module = source.text.replace(/\s+/g, '');
  if (statement.type !== 'import_from_statement') {
    if (alias) return { source: module, namespace: alias.text };
    const parts = module.split('.');
    return parts.map((_, i) => ({ source: parts.slice(0, i + 1).join('.'), namespace: parts.slice(0, i + 1).join('.') }));
  }
  const names = fromNames(statement);
  if (names.length === 0) return { source: module };
  const dotsOnly = /^\.+$/.test(module);
  return names.map((name) => ({
    source: dotsOnly ? `${module}${name.imported}` : `${module}.${name.imported}`,
    ...(dotsOnly ? { namespace: name.local } : {}),
    names: [name],
  }));
}

/**
 * What an import puts in scope: its namespace (`import os`) or its names (`from os import path`).
 * A name of `from m import x` is a namespace when it resolved to the submodule `x` itself.
 */
export function bindPythonImport(record: ImportRecord, _package?: string, targets?: readonly string[]): ImportBinding | undefined {
  const only = record.names?.length === 1 ? record.names[0] : undefined;
  if (!record.namespace && only && targets?.some((target) => isModuleFile(target, only.imported))) return { namespace: only.local, names: [] };
  if (!record.namespace && !record.names) return undefined;
  return { namespace: record.namespace, names: record.names ?? [] };
}

/** `pkg/x.py` or `pkg/x/__init__.py` for module `x`. */
function isModuleFile(path: string, name: string): boolean {
  return path === `${name}.py` || path.endsWith(`/${name}.py`) || path === `${name}/__init__.py` || path.endsWith(`/${name}/__init__.py`);
}

/** The import statements at the top level of a module, as specs. */
export function findPythonImports(tree: Parser.Tree): FoundImport[] {
  const found: FoundImport[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        const source = (name.type === 'aliased_import' ? name.childForFieldName('name') : name)?.text ?? name.text;
        found.push({ spec: { lang: 'python', source, named: [], namespace: name.childForFieldName('alias')?.text }, node, typeOnly: false });
      }
    } else if (node.type === 'import_from_statement' || node.type === 'future_import_statement') {
      const source = node.type === 'future_import_statement' ? '__future__' : (node.childForFieldName('module_name')?.text ?? '');
      found.push({ spec: { lang: 'python', source, named: fromNames(node).map((n) => n.imported) }, node, typeOnly: false });
    }
  }
  return found;
}

/** `import m` or `from m import a, b`, one line per spec. */
export function renderPythonImports(specs: readonly ImportSpec[]): string {
  const lines = specs
    .filter((spec): spec is PythonSpec => spec.lang === 'python')
    .map((spec) => (spec.named.length > 0 ? `from ${spec.source} import ${spec.named.join(', ')}` : `import ${spec.source}${spec.namespace ? ` as ${spec.namespace}` : ''}`));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** New import lines after the last top-level import (or at the top, after a module docstring), for what the file lacks. */
export function pythonImportEdits(input: { text: string; existing: FoundImport[]; needed: readonly ImportSpec[]; tree: Parser.Tree }): TextEdit[] {
  const { text, existing, needed, tree } = input;
  const has = (spec: PythonSpec) =>
    existing.some(({ spec: other }) => other.lang === 'python' && other.source === spec.source && spec.named.every((name) => other.named.includes(name)));
  const missing = needed.filter((spec): spec is PythonSpec => spec.lang === 'python' && !has(spec));
  if (missing.length === 0) return [];
  const last = existing.at(-1)?.node;
  const first = tree.rootNode.namedChildren[0];
  const docstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' ? first : undefined;
  const anchor = last ?? docstring;
  const at = anchor ? anchor.endIndex : 0;
  const lines = renderPythonImports(missing);
  const newText = anchor ? `\n${lines.trimEnd()}` : `${lines}\n`;
  return [{ range: rangeOf(text, at, at), newText }];
}
