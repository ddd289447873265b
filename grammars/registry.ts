import { createRequire } from 'node:module';
import type { LanguageId } from '../server/core/language.js';

const require = createRequire(import.meta.url);

/**
 * The languages Ghostline parses. Adding one is a folder under grammars/ with its queries and
 * one entry here.
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
}

export const GRAMMARS: readonly GrammarEntry[] = [
  {
    folder: 'go',
    languageIds: ['go'],
    extensions: ['.go'],
    lineComment: '//',
    load: () => require('tree-sitter-go'),
  },
  {
    folder: 'typescript',
    languageIds: ['typescript'],
    extensions: ['.ts', '.mts', '.cts'],
    lineComment: '//',
    load: () => (require('tree-sitter-typescript') as { typescript: unknown }).typescript,
  },
  {
    folder: 'tsx',
    languageIds: ['typescriptreact'],
    extensions: ['.tsx'],
    lineComment: '//',
    load: () => (require('tree-sitter-typescript') as { tsx: unknown }).tsx,
  },
  {
    folder: 'javascript',
    languageIds: ['javascript', 'javascriptreact'],
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    lineComment: '//',
    load: () => require('tree-sitter-javascript'),
  },
];
