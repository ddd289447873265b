import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { mergeSpecs, type ImportSpec } from '../import-edits.js';
import type { TestPlan, TestPlanRequest } from '../test-files.js';

/** pytest's and unittest's discovery rule: `test_*.py` or `*_test.py`, or anything under a `tests/` folder. */
export function isPythonTestFile(path: string): boolean {
  const name = basename(path);
  return /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(name) || /(?:^|\/)tests?\//.test(path);
}

/** Where a test for `module` goes, given what exists: a `tests/` folder at the project root or beside the source wins over a file beside it. */
export function pythonTestPath(sourcePath: string, root: string | undefined, exists: (dir: string) => boolean): string {
  const module = basename(sourcePath, '.py');
  const dir = dirname(sourcePath);
  for (const candidate of [join(dir, 'tests'), ...(root ? [join(root, 'tests')] : []), join(dir, '..', 'tests')]) {
    if (exists(candidate)) return join(candidate, `test_${module}.py`);
  }
  return join(dir, `test_${module}.py`);
}

/** The framework the existing test file (or the project) uses: `import unittest` / `TestCase` means unittest. */
export function detectPythonFramework(existingTest: string | undefined, projectDefault: 'pytest' | 'unittest'): 'pytest' | 'unittest' {
  if (existingTest === undefined) return projectDefault;
  if (/^\s*(?:import unittest|from unittest import)|\(\s*(?:unittest\.)?TestCase\s*\)/m.test(existingTest)) return 'unittest';
  return 'pytest';
}

/** The dotted module a test imports the source from, relative to the project root (`src/` layouts drop `src`). */
export function importPathOf(sourcePath: string, root: string | undefined): string {
  let rel = root && sourcePath.startsWith(`${root}/`) ? sourcePath.slice(root.length + 1) : basename(sourcePath);
  rel = rel
    .replace(/^src\//, '')
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '');
  return rel.split('/').join('.');
}

/** Tests go to `tests/test_<module>.py` when the project has a tests folder, else beside the module; pytest unless the project uses unittest. */
export async function planPythonTests(request: TestPlanRequest): Promise<TestPlan> {
  const env = request.environment;
  const root = env.kind === 'python' ? env.root : undefined;
  const dirs = new Set<string>();
  for (const dir of [join(dirname(request.sourcePath), 'tests'), ...(root ? [join(root, 'tests')] : []), join(dirname(request.sourcePath), '..', 'tests')]) {
    if ((await readdir(dir).catch(() => undefined)) !== undefined) dirs.add(dir);
  }
  const path = pythonTestPath(request.sourcePath, root, (dir) => dirs.has(dir));
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  const framework = detectPythonFramework(existing, env.kind === 'python' ? env.testFramework : 'pytest');
  const subject = request.importName ? { lang: 'python' as const, source: importPathOf(request.sourcePath, root), named: [request.importName] } : undefined;
  return { path, framework, header: '', jestGlobals: false, pythonSubject: subject };
}

/** The imports generated tests need: the framework (when used), the code under test, and what the model declared. */
export function pythonTestImports(plan: TestPlan, body: string, declared: readonly ImportSpec[]): ImportSpec[] {
  const needed: ImportSpec[] = [];
  if (/\bpytest\./.test(body)) needed.push({ lang: 'python', source: 'pytest', named: [] });
  if (/\bunittest\./.test(body)) needed.push({ lang: 'python', source: 'unittest', named: [] });
  if (plan.pythonSubject) needed.push(plan.pythonSubject);
  return mergeSpecs([...needed, ...declared.filter((spec) => spec.lang === 'python')]);
}
