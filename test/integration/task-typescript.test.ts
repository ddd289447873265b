import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaskCommand } from '../../server/cli/task-run.js';
import { applySettings, defaultSettings } from '../../server/config/settings.js';
import { ACTION_MODEL, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { makeTaskRepo, scriptTaskModel, stageRequests, type TaskRepo, taskInput, TEST_CACHE_DIR } from '../support/task-repo.js';

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

let fake: FakeOllama;
const repos: TaskRepo[] = [];
beforeAll(async () => {
  fake = await startActionFake();
});
afterAll(async () => {
  await fake.close();
  for (const repo of repos) repo.remove();
});

async function task(root: string, ...args: string[]) {
  const { settings } = applySettings(defaultSettings(), { model: { url: fake.url }, actions: { model: ACTION_MODEL }, context: { cacheDir: TEST_CACHE_DIR } });
  let stdout = '';
  let stderr = '';
  const code = await runTaskCommand(settings, taskInput([TASK, '--root', root, ...args]), { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

// tsc and vitest run for real in the scratch copy: seconds each on this busy machine.
describe('ghostline task on a TypeScript package with vitest', { timeout: 180_000 }, () => {
  it("applies whitespace-drifted SEARCH/REPLACE blocks at the file's indentation, verified by tsc and vitest", async () => {
    const repo = makeTaskRepo('ts-slug', { linkNodeModules: true });
    repos.push(repo);
    scriptTaskModel(fake, { edits: [DRIFTED_EDIT], tests: [TEST] });
    fake.resetStats();
    const run = await task(repo.root, '--json', '--apply');
    const result = JSON.parse(run.stdout) as {
      verification: Array<{ step: string; ok: boolean; command?: string }>;
      verified: boolean;
      test: { path: string };
      applied: { ok: boolean };
    };
    expect(result.verification.map((step) => `${step.step}:${step.ok}`)).toEqual(['parse:true', 'security:true', 'build:true', 'test:true']);
    expect(result.verification.find((step) => step.step === 'build')?.command).toMatch(/tsc --noEmit/);
    expect(result.verification.find((step) => step.step === 'test')?.command).toMatch(/vitest run src\/slug\.spec\.ts/);
    expect(run.code).toBe(0);
    expect(result.test.path).toBe('src/slug.spec.ts');
    expect(repo.read('src/slug.ts')).toContain("\n  const words = title.trim().toLowerCase().replace(/[^\\p{L}\\p{N}\\s-]/gu, '').split(/\\s+/);\n  return words");
    expect(repo.read('src/slug.ts')).not.toContain('\r');
    expect(repo.read('src/slug.spec.ts')).toMatch(
      /^import \{ describe, expect, it \} from 'vitest';\nimport \{ slugify \} from '.\/slug.js';\n[\s\S]*joins lower-cased[\s\S]*drops commas/,
    );
    // The test prompt knew the framework and the existing tests.
    expect(stageRequests(fake, 'test')[0]).toContain('vitest');
    expect(repo.git('status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M src/slug.spec.ts', ' M src/slug.ts']);
  });
});
