import { readdir } from 'node:fs/promises';
import { readRegularFile } from '../../util/safe-read.js';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { mergeSpecs, type ImportSpec } from '../import-edits.js';
import type { NodeEnvironment, TestFramework } from '../project-environment.js';
import type { TestPlan, TestPlanRequest } from '../test-files.js';

/** Test files larger than this are not looked into for their framework. */
const MAX_TEST_FILE_BYTES = 2_000_000;

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next']);

/** `x.test.ts`, `x.spec.js`, or anything in a `__tests__` folder. */
export function isEcmaTestFile(path: string): boolean {
  return TEST_FILE.test(path) || /(^|\/)__tests__\//.test(path);
}

/** Where the project keeps its tests and which framework they use, from the tests already there. */
export async function planEcmaTests(request: TestPlanRequest): Promise<TestPlan> {
  const { sourcePath, environment } = request;
  const env: NodeEnvironment | undefined = environment.kind === 'node' ? environment : undefined;
  const root = env?.root ?? dirname(sourcePath);
  const existing = await findTestFiles(root);
  const path = testPathFor(sourcePath, root, existing);
  const framework = (await frameworkFromTests(existing)) ?? env?.testFramework ?? 'node:test';
  const jestGlobals = Boolean(env && (env.devDependencies['@jest/globals'] ?? env.dependencies['@jest/globals']));
  const subject = request.importName
    ? { lang: 'ecma' as const, source: importPath(path, sourcePath, request.sourceUsesJsExtensions || env?.moduleType === 'module'), named: [request.importName] }
    : undefined;
  return { path, framework, header: '', subject, jestGlobals };
}

/** What each framework's tests may use, and where it comes from. */
const FRAMEWORK_NAMES: Partial<Record<TestFramework, { source: string; names: string[] }>> = {
  vitest: { source: 'vitest', names: ['describe', 'it', 'test', 'expect', 'vi', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll'] },
  jest: { source: '@jest/globals', names: ['describe', 'it', 'test', 'expect', 'jest', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll'] },
  'node:test': { source: 'node:test', names: ['describe', 'it', 'test', 'mock', 'before', 'after', 'beforeEach', 'afterEach'] },
};

/**
 * The imports generated tests need: what the model declared, plus the framework's functions and
 * the code under test the body uses.
 */
export function ecmaTestImports(plan: TestPlan, body: string, declared: readonly ImportSpec[]): ImportSpec[] {
  const uses = (name: string) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\b`).test(body);
  const framework = FRAMEWORK_NAMES[plan.framework as TestFramework];
  if (!framework) return [...declared];
  const needed: ImportSpec[] = [];
  if (plan.framework !== 'jest' || plan.jestGlobals) {
    needed.push({ lang: 'ecma', source: framework.source, named: framework.names.filter((name) => uses(name)) });
  }
  if (plan.framework === 'node:test' && uses('assert')) needed.push({ lang: 'ecma', source: 'node:assert/strict', named: [], defaultName: 'assert' });
  for (const spec of declared) {
    // The model's own import of the code under test may use another path spelling: use the plan's.
    const sameModule = spec.lang === 'ecma' && plan.subject && spec.source.startsWith('.') && stem(spec.source) === stem(plan.subject.source);
    needed.push(sameModule && plan.subject ? { ...spec, source: plan.subject.source } : spec);
  }
  if (plan.subject) needed.push({ ...plan.subject, named: plan.subject.named.filter((name) => uses(name)) });
  // A module nothing is taken from stays only as the model wrote it: a side-effect import.
  const sideEffects = new Set(declared.flatMap((spec) => (spec.lang === 'ecma' && !spec.named.length && !spec.defaultName && !spec.namespace ? [spec.source] : [])));
  return mergeSpecs(needed).filter((spec) => spec.lang === 'ecma' && (spec.named.length > 0 || spec.defaultName || spec.namespace || sideEffects.has(spec.source)));
}

function stem(source: string): string {
  return basename(source).replace(/\.[cm]?[jt]sx?$/, '');
}

/**
 * The project's convention, from its existing tests: beside the source (`x.test.ts` or
 * `x.spec.ts`), in a `__tests__` folder, or in the folder most tests live in; beside the
 * source when there are no tests yet.
 */
export function testPathFor(sourcePath: string, root: string, existing: readonly string[]): string {
  const ext = extname(sourcePath);
  const name = basename(sourcePath, ext);
  const specs = existing.filter((file) => /\.spec\.[cm]?[jt]sx?$/.test(file)).length;
  const suffix = specs > existing.length / 2 ? 'spec' : 'test';
  const file = `${name}.${suffix}${ext}`;
  const dir = dirname(sourcePath);
  if (existing.length === 0 || existing.some((test) => dirname(test) === dir)) return join(dir, file);
  if (existing.some((test) => dirname(test).endsWith(`${sep}__tests__`))) return join(dir, '__tests__', file);
  const counts = new Map<string, number>();
  for (const test of existing) counts.set(dirname(test), (counts.get(dirname(test)) ?? 0) + 1);
  const [busiest] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0] ?? [dir];
  return join(busiest ?? root, file);
}

/** Test files under `root`, a bounded walk that skips dependencies and build output. */
export async function findTestFiles(root: string, limit = 400): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  let visited = 0;
  while (queue.length > 0 && visited < limit) {
    const dir = queue.shift()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      visited++;
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) queue.push(join(dir, entry.name));
      else if (entry.isFile() && TEST_FILE.test(entry.name)) found.push(join(dir, entry.name));
    }
  }
  return found.sort();
}

/** The framework most existing test files import, if any says. */
async function frameworkFromTests(files: readonly string[]): Promise<TestFramework | undefined> {
  const votes = new Map<TestFramework, number>();
  for (const file of files.slice(0, 8)) {
    const read = await readRegularFile(file, { maxBytes: MAX_TEST_FILE_BYTES });
    const head = read.ok ? read.text.slice(0, 4000) : '';
    const framework: TestFramework | undefined = /from\s+['"]vitest['"]/.test(head)
      ? 'vitest'
      : /from\s+['"]@jest\/globals['"]|\bjest\.(fn|mock|spyOn)\(/.test(head)
        ? 'jest'
        : /from\s+['"](node:)?test['"]/.test(head)
          ? 'node:test'
          : undefined;
    if (framework) votes.set(framework, (votes.get(framework) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** `./greet.js` from the test file to the source, in the project's import style. */
function importPath(testPath: string, sourcePath: string, jsExtensions: boolean): string {
  const ext = extname(sourcePath);
  let path = relative(dirname(testPath), sourcePath).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  const stem = path.slice(0, -ext.length);
  if (!jsExtensions) return stem;
  const runtimeExt = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs' }[ext] ?? ext;
  return stem + runtimeExt;
}
