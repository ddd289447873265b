import { basename, dirname, join } from 'node:path';
import { mergeSpecs, type ImportSpec } from '../import-edits.js';
import type { TestPlan, TestPlanRequest } from '../test-files.js';

const TESTIFY = 'github.com/stretchr/testify';

/** Go tests live beside the source in `x_test.go`; testify when go.mod requires it. */
export function planGoTests({ sourcePath, environment, packageName }: TestPlanRequest): TestPlan {
  const path = join(dirname(sourcePath), `${basename(sourcePath, '.go')}_test.go`);
  const testify = environment.kind === 'go' && Object.keys(environment.requires).some((module) => module === TESTIFY);
  return { path, framework: testify ? 'testify' : 'testing', header: `package ${packageName ?? 'main'}\n\n`, jestGlobals: false };
}

/** Test files by Go's rule: `_test.go`. */
export function isGoTestFile(path: string): boolean {
  return path.endsWith('_test.go');
}

/**
 * The imports generated tests need: what the model declared plus the testing/testify packages the
 * body uses; imports the body does not use are dropped, since Go refuses to compile them.
 */
export function goTestImports(_plan: TestPlan, body: string, declared: readonly ImportSpec[]): ImportSpec[] {
  const uses = (name: string) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\.`).test(body);
  const candidates: ImportSpec[] = [{ lang: 'go', path: 'testing' }, ...declared, { lang: 'go', path: `${TESTIFY}/assert` }, { lang: 'go', path: `${TESTIFY}/require` }];
  return mergeSpecs(candidates).filter((spec) => spec.lang === 'go' && (spec.name === '_' || spec.name === '.' || uses(spec.name ?? spec.path.split('/').pop()!)));
}
