import type Parser from 'tree-sitter';
import type { Language } from './languages.js';
import type { ManifestReader } from './manifests.js';
import { languageModule } from './modules.js';

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
  for (const match of language.imports.matches(tree.rootNode, { maxStartDepth: language.module.imports.maxDepth ?? 4 })) {
    const source = match.captures.find((capture) => capture.name === 'source')?.node;
    const statement = match.captures.find((capture) => capture.name === 'import')?.node;
    if (!source || !statement) continue;
    const alias = match.captures.find((capture) => capture.name === 'alias')?.node;
    out.push(...[language.module.imports.record(source, statement, alias)].flat());
  }
  return out;
}

/** What the resolver needs to know about the index: which files and package directories exist. */
export interface FileLookup {
  hasFile(relative: string): boolean;
  /** Workspace-relative files directly inside a directory (a Go package). */
  filesInDir(relativeDir: string): readonly string[];
  /** What is known of an indexed file: its Go package clause. */
  file(relative: string): { packageName?: string } | undefined;
}

/**
 * Resolves import specifiers to workspace files by the rules of the importing file's language
 * module, memoised. Only files in the index count; nothing in node_modules or GOROOT outside the
 * workspace is read.
 */
export class ImportResolver {
  private readonly memo = new Map<string, string[]>();
  private cleared = 0;

  constructor(
    private readonly files: FileLookup,
    private readonly manifests: ManifestReader,
  ) {}

  /** Forgets resolutions; call when files are added or removed or a manifest changes. */
  clear(): void {
    this.memo.clear();
    this.cleared++;
  }

  /** Changes whenever resolutions are forgotten: what was derived from them is stale. */
  get epoch(): number {
    return this.cleared;
  }

  resolve(fromFile: string, record: ImportRecord, languageId: string): string[] {
    const module = languageModule(languageId);
    if (!module) return [];
    const key = `${module.name}\0${module.imports.resolutionScope(fromFile)}\0${record.source}`;
    let targets = this.memo.get(key);
    if (!targets) {
      targets = module.imports.resolve(fromFile, record.source, { files: this.files, manifests: this.manifests });
      this.memo.set(key, targets);
    }
    return targets;
  }
}
