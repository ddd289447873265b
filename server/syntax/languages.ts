import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'tree-sitter';
import { GRAMMARS, type GrammarEntry } from '../../grammars/registry.js';
import type { LanguageId } from '../core/language.js';
import type { LanguageModule } from './language-module.js';

/** A loaded grammar: a reusable parser and its compiled queries. */
export interface Language {
  id: LanguageId;
  entry: GrammarEntry;
  /** The language's rules (packages, imports, tests, comments, cut): what code outside syntax/ asks instead of testing `id`. */
  module: LanguageModule;
  parser: Parser;
  /** Comments, strings and functions around the cursor (completion). */
  scopes: Parser.Query;
  /** Functions, methods, types, imports and callees (code actions, hover). */
  declarations: Parser.Query;
  /** Code a reviewer would block (code actions check generated code with it). */
  security: Parser.Query;
  /** Top-level and member declarations for the workspace index (repository context). */
  symbols: Parser.Query;
  /** Import statements and module specifiers, for import resolution (repository context). */
  imports: Parser.Query;
}

/** grammars/ in the package, whether running from source (vitest) or from dist/. */
function grammarsDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // server/syntax → ../../grammars; dist/server/syntax → ../../../grammars
  const fromSource = join(here, '..', '..', 'grammars');
  return here.includes(`${join('dist', 'server')}`) ? join(here, '..', '..', '..', 'grammars') : fromSource;
}

const INHERITS = /^;\s*inherits:\s*([\w,\s-]+)$/m;

/**
 * The text of grammars/<folder>/<name>.scm. A first line `; inherits: ecma` (the convention of
 * nvim-treesitter) prepends that folder's file of the same name, so languages built on one
 * grammar share their queries instead of copying them.
 */
export function querySource(folder: string, name: string, seen: string[] = []): string {
  if (seen.includes(folder)) throw new Error(`query inheritance loops: ${[...seen, folder].join(' → ')}`);
  const own = readFileSync(join(grammarsDir(), folder, `${name}.scm`), 'utf8');
  const firstLine = own.split('\n', 1)[0] ?? '';
  const parents =
    INHERITS.exec(firstLine)?.[1]
      ?.split(',')
      .map((parent) => parent.trim())
      .filter(Boolean) ?? [];
  return [...parents.map((parent) => querySource(parent, name, [...seen, folder])), own].join('\n');
}

/** The grammar for a file path, by extension, and the language id it reads the file as. */
function entryOfPath(path: string): { entry: GrammarEntry; id: LanguageId } | undefined {
  const ext = extname(path).toLowerCase();
  const entry = GRAMMARS.find((grammar) => grammar.extensions.includes(ext));
  const id = ext === '.jsx' ? 'javascriptreact' : entry?.languageIds[0];
  return entry && id ? { entry, id } : undefined;
}

/**
 * Loads each grammar once, on first use, and compiles its queries once. Parsers are not
 * thread-safe but Node runs one parse at a time, so one parser per language suffices.
 */
export class LanguageRegistry {
  private readonly loaded = new Map<string, Language | Error>();

  /** The language serving an LSP languageId, or undefined when Ghostline does not parse it. */
  byLanguageId(languageId: string): Language | undefined {
    const entry = GRAMMARS.find((grammar) => (grammar.languageIds as string[]).includes(languageId));
    return entry ? this.load(entry, languageId as LanguageId) : undefined;
  }

  /** The language for a file path, by extension; for the CLI and for unknown languageIds. */
  byPath(path: string): Language | undefined {
    const found = entryOfPath(path);
    return found ? this.load(found.entry, found.id) : undefined;
  }

  /** The id of the language a file path would be read in, without loading its grammar (which takes tens of milliseconds). */
  idOfPath(path: string): LanguageId | undefined {
    return entryOfPath(path)?.id;
  }

  /** Loads every grammar; returns the names that loaded and the errors of those that did not. */
  loadAll(): { loaded: string[]; failed: string[] } {
    const loaded: string[] = [];
    const failed: string[] = [];
    for (const entry of GRAMMARS) {
      const id = entry.languageIds[0];
      if (!id) continue;
      try {
        this.load(entry, id, true);
        loaded.push(entry.folder);
      } catch (error) {
        failed.push(`${entry.folder}: ${(error as Error).message}`);
      }
    }
    return { loaded, failed };
  }

  private load(entry: GrammarEntry, id: LanguageId, rethrow = false): Language | undefined {
    const key = `${entry.folder}:${id}`;
    let language = this.loaded.get(key);
    if (!language) {
      try {
        const grammar = entry.load() as Parser.Language;
        const parser = new Parser();
        parser.setLanguage(grammar);
        const query = (name: string) => new Parser.Query(grammar, querySource(entry.folder, name));
        language = {
          id,
          entry,
          module: entry.module,
          parser,
          scopes: query('scopes'),
          declarations: query('declarations'),
          security: query('security'),
          symbols: query('symbols'),
          imports: query('imports'),
        };
      } catch (error) {
        language = error instanceof Error ? error : new Error(String(error));
      }
      this.loaded.set(key, language);
    }
    if (language instanceof Error) {
      if (rethrow) throw language;
      return undefined;
    }
    return language;
  }
}
