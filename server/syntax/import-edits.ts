import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import type { Language } from './languages.js';
import { lineAt, rangeOf } from '../core/text.js';

/** One import a file needs: a Go package path, or an ES module with the names taken from it. */
export type ImportSpec =
  | { lang: 'go'; path: string; name?: string }
  | { lang: 'ecma'; source: string; named: string[]; defaultName?: string; namespace?: string };

interface FoundImport {
  spec: ImportSpec;
  node: Parser.SyntaxNode;
  /** ES imports: the `{ a, b }` node names can be added to; Go: the parenthesised spec list. */
  list?: Parser.SyntaxNode;
  typeOnly: boolean;
}

/** The imports a file already has. */
export function findImports(language: Language, tree: Parser.Tree): FoundImport[] {
  const found: FoundImport[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (node.type === 'import_declaration') {
      const list = node.namedChildren.find((child) => child.type === 'import_spec_list');
      for (const spec of node.descendantsOfType('import_spec')) {
        const path = spec.childForFieldName('path')?.text.slice(1, -1) ?? '';
        const name = spec.childForFieldName('name')?.text;
        found.push({ spec: { lang: 'go', path, ...(name ? { name } : {}) }, node, list, typeOnly: false });
      }
    } else if (node.type === 'import_statement' && language.entry.folder !== 'go') {
      const source = node.childForFieldName('source')?.text.slice(1, -1) ?? '';
      const clause = node.namedChildren.find((child) => child.type === 'import_clause');
      const list = clause?.namedChildren.find((child) => child.type === 'named_imports');
      const named = list?.namedChildren.filter((child) => child.type === 'import_specifier').map((child) => child.text) ?? [];
      const defaultName = clause?.namedChildren.find((child) => child.type === 'identifier')?.text;
      const namespace = clause?.namedChildren.find((child) => child.type === 'namespace_import')?.namedChildren[0]?.text;
      const typeOnly = node.children.some((child) => child.type === 'type');
      found.push({ spec: { lang: 'ecma', source, named, ...(defaultName ? { defaultName } : {}), ...(namespace ? { namespace } : {}) }, node, list, typeOnly });
    }
  }
  return found;
}

/** Splits generated code into the imports it declares and the rest. */
export function splitImports(language: Language, code: string): { imports: ImportSpec[]; body: string } {
  const tree = language.parser.parse(code);
  const found = findImports(language, tree);
  let body = code;
  for (const node of [...new Set(found.map((f) => f.node))].sort((a, b) => b.startIndex - a.startIndex)) {
    body = body.slice(0, node.startIndex) + body.slice(node.endIndex);
  }
  // A package clause in generated Go test code belongs to the file header Ghostline writes.
  body = body.replace(/^\s*package\s+\w+\s*\n/, '');
  return { imports: found.map((f) => f.spec), body: body.replace(/^\s*\n/, '').replace(/\n{3,}/g, '\n\n').trim() };
}

/** Merges specs: one entry per Go path or ES module source, named imports united. */
export function mergeSpecs(specs: readonly ImportSpec[]): ImportSpec[] {
  const merged: ImportSpec[] = [];
  for (const spec of specs) {
    const same = merged.find((other) => keyOf(other) === keyOf(spec));
    if (!same) merged.push(spec.lang === 'ecma' ? { ...spec, named: [...spec.named] } : { ...spec });
    else if (same.lang === 'ecma' && spec.lang === 'ecma') {
      for (const name of spec.named) if (!same.named.includes(name)) same.named.push(name);
      same.defaultName ??= spec.defaultName;
      same.namespace ??= spec.namespace;
    }
  }
  return merged;
}

/** Import lines for a new file. */
export function renderImports(specs: readonly ImportSpec[], quote: string): string {
  const go = specs.filter((spec): spec is Extract<ImportSpec, { lang: 'go' }> => spec.lang === 'go');
  if (go.length > 0) {
    const line = (spec: (typeof go)[number]) => `\t${goSpec(spec)}`;
    const std = go.filter((spec) => !spec.path.split('/')[0]!.includes('.'));
    const other = go.filter((spec) => spec.path.split('/')[0]!.includes('.'));
    const groups = [std, other].filter((group) => group.length > 0).map((group) => group.map(line).join('\n'));
    return `import (\n${groups.join('\n\n')}\n)\n`;
  }
  return specs.map((spec) => (spec.lang === 'ecma' ? renderEcmaImport(spec, quote) + '\n' : '')).join('');
}

/**
 * Edits that give an existing file the imports it lacks: names added to an existing
 * `import { … } from 'x'`, new import lines after the last import, Go specs into the import block.
 */
export function importEdits(language: Language, text: string, tree: Parser.Tree, needed: readonly ImportSpec[]): TextEdit[] {
  const existing = findImports(language, tree);
  const edits: TextEdit[] = [];
  const missingLines: ImportSpec[] = [];
  const quote = /^import[^'"\n]*(['"])/m.exec(text)?.[1] ?? "'";
  for (const spec of mergeSpecs(needed)) {
    if (spec.lang === 'go') {
      if (!existing.some((found) => found.spec.lang === 'go' && found.spec.path === spec.path)) missingLines.push(spec);
      continue;
    }
    const same = existing.filter((found) => found.spec.lang === 'ecma' && found.spec.source === spec.source && !found.typeOnly);
    const have = new Set(same.flatMap((found) => (found.spec.lang === 'ecma' ? [...found.spec.named, found.spec.defaultName, found.spec.namespace] : [])));
    const lacking = { ...spec, named: spec.named.filter((name) => !have.has(name)) };
    const needsDefault = spec.defaultName !== undefined && !have.has(spec.defaultName);
    const needsNamespace = spec.namespace !== undefined && !have.has(spec.namespace);
    const withList = same.find((found) => found.list);
    if (lacking.named.length > 0 && withList?.list && !needsDefault && !needsNamespace) {
      const names = [...(withList.spec.lang === 'ecma' ? withList.spec.named : []), ...lacking.named];
      edits.push({ range: rangeOf(text, withList.list.startIndex, withList.list.endIndex), newText: `{ ${names.join(', ')} }` });
    } else if (lacking.named.length > 0 || needsDefault || needsNamespace || (same.length === 0 && spec.named.length === 0)) {
      missingLines.push({ ...lacking, defaultName: needsDefault ? spec.defaultName : undefined, namespace: needsNamespace ? spec.namespace : undefined });
    }
  }
  if (missingLines.length > 0) edits.push(insertImportLines(language, text, tree, existing, missingLines, quote));
  return edits;
}

function insertImportLines(
  language: Language,
  text: string,
  tree: Parser.Tree,
  existing: FoundImport[],
  specs: ImportSpec[],
  quote: string,
): TextEdit {
  const last = existing[existing.length - 1];
  if (language.entry.folder === 'go') {
    const go = specs.filter((spec): spec is Extract<ImportSpec, { lang: 'go' }> => spec.lang === 'go').map(goSpec);
    const lines = go.map((spec) => `\t${spec}\n`).join('');
    const block = last?.list;
    if (block) {
      const closing = lineAt(text, block.endIndex - 1).start;
      return { range: rangeOf(text, closing, closing), newText: lines };
    }
    const after = last?.node ?? tree.rootNode.namedChildren.find((child) => child.type === 'package_clause');
    const at = after ? lineAt(text, after.endIndex).end : 0;
    // After single-line imports, more single-line imports; after the package clause, a new block.
    const newText = last ? go.map((spec) => `\nimport ${spec}`).join('') : `\n\nimport (\n${lines})`;
    return { range: rangeOf(text, at, at), newText };
  }
  const newText = specs.map((spec) => (spec.lang === 'ecma' ? renderEcmaImport(spec, quote) + '\n' : '')).join('');
  const at = last ? Math.min(text.length, lineAt(text, last.node.endIndex).end + 1) : 0;
  const needsBreak = last && at === text.length && !text.endsWith('\n');
  return { range: rangeOf(text, at, at), newText: needsBreak ? `\n${newText}` : newText };
}

function renderEcmaImport(spec: Extract<ImportSpec, { lang: 'ecma' }>, quote: string): string {
  const parts: string[] = [];
  if (spec.defaultName) parts.push(spec.defaultName);
  if (spec.namespace) parts.push(`* as ${spec.namespace}`);
  if (spec.named.length) parts.push(`{ ${spec.named.join(', ')} }`);
  const from = `${quote}${spec.source}${quote}`;
  return parts.length ? `import ${parts.join(', ')} from ${from};` : `import ${from};`;
}

function goSpec(spec: Extract<ImportSpec, { lang: 'go' }>): string {
  return `${spec.name ? `${spec.name} ` : ''}"${spec.path}"`;
}

function keyOf(spec: ImportSpec): string {
  return spec.lang === 'go' ? `go:${spec.path}` : `ecma:${spec.source}`;
}
