import type { ImportSpec } from './import-edits.js';
import type { LanguageModule } from './language-module.js';
import { moduleForPath, moduleNamed } from './modules.js';
import type { Environment, TestFramework } from './project-environment.js';

// The ECMAScript conventions, re-exported where their tests import them.
export { findTestFiles, testPathFor } from './ecma/tests.js';

/** Where tests for a source file go, with what framework, and how they import the code under test. */
export interface TestPlan {
  path: string;
  /** `testing`, `testify`, or the JavaScript framework. */
  framework: TestFramework | 'testing' | 'testify';
  /** What a new file starts with before its imports (Go's package clause). */
  header: string;
  /** ES modules: the import of the code under test. */
  subject?: Extract<ImportSpec, { lang: 'ecma' }>;
  /** Python: the import of the code under test. */
  pythonSubject?: Extract<ImportSpec, { lang: 'python' }>;
  /** jest: import from @jest/globals (present in package.json) instead of relying on globals. */
  jestGlobals: boolean;
}

export interface TestPlanRequest {
  sourcePath: string;
  /** The language module's name (`go`, `ecma`). */
  language: string;
  environment: Environment;
  /** Go: the source file's package name. */
  packageName?: string;
  /** ES modules: the exported name tests import from the source file, when it is exported. */
  importName?: string;
  /** Relative imports in the source file end in `.js` (NodeNext): tests follow suit. */
  sourceUsesJsExtensions?: boolean;
}

/** True for files that are themselves tests, by the convention of the file's language. */
export function isTestFile(path: string): boolean {
  let test = TEST_FILES.get(path);
  if (test === undefined) {
    // Asked for every candidate of every gather: answered once per path (a path's answer never changes).
    if (TEST_FILES.size >= MAX_REMEMBERED) TEST_FILES.clear();
    TEST_FILES.set(path, (test = moduleForPath(path)?.tests.isTestFile(path) ?? false));
  }
  return test;
}

const TEST_FILES = new Map<string, boolean>();
const MAX_REMEMBERED = 50_000;

/** Decides the test file and its framework from the project's manifest and the tests already there. */
export async function planTests(request: TestPlanRequest): Promise<TestPlan> {
  const module = moduleNamed(request.language);
  if (!module) throw new Error(`no language module named ${request.language}`);
  return module.tests.plan(request);
}

/** The imports generated tests need, by the rules of the language module writing them. */
export function testImports(module: LanguageModule, plan: TestPlan, body: string, declared: readonly ImportSpec[]): ImportSpec[] {
  return module.tests.imports(plan, body, declared);
}
