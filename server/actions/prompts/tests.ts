import { codeSection, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface TestsPromptInput {
  context: CodeContext;
  /** The function or method under test, and its name. */
  code: string;
  name: string;
  /** `testing`, `testify`, `vitest`, `jest` or `node:test`. */
  framework: string;
  /** Go: the package the tests are in. */
  packageName?: string;
  /** How the test file imports the code under test, when it must. */
  importHint?: string;
  /** The start of the existing test file, to follow its style and not repeat its test names. */
  existingTests?: string;
}

const FRAMEWORK_HINTS: Record<string, string> = {
  testing: 'Use the standard testing package: table-driven tests with t.Run, func TestXxx(t *testing.T).',
  testify: 'Use the standard testing package with github.com/stretchr/testify/assert (or require) for assertions, table-driven with t.Run.',
  vitest: 'Use vitest: describe, it and expect imported from "vitest".',
  jest: 'Use jest: describe, it and expect.',
  'node:test': 'Use node:test (describe, it) with node:assert/strict.',
};

/** Generate tests: test functions, with the imports they use, for the function under the cursor. */
export function testsPrompt(input: TestsPromptInput): PromptSpec {
  const { context, code, name, framework, packageName, importHint, existingTests } = input;
  const where = packageName ? `They go in package ${packageName} (same package, so unexported names are visible).` : (importHint ?? '');
  return {
    system: systemPrompt(context.languageName, 'code', 'You write focused, deterministic unit tests.'),
    sections: [...contextSections(context), codeSection('under-test', context, code, { name }), ...(existingTests ? [{ tag: 'existing-tests', body: existingTests }] : [])],
    task: [
      `Write unit tests for ${name} in <under-test>: normal cases, edge cases and errors. ${FRAMEWORK_HINTS[framework] ?? ''}`,
      where,
      existingTests ? 'Do not repeat tests or test names already in <existing-tests>.' : '',
      `Write the test code with the import declarations it uses${packageName ? ', without the package clause' : ''}.`,
      'Reply inside <code>…</code>.',
    ]
      .filter(Boolean)
      .join('\n'),
    output: 'code',
  };
}
