import { createHash } from 'node:crypto';
import type Parser from 'tree-sitter';
import type { LanguageId } from '../../core/language.js';
import type { Language } from '../../syntax/languages.js';
import { extractDeclarations, type Declaration } from '../../syntax/declarations.js';
import { extractImports, type ImportRecord } from '../../syntax/imports.js';
import { blankCommentsAndStrings, extractCalls, extractUses, type IsPackage } from './usage.js';
import type { SkipReason } from './workspace-files.js';

/** What the index knows about one file: enough to build prompts without reading it again. */
export interface FileRecord {
  /** Workspace-relative, forward slashes. */
  path: string;
  languageId: LanguageId;
  /** SHA-1 of the content: the persisted cache's key. */
  hash: string;
  size: number;
  mtimeMs: number;
  /** Go: the package clause. */
  packageName?: string;
  /** Go: the `//go:build` expression of the header. */
  buildConstraint?: string;
  declarations: Declaration[];
  imports: ImportRecord[];
  /** tree-sitter recovered from syntax errors; the declarations are what it could make out. */
  syntaxErrors?: boolean;
  /** Names the file uses (`pkg.Name`, unqualified calls), for popularity. */
  uses?: string[];
}

/** Parses a file (or takes the editor's tree for it) into its record; undefined when the parser fails. */
export function parseFileRecord(input: { path: string; text: string; hash: string; language: Language; tree?: Parser.Tree; mtimeMs: number }): FileRecord | undefined {
  const { path, text, hash, language, mtimeMs } = input;
  // Whatever a strange file does to the parser or the queries, indexing carries on without it.
  try {
    return buildRecord(path, text, hash, language, input.tree ?? language.parser.parse(text), mtimeMs);
  } catch {
    return undefined;
  }
}

function buildRecord(path: string, text: string, hash: string, language: Language, parsed: Parser.Tree, mtimeMs: number): FileRecord {
  const declarations = extractDeclarations(parsed, text, language);
  const imports = extractImports(parsed, language);
  const isPackage = importedNames(imports, language);
  const code = blankCommentsAndStrings(text, language.id);
  addCalls(declarations, code, language, isPackage);
  const record: FileRecord = {
    path,
    languageId: language.id,
    hash,
    // Bytes, as stat reports them: the next build reuses the record only when stat's size matches.
    size: Buffer.byteLength(text),
    mtimeMs,
    declarations,
    imports,
    uses: extractUses(text, isPackage, { typeUses: language.module.packages.typeUses?.(code), dottedNamespaces: language.module.packages.dottedNamespaces }),
  };
  if (parsed.rootNode.hasError) record.syntaxErrors = true;
  const packageName = language.module.packages.packageName(parsed.rootNode);
  if (packageName !== undefined) record.packageName = packageName;
  const constraint = language.module.packages.buildConstraint?.(text);
  if (constraint !== undefined) record.buildConstraint = constraint;
  return record;
}

/**
 * The names the file's imports put in its scope (package qualifiers, namespaces, named imports):
 * `q.name` through one of them is that import's declaration, through anything else a method.
 */
function importedNames(imports: readonly ImportRecord[], language: Language): IsPackage {
  const names = new Set<string>();
  for (const record of imports) {
    const bound = language.module.imports.bind(record, undefined);
    if (bound?.namespace) names.add(bound.namespace);
    for (const { local } of bound?.names ?? []) names.add(local);
  }
  return (qualifier) => names.has(qualifier);
}

/** Records what each function and method calls (in TS/JS also multi-line initializers: `const f = () => {…}`); `code` has comments and strings blanked. */
function addCalls(declarations: Declaration[], code: string, language: Language, isPackage: IsPackage): void {
  const { multiLineVariablesHaveBodies } = language.module.packages;
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const declaration of declarations) {
    const { kind, line, endLine } = declaration;
    // A Go `var ( … )` block gives each of its variables the whole block's lines: not a body.
    if (!(kind === 'function' || kind === 'method' || (kind === 'variable' && endLine > line && multiLineVariablesHaveBodies))) continue;
    const calls = extractCalls(code.slice(starts[line] ?? code.length, starts[endLine + 1] ?? code.length), isPackage, language.id).filter((call) => call !== declaration.name);
    if (calls.length > 0) declaration.calls = calls;
  }
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** What a prompt could show of a file: its declarations' text. Unchanged by edits inside bodies. */
export function apiDigest(record: FileRecord): string {
  return record.declarations.map((declaration) => declaration.text).join('\0');
}

export function importsDigest(record: FileRecord): string {
  return record.imports.map((entry) => entry.source).join('\0');
}

/**
 * Generated or minified code, recognised from its content: Go's `Code generated … DO NOT EDIT.`
 * line, an `@generated` marker, or lines far longer than anyone writes by hand.
 */
export function generatedContent(text: string): SkipReason | undefined {
  const head = text.slice(0, 2048);
  if (/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(head) || /@generated\b/.test(head)) return 'generated';
  if (text.length > 20_000) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > 300) return 'generated';
  }
  return undefined;
}
