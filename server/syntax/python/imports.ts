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
 * One import from imports.scm. `import a.b` binds `a` (the namespace); `from m import x as y` binds names.
 * `from . import helper` names a sibling module or a name of the package: recorded as `.helper`, which the
 * resolver tries as a module first and then as the package's `__init__.py`.
 */
export function pythonImportRecord(source: Parser.SyntaxNode, statement: Parser.SyntaxNode, alias: Parser.SyntaxNode | undefined): ImportRecord {
  const module = source.text.replace(/\s+/g, '');
  if (statement.type !== 'import_from_statement') return { source: module, namespace: alias?.text ?? module.split('.')[0] };
  const names = fromNames(statement);
  const only = names.length === 1 ? names[0] : undefined;
  if (/^\.+$/.test(module) && only) return { source: `${module}${only.imported}`, namespace: only.local, names };
  return { source: module, names: names.length > 0 ? names : undefined };
}

/** What an import puts in scope: its namespace (`import os`) or its names (`from os import path`). */
export function bindPythonImport(record: ImportRecord): ImportBinding | undefined {
  if (!record.namespace && !record.names) return undefined;
  return { namespace: record.namespace, names: record.names ?? [] };
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
