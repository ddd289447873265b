import type Parser from 'tree-sitter';
import type { Language } from './languages.js';
import { dirOf, joinPath, ManifestReader } from './manifests.js';

/** One import of a file: where from, and which local names it binds. */
export interface ImportRecord {
  /** The module specifier or Go import path, unquoted. */
  source: string;
  /** Go: the package's local name when aliased; TS/JS: `import * as ns`. */
  namespace?: string;
  /** TS/JS: `import d from`. */
  defaultName?: string;
  /** TS/JS named bindings, `imported as local`. */
  names?: Array<{ imported: string; local: string }>;
  /** `export * from` / `export { … } from`: the file passes the target's API on. */
  reexport?: boolean;
}

/** Reads the import statements of a parsed file with the language's imports query. */
export function extractImports(tree: Parser.Tree, language: Language): ImportRecord[] {
  const out: ImportRecord[] = [];
  for (const match of language.imports.matches(tree.rootNode, { maxStartDepth: 4 })) {
    const source = match.captures.find((capture) => capture.name === 'source')?.node;
    const statement = match.captures.find((capture) => capture.name === 'import')?.node;
    if (!source || !statement) continue;
    if (language.id === 'go') {
      const alias = match.captures.find((capture) => capture.name === 'alias')?.node.text;
      out.push({ source: source.text.replace(/^"|"$/g, ''), namespace: alias });
    } else {
      out.push({ source: source.text, ...scriptBindings(statement) });
    }
  }
  return out;
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

/** What the resolver needs to know about the index: which files and package directories exist. */
export interface FileLookup {
  hasFile(relative: string): boolean;
  /** Workspace-relative files directly inside a directory (a Go package). */
  filesInDir(relativeDir: string): readonly string[];
  /** What is known of an indexed file: its Go package clause. */
  file(relative: string): { packageName?: string } | undefined;
}

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Resolves import specifiers to workspace files: Go import paths through the module path in
 * go.mod, TypeScript/JavaScript specifiers relatively, through tsconfig `paths`/`baseUrl`, and
 * through workspace packages' entry points. Only files in the index count; nothing in
 * node_modules or GOROOT outside the workspace is read.
 */
export class ImportResolver {
  private readonly memo = new Map<string, string[]>();

  constructor(
    private readonly files: FileLookup,
    private readonly manifests: ManifestReader,
  ) {}

  /** Forgets resolutions; call when files are added or removed or a manifest changes. */
  clear(): void {
    this.memo.clear();
  }

  resolve(fromFile: string, record: ImportRecord, languageId: string): string[] {
    const key = `${languageId === 'go' ? 'go' : dirOf(fromFile)}\0${record.source}\0${languageId === 'go' ? dirOf(fromFile) : ''}`;
    let targets = this.memo.get(key);
    if (!targets) {
      targets = languageId === 'go' ? this.resolveGo(fromFile, record.source) : this.resolveScript(fromFile, record.source);
      this.memo.set(key, targets);
    }
    return targets;
  }

  private resolveGo(fromFile: string, importPath: string): string[] {
    const module = this.manifests.goModule(dirOf(fromFile));
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
      const files = this.files.filesInDir(dir).filter((file) => file.endsWith('.go') && !file.endsWith('_test.go'));
      if (files.length > 0) return this.packageFiles(files);
    }
    return [];
  }

  /**
   * The files of the package a directory holds. A generator beside the package (`package main`
   * behind `//go:build ignore`, as sort/gen_sort_variants.go) is not part of it: taken as the
   * package's first file, it named `sort` `main`.
   */
  private packageFiles(files: readonly string[]): string[] {
    const counts = new Map<string, number>();
    for (const file of files) {
      const name = this.files.file(file)?.packageName;
      if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, count] of counts) {
      const bestCount = best === undefined ? 0 : counts.get(best)!;
      if (count > bestCount || (count === bestCount && best === 'main')) best = name;
    }
    return best === undefined ? [...files] : files.filter((file) => this.files.file(file)?.packageName === best);
  }

  private resolveScript(fromFile: string, specifier: string): string[] {
    const fromDir = dirOf(fromFile);
    if (specifier.startsWith('.')) return this.firstExisting(joinPath(fromDir, specifier));
    const config = this.manifests.tsconfig(fromDir);
    if (config) {
      for (const [pattern, replacements] of config.paths) {
        const star = pattern.indexOf('*');
        const matches = star < 0 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
        if (!matches) continue;
        const captured = star < 0 ? '' : specifier.slice(star, specifier.length - (pattern.length - star - 1));
        for (const replacement of replacements) {
          const found = this.firstExisting(joinPath(config.baseDir, replacement.replace('*', captured)));
          if (found.length > 0) return found;
        }
      }
      if (config.baseUrlDir !== undefined) {
        const found = this.firstExisting(joinPath(config.baseUrlDir, specifier));
        if (found.length > 0) return found;
      }
    }
    const entry = this.manifests.workspacePackageEntry(specifier);
    return entry ? this.firstExisting(entry) : [];
  }

  /** The file a specifier means: exact, with an extension, `.js` written for `.ts`, or a directory index. */
  private firstExisting(base: string): string[] {
    const stem = base.replace(/\.(m|c)?jsx?$/, '');
    const candidates = [base, ...SCRIPT_EXTENSIONS.map((ext) => stem + ext), ...SCRIPT_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
    const found = candidates.find((candidate) => this.files.hasFile(candidate));
    return found ? [found] : [];
  }
}
