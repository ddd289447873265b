import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import { lineAt, rangeOf } from '../../core/text.js';
import type { FoundImport, ImportSpec } from '../import-edits.js';
import type { FileLookup, ImportRecord } from '../imports.js';
import type { ImportBinding, ResolveContext } from '../language-module.js';
import { dirOf, joinPath } from '../manifests.js';

type EcmaSpec = Extract<ImportSpec, { lang: 'ecma' }>;

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** One import, re-export or require() from a match of imports.scm, with the names it binds. */
export function ecmaImportRecord(source: Parser.SyntaxNode, statement: Parser.SyntaxNode): ImportRecord {
  return { source: source.text, ...scriptBindings(statement) };
}

function scriptBindings(statement: Parser.SyntaxNode): Omit<ImportRecord, 'source'> {
  if (statement.type === 'export_statement') {
    return { reexport: true, names: specifiers(statement.namedChildren.find((child) => child.type === 'export_clause')) };
  }
  if (statement.type !== 'import_statement') {
    // const x = require('y'): the binding is the declarator's name.
    const declarator = statement.parent?.type === 'variable_declarator' ? statement.parent : undefined;
    const name = declarator?.childForFieldName('name');
    return name?.type === 'identifier' ? { namespace: name.text } : {};
  }
  const clause = statement.namedChildren.find((child) => child.type === 'import_clause');
  const record: Omit<ImportRecord, 'source'> = {};
  for (const child of clause?.namedChildren ?? []) {
    if (child.type === 'identifier') record.defaultName = child.text;
    else if (child.type === 'namespace_import') record.namespace = child.namedChildren[0]?.text;
    else if (child.type === 'named_imports') record.names = specifiers(child);
  }
  return record;
}

function specifiers(node: Parser.SyntaxNode | undefined): Array<{ imported: string; local: string }> | undefined {
  if (!node) return undefined;
  return node.namedChildren
    .filter((child) => child.type === 'import_specifier' || child.type === 'export_specifier')
    .map((child) => {
      const imported = child.childForFieldName('name')?.text ?? '';
      return { imported, local: child.childForFieldName('alias')?.text ?? imported };
    });
}

/** What an import binds: `* as ns`, the default export, named imports; a re-export binds nothing here. */
export function bindEcmaImport(record: ImportRecord): ImportBinding | undefined {
  if (record.reexport) return undefined;
  const names = (record.names ?? []).map(({ imported, local }) => ({ local, imported }));
  if (record.defaultName) names.unshift({ local: record.defaultName, imported: 'default' });
  return { namespace: record.namespace, names };
}

/** TypeScript/JavaScript specifiers: relative, through tsconfig `paths`/`baseUrl`, then linked workspace packages. */
export function resolveEcmaImport(fromFile: string, specifier: string, { files, manifests }: ResolveContext): string[] {
  const fromDir = dirOf(fromFile);
  if (specifier.startsWith('.')) return firstExisting(files, joinPath(fromDir, specifier));
  const config = manifests.tsconfig(fromDir);
  if (config) {
    for (const [pattern, replacements] of config.paths) {
      const star = pattern.indexOf('*');
      const matches = star < 0 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
      if (!matches) continue;
      const captured = star < 0 ? '' : specifier.slice(star, specifier.length - (pattern.length - star - 1));
      for (const replacement of replacements) {
        const found = firstExisting(files, joinPath(config.baseDir, replacement.replace('*', captured)));
        if (found.length > 0) return found;
      }
    }
    if (config.baseUrlDir !== undefined) {
      const found = firstExisting(files, joinPath(config.baseUrlDir, specifier));
      if (found.length > 0) return found;
    }
  }
  const entry = manifests.workspacePackageEntry(specifier);
  return entry ? firstExisting(files, entry) : [];
}

/** The file a specifier means: exact, with an extension, `.js` written for `.ts`, or a directory index. */
function firstExisting(files: FileLookup, base: string): string[] {
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [base, ...SCRIPT_EXTENSIONS.map((ext) => stem + ext), ...SCRIPT_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  const found = candidates.find((candidate) => files.hasFile(candidate));
  return found ? [found] : [];
}

/** The import statements of a file, with the `{ a, b }` list names can be added to. */
export function findEcmaImports(tree: Parser.Tree): FoundImport[] {
  const found: FoundImport[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (node.type !== 'import_statement') continue;
    const source = node.childForFieldName('source')?.text.slice(1, -1) ?? '';
    const clause = node.namedChildren.find((child) => child.type === 'import_clause');
    const list = clause?.namedChildren.find((child) => child.type === 'named_imports');
    const named = list?.namedChildren.filter((child) => child.type === 'import_specifier').map((child) => child.text) ?? [];
    const defaultName = clause?.namedChildren.find((child) => child.type === 'identifier')?.text;
    const namespace = clause?.namedChildren.find((child) => child.type === 'namespace_import')?.namedChildren[0]?.text;
    const typeOnly = node.children.some((child) => child.type === 'type');
    found.push({ spec: { lang: 'ecma', source, named, ...(defaultName ? { defaultName } : {}), ...(namespace ? { namespace } : {}) }, node, list, typeOnly });
  }
  return found;
}

/** Import lines for a new file. */
export function renderEcmaImports(specs: readonly ImportSpec[], quote: string): string {
  return specs.map((spec) => (spec.lang === 'ecma' ? renderEcmaImport(spec, quote) + '\n' : '')).join('');
}

/** Names added to an existing `import { … } from 'x'`, new import lines after the last import. */
export function ecmaImportEdits(input: { text: string; existing: FoundImport[]; needed: readonly ImportSpec[]; quote: string }): TextEdit[] {
  const { text, existing, quote } = input;
  const edits: TextEdit[] = [];
  const missingLines: EcmaSpec[] = [];
  for (const spec of input.needed) {
    if (spec.lang !== 'ecma') continue;
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
  if (missingLines.length === 0) return edits;
  const last = existing[existing.length - 1];
  const newText = renderEcmaImports(missingLines, quote);
  const at = last ? Math.min(text.length, lineAt(text, last.node.endIndex).end + 1) : 0;
  const needsBreak = last && at === text.length && !text.endsWith('\n');
  edits.push({ range: rangeOf(text, at, at), newText: needsBreak ? `\n${newText}` : newText });
  return edits;
}

function renderEcmaImport(spec: EcmaSpec, quote: string): string {
  const parts: string[] = [];
  if (spec.defaultName) parts.push(spec.defaultName);
  if (spec.namespace) parts.push(`* as ${spec.namespace}`);
  if (spec.named.length) parts.push(`{ ${spec.named.join(', ')} }`);
  const from = `${quote}${spec.source}${quote}`;
  return parts.length ? `import ${parts.join(', ')} from ${from};` : `import ${from};`;
}
