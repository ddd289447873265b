import { describe, expect, it } from 'vitest';
import { GOOD_EDIT, GOOD_TEST, TASK } from '../support/task-replies.js';
import { scriptTaskModel, stageRequests } from '../support/task-repo.js';
import { taskSuite } from '../support/task-suite.js';

const suite = taskSuite('go-hello', TASK);
const { repo, run: task } = suite;

/** The fixture with one more file committed, as the user's project already was before the task. */
function repoWith(path: string, text: string) {
  const r = repo();
  r.write(path, text);
  r.git('add', '-A');
  r.git('commit', '-q', '-m', `add ${path}`);
  return r;
}

type Steps = Array<{ step: string; ok: boolean; skipped?: boolean; fails_without_patch?: boolean; output: string }>;

// A check that already fails in the user's project is not the patch's failure: it is neither sent back to the model nor
// called the patch's, and what it could not prove is not labelled verified.
describe('ghostline task when a check already fails without the patch', { timeout: 180_000 }, () => {
  it('a test that already failed: shown as failing before, not retried, not verified (exit 1, confidence medium)', async () => {
    const r = repoWith('old_test.go', 'package server\n\nimport "testing"\n\nfunc TestOld(t *testing.T) {\n\tt.Fatal("this test was already failing")\n}\n');
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    suite.fake().resetStats();
    const run = await task(r.root, '--json');
    const result = run.json();
    expect(run.code).toBe(1);
    expect(result['verified']).toBe(false);
    expect(result['confidence']).toBe('medium');
    expect(result['attempts']).toBe(1);
    expect(stageRequests(suite.fake(), 'edit')).toHaveLength(1);
    const steps = result['verification'] as Steps;
    expect(steps.map((step) => [step.step, step.ok, step.fails_without_patch ?? false])).toEqual([
      ['parse', true, false],
      ['security', true, false],
      ['build', true, false],
      ['vet', true, false],
      ['test', true, true],
    ]);
    expect(steps.find((step) => step.step === 'test')!.output).toContain('this test was already failing');
    expect(result['commit_message']).toContain('Ghostline-Verification: NOT verified (test fails without the patch too)');
  });

  it('a vet warning in code the patch left alone: the patch builds and its tests pass, so it is verified', async () => {
    const r = repoWith('legacy.go', 'package server\n\nfunc legacy() {\n\treturn\n\tprintln("never")\n}\n');
    scriptTaskModel(suite.fake(), { edits: [GOOD_EDIT], tests: [GOOD_TEST] });
    suite.fake().resetStats();
    const run = await task(r.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/vet {6}as before go vet \.\n(?: {6}.*\n)*? {6}\.\/legacy\.go:5:\d+: unreachable code\n/);
    expect(run.stdout).toMatch(/test {5}ok {8}go test -count=1 \./);
    expect(run.stdout).toContain('VERIFIED');
    // The extra run is said while it runs: it takes as long as the check.
    expect(run.stderr).toContain('ghostline: verifying: vet failed; running it without the patch to see whether it failed before…\n');
    expect(stageRequests(suite.fake(), 'edit')).toHaveLength(1);
  });
});
