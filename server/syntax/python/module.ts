import type { LanguageModule } from '../language-module.js';
import { PYTHON_VERIFICATION } from './verification.js';
import { pythonDeclaration } from './declarations.js';
import { detectDocstringStyle, docstringGuidance, hasDocstring } from './docstrings.js';
import { describePythonEnvironment, PYTHON_MANIFESTS, pythonFileEnvironment, pythonIndexEnvironment, pythonSnippet } from './environment.js';
import { bindPythonImport, findPythonImports, pythonImportEdits, pythonImportRecord, renderPythonImports } from './imports.js';
import { resolvePythonImport } from './resolve.js';
import { PYTHON_BUILTIN_METHODS, PYTHON_NOT_CALLS } from './builtins.js';
import { PYTHON_SECURITY } from './security.js';
import { isPythonTestFile, planPythonTests, pythonTestImports } from './tests.js';
import { pythonResultType } from './value-types.js';
import { ANNOTATED, ASSIGNED, SELF_ANNOTATED, SELF_ASSIGNED, SPACED } from '../declared-type-patterns.js';

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Python: each file is a module, packages are folders with `__init__.py`, blocks end by dedent, tests follow pytest or unittest. */
export const pythonModule: LanguageModule = {
  name: 'python',
  displayName: () => 'Python',
  comments: {
    // Google, NumPy or reST, as the file's docstrings already are (Google when none tell).
    doc: (_id, text) => ({ convention: 'PEP 257 docstring', style: 'docstring', guidance: docstringGuidance(detectDocstringStyle(text ?? '')) }),
    // The docstring is the string opening the body.
    isDocComment: (_comments, declaration) => hasDocstring(declaration),
  },
  cut: {
    regexLiterals: false,
    templateStrings: false,
    lineComment: '#',
    blockComments: false,
    tripleQuotes: true,
    // A header with its name and `(` or `:`: prose in a docstring rarely reads like one.
    resyncLine: /^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+[A-Za-z_]\w*[ \t]*[(:[]/,
    stringPrefix: /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/,
    indentBlocks: true,
    textNodes: new Set(['comment', 'string', 'concatenated_string', 'string_content']),
    bodyNodes: new Set(['block']),
  },
  packages: {
    packageName: () => undefined,
    containerScope: (path) => path,
    sharedPackageScope: false,
    importsNameUses: true,
    qualifierOf: (record) => record.namespace,
    importsPackages: false,
    importsReexport: true,
    reexportsImports: (path) => path === '__init__.py' || path.endsWith('/__init__.py'),
    dottedNamespaces: true,
    multiLineVariablesHaveBodies: true,
    notCalls: PYTHON_NOT_CALLS,
    builtinMembers: PYTHON_BUILTIN_METHODS,
    implicitMember: (name) => /^__\w+__$/.test(name),
    exportsEveryName: true,
  },
  imports: {
    bind: bindPythonImport,
    record: pythonImportRecord,
    // Relative imports differ by directory; absolute ones are tried beside the file too.
    resolutionScope: dirOf,
    resolve: (fromFile, source, context) => resolvePythonImport(fromFile, source, context.files),
    find: findPythonImports,
    owns: (spec) => spec.lang === 'python',
    render: (specs) => renderPythonImports(specs),
    edits: pythonImportEdits,
    stripHeader: (body) => body,
    // `import re` where it is first needed, often in a branch of a function (`if not _cache:`).
    maxDepth: 10,
  },
  environment: {
    manifests: PYTHON_MANIFESTS,
    manifestGlobs: ['**/requirements*.txt'],
    // `venv/` is not one by name: it is also the standard library's own package; a virtual environment says so in pyvenv.cfg.
    toolingDirs: ['.venv', '__pycache__', 'site-packages', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.eggs'],
    toolingMarkers: ['pyvenv.cfg'],
    generatedFiles: /_pb2(_grpc)?\.pyi?$/,
    forIndex: pythonIndexEnvironment,
    snippet: pythonSnippet,
    forFile: pythonFileEnvironment,
    describe: (environment) => describePythonEnvironment(environment),
  },
  tests: {
    isTestFile: isPythonTestFile,
    plan: planPythonTests,
    imports: pythonTestImports,
    packageName: () => undefined,
  },
  security: PYTHON_SECURITY,
  verification: PYTHON_VERIFICATION,
  declarations: {
    reader: (_root, text) => (node, name, kind) => pythonDeclaration(node, name, kind, text),
    methodTextOpensWithContainer: false,
    classTextIsHeader: true,
    assignedValuesBringMembers: true,
    resultType: pythonResultType,
    // No `.forEach((item) =>`: a loop names its element, and `s.find(sub)` read as a callback took `sub` for one.
    declaredTypes: { patterns: [ANNOTATED, SPACED, ASSIGNED, SELF_ANNOTATED, SELF_ASSIGNED], elementCallbacks: false },
    // module > try_statement > except_clause > block > class_definition > block > decorated_definition > function_definition.
    maxDepth: 7,
  },
};
