import { createRequire } from 'node:module';
import type { LanguageId } from '../server/core/language.js';
import { ecmaModule } from '../server/syntax/ecma/module.js';
import { goModule } from '../server/syntax/go/module.js';
import { pythonModule } from '../server/syntax/python/module.js';
import type { LanguageModule } from '../server/syntax/language-module.js';

const require = createRequire(import.meta.url);

/**
 * The languages Ghostline parses. Adding one is a folder under grammars/ with its queries, a
 * language module under server/syntax/ and one entry here (docs/languages.md).
 */
export interface GrammarEntry {
  /** Folder under grammars/ holding this language's .scm queries. */
  folder: string;
  /** LSP languageIds served with this grammar. */
  languageIds: LanguageId[];
  /** File extensions, for the CLI and for clients that send an unexpected languageId. */
  extensions: string[];
  /** The line-comment token, used when the prompt labels snippets. */
  lineComment: string;
  /** Loads the native tree-sitter language object. */
  load(): unknown;
  /** Everything else Ghostline knows about the language: package, import, test, comment and cut rules. */
  module: LanguageModule;
}

export const GRAMMARS: readonly GrammarEntry[] = [
  {
    folder: 'go',
    languageIds: ['go'],
    extensions: ['.go'],
    lineComment: '//',
    load: () => require('tree-sitter-go') as unknown,
    module: goModule,
  },
  {
    folder: 'typescript',
    languageIds: ['typescript'],
    extensions: ['.ts', '.mts', '.cts'],
    lineComment: '//',
    load: () => (require('tree-sitter-typescript') as { typescript: unknown }).typescript,
    module: ecmaModule,
  },
  {
    folder: 'tsx',
    languageIds: ['typescriptreact'],
    extensions: ['.tsx'],
    lineComment: '//',
    load: () => (require('tree-sitter-typescript') as { tsx: unknown }).tsx,
    module: ecmaModule,
  },
  {
    folder: 'javascript',
    languageIds: ['javascript', 'javascriptreact'],
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    lineComment: '//',
    load: () => require('tree-sitter-javascript') as unknown,
    module: ecmaModule,
  },
  {
    folder: 'python',
    languageIds: ['python'],
    extensions: ['.py', '.pyi'],
    lineComment: '#',
    load: () => require('tree-sitter-python') as unknown,
    module: pythonModule,
  },
];
