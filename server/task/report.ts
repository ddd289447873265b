import { verificationTable } from './present.js';
import type { TaskOutcome } from './run-task.js';

/** The `--json` object: {locations, patch, files, test, explanation, verification, confidence, alternatives, commit_message}. */
export function taskJson(outcome: TaskOutcome): Record<string, unknown> {
  const candidate = outcome.result.candidate;
  const { localization } = outcome;
  return {
    task: localization.task,
    ok: outcome.result.ok,
    ...(outcome.result.ok ? {} : { reason: outcome.result.reason }),
    locations: {
      files: localization.files.slice(0, 10).map(({ path, score, why }) => ({ path, score, why })),
      declarations: localization.declarations.slice(0, 10).map(({ path, name, kind, line, score, why }) => ({ path, name, kind, line, score, why })),
    },
    patch: candidate?.patch ?? '',
    files: candidate ? candidate.files.map((file) => ({ path: file.path, status: file.before === undefined ? 'added' : 'modified' })) : [],
    test: candidate?.test ? { path: candidate.test.path, framework: candidate.test.framework, created: candidate.test.created, code: candidate.test.code } : null,
    explanation: candidate?.explanation ?? '',
    verification: candidate
      ? candidate.verification.steps.map(({ step, ok, skipped, failsWithoutPatch, command, output }) => ({
          step,
          ok,
          ...(skipped ? { skipped } : {}),
          ...(failsWithoutPatch ? { fails_without_patch: true } : {}),
          ...(command ? { command } : {}),
          output,
        }))
      : [],
    verified: candidate?.verification.verified ?? false,
    attempts: candidate ? candidate.attempt + 1 : 0,
    confidence: outcome.confidence,
    alternatives: outcome.alternatives.map(({ candidate: alternative, confidence, commitMessage }) => ({
      patch: alternative.patch,
      files: alternative.files.map((file) => ({ path: file.path, status: file.before === undefined ? 'added' : 'modified' })),
      test: alternative.test ? { path: alternative.test.path, framework: alternative.test.framework, created: alternative.test.created, code: alternative.test.code } : null,
      explanation: alternative.explanation,
      verification: alternative.verification.steps.map(({ step, ok, output }) => ({ step, ok, output })),
      confidence,
      commit_message: commitMessage,
    })),
    commit_message: outcome.commitMessage ?? '',
    ...(outcome.applied ? { applied: outcome.applied } : {}),
  };
}

/** The human-readable report: locations with reasons, the diff, the verification table, the commit message. */
export function taskText(outcome: TaskOutcome, mode: { apply: boolean; commit: boolean }): string {
  const { localization, result } = outcome;
  const out: string[] = [`Task: ${localization.task}`, '', 'Locations (best first):'];
  for (const [i, file] of localization.files.slice(0, 5).entries()) out.push(`  ${i + 1}. ${file.path}  (${file.score.toFixed(2)}) ${file.why}`);
  for (const declaration of localization.declarations.slice(0, 5)) out.push(`     ${declaration.path}:${declaration.line} ${declaration.kind} ${declaration.name}`);
  const candidate = result.candidate;
  if (candidate) {
    out.push('', 'Patch:', candidate.patch.trimEnd());
    if (candidate.test) out.push('', `Test: ${candidate.test.path} (${candidate.test.created ? 'new file' : 'appended'}, ${candidate.test.framework})`);
    if (candidate.explanation) out.push('', `Explanation: ${candidate.explanation}`);
    const label = candidate.verification.verified ? 'VERIFIED' : 'NOT VERIFIED';
    out.push('', `Verification (attempt ${candidate.attempt + 1}): ${label}, confidence ${outcome.confidence}`, verificationTable(candidate.verification.steps));
  }
  for (const [i, { candidate: alternative, confidence }] of outcome.alternatives.entries()) {
    out.push('', `Alternative ${i + 1} (verified, confidence ${confidence}; never applied):`, alternative.patch.trimEnd());
  }
  if (result.ok && outcome.commitMessage)
    out.push(
      '',
      'Commit message:',
      ...outcome.commitMessage
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`.trimEnd()),
    );
  out.push('');
  if (!result.ok) out.push(`No usable patch: ${result.reason}`);
  else if (outcome.applied && !outcome.applied.ok) out.push(`Not applied: ${outcome.applied.reason}`);
  else if (outcome.applied?.ok) {
    const { written, commit, merged } = outcome.applied;
    out.push(`Applied to ${written.join(', ')}${commit ? `; committed ${commit.slice(0, 12)} (undo: git revert ${commit.slice(0, 12)})` : ''}`);
    if (merged) out.push(`Merged with your uncommitted changes (kept${commit ? ', not committed' : ''}): ${merged.join(', ')}`);
  } else if (!mode.apply && !mode.commit) out.push('Dry run: nothing was written. Run again with --apply (and --commit) to write it.');
  return `${out.join('\n')}\n`;
}
