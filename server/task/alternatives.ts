import { ActionError } from '../actions/types.js';
import { unifiedDiff } from './diff.js';
import { runEditStage } from './edit-stage.js';
import type { Candidate, PipelineRequest } from './pipeline.js';
import { runTestStage } from './test-stage.js';
import { verifyCandidate } from './verify.js';
import { ParsedTexts } from './parsed-texts.js';
import type { UnpatchedRuns } from './unpatched.js';

/** At most this many alternatives, whatever is asked: each costs model calls and a full verification. */
export const MAX_ALTERNATIVES = 3;

/**
 * Asks for up to `count` other patches, each told the diffs already found, and keeps those that
 * verify and differ from every earlier one. No retries here: an alternative is a bonus, and a
 * failing one is simply dropped.
 */
export async function findAlternatives(request: PipelineRequest, primary: Candidate, count: number): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const seen = [unifiedDiff(primary.files.filter((file) => file.path !== primary.test?.path))];
  // The files' old texts are the same for every alternative: each is parsed once.
  const parsed = new ParsedTexts();
  // The unpatched project's run of a check that fails, made once for every attempt to be compared with.
  const unpatched: UnpatchedRuns = new Map();
  for (let i = 0; i < Math.min(count, MAX_ALTERNATIVES) && !request.signal.aborted; i++) {
    request.onProgress?.('editing', 0, `alternative ${i + 1}`);
    let edit;
    try {
      edit = await runEditStage({ ...request, avoid: seen, parsed });
    } catch (error) {
      if (error instanceof ActionError && error.kind === 'invalid-output') continue;
      throw error;
    }
    const diff = unifiedDiff(edit.files);
    if (seen.includes(diff)) continue;
    seen.push(diff);
    const test = await runTestStage({ root: request.root, task: request.localization.task, files: edit.files, languages: request.languages, ask: request.ask, parsed }).catch(
      () => undefined,
    );
    const files = test ? [...edit.files, test.file] : edit.files;
    const verification = await verifyCandidate({
      root: request.root,
      files,
      testPath: test?.path,
      languages: request.languages,
      signal: request.signal,
      testCommand: request.testCommand,
      timeoutMs: request.processTimeoutMs,
      onProcess: request.onProcess,
      parsed,
      unpatched,
    });
    if (verification.verified) found.push({ files, test, explanation: edit.explanation, patch: unifiedDiff(files), verification, attempt: 0 });
  }
  return found;
}
