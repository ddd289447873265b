import type { LanguageId } from '../../core/language.js';
import { ECMA_VERIFICATION } from './verification.js';
import type { LanguageModule } from '../language-module.js';
import { ecmaDeclarationReader } from './declarations.js';
import { ecmaBrief } from './brief.js';
import { ecmaResultType } from './value-types.js';
import { describeNodeEnvironment, nodeFileEnvironment, nodeIndexEnvironment, packageJsonSnippet } from './environment.js';
import { bindEcmaImport, ecmaImportEdits, ecmaImportRecord, findEcmaImports, renderEcmaImports, resolveEcmaImport } from './imports.js';
import { ECMA_SECURITY } from './security.js';
import { ANNOTATED, ASSIGNED, SPACED } from '../declared-type-patterns.js';
import { ecmaTestImports, isEcmaTestFile, planEcmaTests } from './tests.js';

const DISPLAY_NAMES: Partial<Record<LanguageId, string>> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript (TSX)',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript (JSX)',
};

const TSDOC = {
  convention: 'TSDoc',
  style: 'block',
  guidance:
    'Follow TSDoc: a summary sentence, then @param name - description for each parameter, @returns when it returns a value, @throws when it throws. No types in braces (TypeScript has them).',
} as const;

const JSDOC = {
  convention: 'JSDoc',
  style: 'block',
  guidance: 'Follow JSDoc: a summary sentence, then @param {Type} name description for each parameter, @returns {Type} when it returns a value, @throws when it throws.',
} as const;

/** TypeScript, TSX and JavaScript: each file is a module, imports name what they bind, tests follow the project. */
export const ecmaModule: LanguageModule = {
  name: 'ecma',
  displayName: (id) => DISPLAY_NAMES[id] ?? 'JavaScript',
  comments: {
    doc: (id) => (id.startsWith('typescript') ? TSDOC : JSDOC),
    // TSDoc/JSDoc must open with `/**`.
    isDocComment: (comments) => comments.some((comment) => comment.text.startsWith('/**')),
  },
  cut: {
    regexLiterals: true,
    templateStrings: true,
    lineComment: '//',
    blockComments: true,
    tripleQuotes: false,
    indentBlocks: false,
    textNodes: new Set(['comment', 'string', 'template_string', 'regex']),
    bodyNodes: new Set(['statement_block', 'class_body', 'interface_body', 'object', 'object_type', 'enum_body', 'switch_body']),
  },
  packages: {
    packageName: () => undefined,
    containerScope: (path) => path,
    sharedPackageScope: false,
    importsNameUses: true,
    qualifierOf: (record) => record.namespace,
    importsPackages: false,
    multiLineVariablesHaveBodies: true,
  },
  imports: {
    bind: bindEcmaImport,
    record: ecmaImportRecord,
    // Relative specifiers mean different files from different directories.
    resolutionScope: (fromFile) => fromFile.slice(0, Math.max(0, fromFile.lastIndexOf('/'))),
    resolve: resolveEcmaImport,
    find: findEcmaImports,
    owns: (spec) => spec.lang === 'ecma',
    render: renderEcmaImports,
    edits: ecmaImportEdits,
    stripHeader: (body) => body,
  },
  environment: {
    manifests: ['package.json', /^tsconfig(\.[\w-]+)?\.json$/, 'jsconfig.json'],
    manifestGlobs: ['**/tsconfig*.json'],
    toolingDirs: ['node_modules', 'bower_components', '.next', '.turbo'],
    generatedFiles: /(\.min\.[cm]?js|\.bundle\.js|\.generated\.[cm]?[jt]sx?)$/,
    forIndex: nodeIndexEnvironment,
    snippet: packageJsonSnippet,
    forFile: nodeFileEnvironment,
    describe: describeNodeEnvironment,
  },
  tests: {
    isTestFile: isEcmaTestFile,
    plan: planEcmaTests,
    imports: ecmaTestImports,
    packageName: () => undefined,
  },
  security: ECMA_SECURITY,
  verification: ECMA_VERIFICATION,
  declarations: {
    reader: ecmaDeclarationReader,
    methodTextOpensWithContainer: true,
    resultType: ecmaResultType,
    brief: ecmaBrief,
    declaredTypes: { patterns: [ANNOTATED, SPACED, ASSIGNED], elementCallbacks: true },
  },
};
