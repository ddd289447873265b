// ESLint for Ghostline: typescript-eslint's type-aware rules and the layer boundaries.
// Run from the repository root: `npm run lint` (eslint -c tools/lint/eslint.config.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from './layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/.cache/**', 'clients/**', 'tools/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: process.cwd() },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The codebase validates at the edges and narrows with zod; these flag idioms it uses on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/require-await': 'off',
      // String(x) of unknown server data is deliberate: it goes to a log line or a message, never back to code.
      '@typescript-eslint/no-base-to-string': 'off',
      // An abort rejects with the signal's own reason, whatever the caller put there.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Sizes (STYLE.md), every line counted, comments and blank lines too (as `wc -l` counts them): short files, short functions; tests and benchmarks are tables and scripts, exempt from the function limit.
    files: ['server/**/*.ts', 'grammars/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // A language is one module (docs/languages.md): outside server/syntax/<module>/, ask the module instead of testing the language id.
    files: ['server/**/*.ts'],
    ignores: ['server/syntax/*/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/][right.value=/^(go|typescript|typescriptreact|javascript|javascriptreact|ecma)$/]",
          message: 'A language switch outside server/syntax/<module>/: ask the LanguageModule instead (docs/languages.md).',
        },
      ],
    },
  },
  {
    // Tests may use the looser shapes fixtures and assertions need.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...layerBoundaries(['server', 'test/fixtures/lint/server']),
);
