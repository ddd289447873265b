import { describe, expect, it } from 'vitest';
import { commitMessage, confidenceOf } from '../../server/task/present.js';
import type { Verification } from '../../server/task/verify.js';

const files = [
  { path: 'internal/api/routes.go', before: 'package api\n', after: 'package api\n// x\n' },
  { path: 'internal/api/routes_test.go', before: undefined, after: 'package api\n' },
];
const test = { path: 'internal/api/routes_test.go', code: '', framework: 'testing', created: true, file: files[1]! };
const passed: Verification = {
  refused: false,
  verified: true,
  steps: [
    { step: 'parse', ok: true, output: '' },
    { step: 'security', ok: true, output: '' },
    { step: 'build', ok: true, output: '' },
    { step: 'test', ok: true, output: '' },
  ],
};
const failedTest: Verification = { refused: false, verified: false, steps: [...passed.steps.slice(0, 3), { step: 'test', ok: false, output: 'FAIL' }] };
const noRunner: Verification = { refused: false, verified: false, steps: [...passed.steps.slice(0, 3), { step: 'test', ok: true, skipped: true, output: 'no runner' }] };

describe('task presentation', () => {
  it.each([
    ['add a GET /echo route answering hello world with the current time, formatted as RFC 3339 in UTC', 'feat(api): add a GET /echo route'],
    ['Fix the crash when the cart is empty', 'fix(api): fix the crash when the cart is empty'],
    ['Rename Total to Sum', 'refactor(api): rename Total to Sum'],
  ])('writes a Conventional Commits subject of at most 72 characters for "%s"', (task, start) => {
    const message = commitMessage({ task, files, test, explanation: 'Adds it.', verification: passed });
    const subject = message.split('\n')[0]!;
    expect(subject.startsWith(start)).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(message).toContain('\n\nAdds it.\n\nChanged files:\n- internal/api/routes.go\n- internal/api/routes_test.go (new)\n');
    expect(message.trimEnd().split('\n').pop()).toBe('Ghostline-Verification: verified (parse, security, build, test passed)');
  });

  it('labels an unverified patch honestly in the trailer', () => {
    expect(commitMessage({ task: 'add x', files, test, explanation: '', verification: failedTest })).toContain('Ghostline-Verification: NOT verified (test failed)');
    expect(commitMessage({ task: 'add x', files, test, explanation: '', verification: noRunner })).toContain('Ghostline-Verification: NOT verified (test not run)');
  });

  it('derives confidence from what verification proved', () => {
    expect(confidenceOf(passed, test)).toBe('high');
    expect(confidenceOf(passed, undefined)).toBe('medium');
    expect(confidenceOf(noRunner, test)).toBe('medium');
    expect(confidenceOf(failedTest, test)).toBe('low');
    expect(confidenceOf({ ...passed, refused: true }, test)).toBe('low');
  });
});
