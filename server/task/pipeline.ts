import { ActionError } from '../actions/types.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import type { ChangedFile } from './apply-edits.js';
import { unifiedDiff } from './diff.js';
import { runEditStage, type AskModel } from './edit-stage.js';
import type { ProcessResult } from './process-runner.js';
import { runTestStage, type TaskTest } from './test-stage.js';
import type { Localization } from './types.js';
import { verifyCandidate, type Verification } from './verify.js';
import { ParsedTexts } from './parsed-texts.js';
import type { UnpatchedRuns } from './unpatched.js';

/** One patch the pipeline produced, with its test and what verification proved. */
export interface Candidate {
  /** Source changes and the test file together, in the order they are presented. */
  files: ChangedFile[];
  test: TaskTest | undefined;
  explanation: string;
  /** The unified diff of `files`, made where the candidate was (a task worker, for the editor). */
  patch: string;
  verification: Verification;
  /** 0 for the first answer, 1–2 for retries after failed verification. */
  attempt: number;
}

export type TaskStage = 'editing' | 'testing' | 'verifying';

export interface PipelineRequest {
  root: string;
  localization: Localization;
  environment: string[];
  languages: LanguageRegistry;
  ask: AskModel;
  signal: AbortSignal;
  testCommand?: string;
  /** Time limit of each build or test process. */
  processTimeoutMs: number;
  contextLines: number;
  /** How many times a failed candidate goes back to the model (at most 2). */
  retries?: number;
  onProgress?: (stage: TaskStage, attempt: number, message?: string) => void;
  onProcess?: (result: ProcessResult) => void;
}

export type PipelineResult = { ok: true; candidate: Candidate; tried: number } | { ok: false; reason: string; candidate?: Candidate };

const MAX_RETRIES = 2;
const PROBLEM_CHARS = 3000;

/**
 * Edit → test → verify, and back to the model with the errors when verification fails, at most
 * twice. Returns the first verified candidate, else the last one produced (labelled as not
 * verified); a candidate that hard-codes a secret is never returned as usable.
 */
export async function runTaskPipeline(request: PipelineRequest): Promise<PipelineResult> {
  const retries = Math.min(request.retries ?? MAX_RETRIES, MAX_RETRIES);
  let last: Candidate | undefined;
  let feedback: { patch: string; problems: string } | undefined;
  let testFeedback: string | undefined;
  // Each text the stages parse (a file's old text in every attempt, a new one in the stages after the edit) is parsed once.
  const parsed = new ParsedTexts();
  // The unpatched project's run of a check that fails, made once for every attempt to be compared with.
  const unpatched: UnpatchedRuns = new Map();
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (request.signal.aborted) break;
    request.onProgress?.('editing', attempt);
    let edit;
    try {
      edit = await runEditStage({ ...request, feedback, parsed });
    } catch (error) {
      if (!(error instanceof ActionError) || error.kind === 'cancelled' || error.kind === 'model' || error.kind === 'timeout') throw error;
      // A reply that never parsed or applied: keep the last candidate if there is one, labelled as it was.
      if (last) break;
      return { ok: false, reason: error.message };
    }
    request.onProgress?.('testing', attempt);
    const test = await runTestStage({
      root: request.root,
      task: request.localization.task,
      files: edit.files,
      languages: request.languages,
      ask: request.ask,
      feedback: testFeedback,
      parsed,
    }).catch((error: unknown) => {
      if (error instanceof ActionError && error.kind === 'invalid-output') return undefined; // verified without a new test, and labelled so
      throw error;
    });
    const files = test ? [...edit.files, test.file] : edit.files;
    request.onProgress?.('verifying', attempt);
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
      onProgress: (message) => request.onProgress?.('verifying', attempt, message),
    });
    last = { files, test, explanation: edit.explanation, patch: unifiedDiff(files), verification, attempt };
    if (verification.verified) return { ok: true, candidate: last, tried: attempt + 1 };
    if (request.signal.aborted) break;
    const problems = failedSteps(verification);
    if (!problems) break; // nothing failed, only unverifiable: asking again would not help
    feedback = { patch: unifiedDiff(edit.files), problems };
    testFeedback = test ? `Previous test in ${test.path}:\n${test.code}\n\nVerification:\n${problems}` : undefined;
  }
  return settle(request.signal, last);
}

/** The failed steps of a verification, as the model is shown them. */
function failedSteps(verification: Candidate['verification']): string {
  return verification.steps
    .filter((step) => !step.ok)
    .map((step) => `${step.step}${step.command ? ` (${step.command})` : ''}:\n${step.output.slice(-PROBLEM_CHARS)}`)
    .join('\n\n');
}

/** What the loop ends with when no attempt was verified: the last candidate, labelled as it is, unless cancelled or refused. */
function settle(signal: AbortSignal, last: Candidate | undefined): PipelineResult {
  if (signal.aborted) return { ok: false, reason: 'cancelled', candidate: last };
  if (!last) return { ok: false, reason: 'the model produced no patch' };
  if (last.verification.refused) {
    const security = last.verification.steps.find((step) => step.step === 'security')?.output ?? '';
    return { ok: false, reason: `refused: the patch adds a hard-coded secret (${security})`, candidate: last };
  }
  return { ok: true, candidate: last, tried: last.attempt + 1 };
}
