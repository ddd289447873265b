import { describe, expect, it } from 'vitest';
import { scriptTaskModel, stageRequests } from '../support/task-repo.js';
import { taskSuite } from '../support/task-suite.js';

const TASK = 'slugify should drop punctuation such as commas and exclamation marks';

/**
 * What small models send: the SEARCH lines re-indented with four spaces where the file has two,
 * a blank line the file does not have, and CRLF line endings.
 */
const DRIFTED_EDIT = [
  '<edit file="src/slug.ts">',
  '<<<<<<< SEARCH',
  '    const words = title.trim().toLowerCase().split(/\\s+/);',
  '',
  '    return words.filter((word) => word.length > 0).join(options.separator);',
  '=======',
  "    const words = title.trim().toLowerCase().replace(/[^\\p{L}\\p{N}\\s-]/gu, '').split(/\\s+/);",
  '    return words.filter((word) => word.length > 0).join(options.separator);',
  '>>>>>>> REPLACE',
  '</edit>',
  '<explanation>Removes every character that is not a letter, digit, space or dash before splitting.</explanation>',
  '</patch>',
].join('\r\n');

const TEST = `<code>
import { describe, expect, it } from 'vitest';
import { slugify } from './slug.js';

describe('slugify and punctuation', () => {
  it('drops commas and exclamation marks', () => {
    expect(slugify('Hello, World!')).toBe('hello-world');
  });
});
</code>`;

const suite = taskSuite('ts-slug', TASK, { linkNodeModules: true });
const { repo, run: task } = suite;

// tsc and vitest run for real in the scratch copy: seconds each on this busy machine.
describe('ghostline task on a TypeScript package with vitest', { timeout: 180_000 }, () => {
  it("applies whitespace-drifted SEARCH/REPLACE blocks at the file's indentation, verified by tsc and vitest", async () => {
    const made = repo();
    scriptTaskModel(suite.fake(), { edits: [DRIFTED_EDIT], tests: [TEST] });
    suite.fake().resetStats();
    const run = await task(made.root, '--json', '--apply');
    const result = JSON.parse(run.stdout) as {
      verification: Array<{ step: string; ok: boolean; command?: string }>;
      verified: boolean;
      test: { path: string };
      applied: { ok: boolean };
    };
    expect(result.verification.map((step) => `${step.step}:${step.ok}`)).toEqual(['parse:true', 'security:true', 'build:true', 'test:true']);
    expect(result.verification.find((step) => step.step === 'build')?.command).toMatch(/tsc --noEmit/);
    expect(result.verification.find((step) => step.step === 'test')?.command).toMatch(/vitest related --run src\/slug\.spec\.ts src\/slug\.ts$/);
    expect(run.code).toBe(0);
    expect(result.test.path).toBe('src/slug.spec.ts');
    expect(made.read('src/slug.ts')).toContain("\n  const words = title.trim().toLowerCase().replace(/[^\\p{L}\\p{N}\\s-]/gu, '').split(/\\s+/);\n  return words");
    expect(made.read('src/slug.ts')).not.toContain('\r');
    expect(made.read('src/slug.spec.ts')).toMatch(
      /^import \{ describe, expect, it \} from 'vitest';\nimport \{ slugify \} from '.\/slug.js';\n[\s\S]*joins lower-cased[\s\S]*drops commas/,
    );
    // The test prompt knew the framework and the existing tests.
    expect(stageRequests(suite.fake(), 'test')[0]).toContain('vitest');
    expect(made.git('status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M src/slug.spec.ts', ' M src/slug.ts']);
  });
});
