import type Parser from 'tree-sitter';
import { describeFindings, scanSecurity } from '../actions/security.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import type { ChangedFile } from './apply-edits.js';
import { changedLines } from './diff.js';
import type { ProcessResult } from './process-runner.js';
import { createScratchCopy, TooLargeToCopy, type ScratchCopy } from './scratch-copy.js';
import { failsTheSameWithout, type UnpatchedRuns } from './unpatched.js';
import { buildCommands, runCommand, testCommands, type Command } from './verify-commands.js';
import { ParsedTexts } from './parsed-texts.js';

/** One verification step as the table and `--json` show it. */
export interface VerificationStep {
  step: 'parse' | 'security' | 'build' | 'vet' | 'test';
  ok: boolean;
  /** Not run (no tool for the language, nothing to check), or failed as it does without the patch: neither proof nor failure. */
  skipped?: boolean;
  /** It failed, the same way as on the unpatched project (see failsTheSameWithout): the project's failure, not the patch's. */
  failsWithoutPatch?: boolean;
  command?: string;
  output: string;
}

export interface Verification {
  steps: VerificationStep[];
  /** A hard-coded secret: the candidate is refused, whatever else passed. */
  refused: boolean;
  /** Every step that ran passed, and tests did run. */
  verified: boolean;
}

export interface VerifyRequest {
  root: string;
  files: readonly ChangedFile[];
  /** The generated test file, so its package's tests are run. */
  testPath?: string;
  languages: LanguageRegistry;
  signal: AbortSignal;
  /** `--test-cmd`: run through `sh -c` in the copy instead of the detected runner. */
  testCommand?: string;
  timeoutMs: number;
  onProcess?: (result: ProcessResult) => void;
  /** The run's trees: the stages before parsed most of these texts already (see ParsedTexts). */
  parsed?: ParsedTexts;
  /** The run's checks of the unpatched project, made when a check fails (see failsTheSameWithout). */
  unpatched?: UnpatchedRuns;
  /** What verification is doing beyond the candidate's own checks, for the progress shown. */
  onProgress?: (message: string) => void;
}

/**
 * Checks a candidate in a scratch copy of the project: syntax of every changed file, the security
 * queries on the added lines, then build/vet and the affected tests with time limits. The user's
 * tree is only read. Later steps are skipped once one fails, so the model gets the first error.
 */
export async function verifyCandidate(request: VerifyRequest): Promise<Verification> {
  // Each text is parsed once in a run, for both checks and the stages before (on the editor's path this runs on the thread that answers it).
  const parsed = request.parsed ?? new ParsedTexts();
  const security = securityStep(request, parsed);
  const steps: VerificationStep[] = [parseStep(request, parsed), security.step];
  const refused = security.secret;
  if (steps.every((step) => step.ok)) steps.push(...(await checkInCopy(request)));
  const ranTests = steps.some((step) => step.step === 'test' && !step.skipped);
  const verified = !refused && ranTests && steps.every((step) => step.ok);
  return { steps, refused, verified };
}

/**
 * Build, vet and the tests in a scratch copy with the candidate written over it, each step until one fails as it does
 * not without the patch (a failure the unpatched project has too is shown as such, and the next step runs); the copy
 * is removed after.
 */
async function checkInCopy(request: VerifyRequest): Promise<VerificationStep[]> {
  let scratch: ScratchCopy;
  try {
    scratch = await createScratchCopy(request.root, request.signal);
  } catch (error) {
    if (error instanceof TooLargeToCopy) return notRun(`${error.message}, so build and tests were not run`);
    if (request.signal.aborted) return notRun('cancelled while the project was copied');
    throw error;
  }
  const steps: VerificationStep[] = [];
  const unpatched: UnpatchedRuns = request.unpatched ?? new Map<string, Promise<string[] | undefined>>();
  try {
    await scratch.write(new Map(request.files.map((file) => [file.path, file.after])));
    const commands = [...buildCommands(scratch.dir, request.files, scratch.top), ...testCommands(scratch.dir, request, scratch.top)];
    for (const command of commands) {
      const { step, result } = await runStep(command, scratch.dir, request);
      const theProjects = result && !step.ok && (await failsTheSameWithout(request, unpatched, { command, top: scratch.top, result }));
      // What the user can do about it goes above the output, for a failure that is the project's alone: one the patch
      // caused (an import of a module nowhere installed) is the model's to mend.
      const hint = theProjects ? command.explain?.(result.output) : undefined;
      steps.push(theProjects ? { ...step, ok: true, skipped: true, failsWithoutPatch: true, output: hint ? `${hint}\n${step.output}` : step.output } : step);
      if ((!step.ok && !theProjects) || request.signal.aborted) break;
    }
  } finally {
    await scratch.dispose();
  }
  return steps;
}

/** Build and test as not run, and why: neither proof nor failure, so nothing is labelled verified. */
function notRun(why: string): VerificationStep[] {
  return (['build', 'test'] as const).map((step) => ({ step, ok: true, skipped: true, output: why }));
}

async function runStep(command: Command, dir: string, request: VerifyRequest): Promise<{ step: VerificationStep; result?: ProcessResult }> {
  if (command.skip) return { step: { step: command.step, ok: true, skipped: true, output: command.skip } };
  const result = await runCommand(command, dir, request);
  request.onProcess?.(result);
  const shown = command.argv.join(' ');
  const step = {
    step: command.step,
    ok: result.ok,
    command: command.cwd ? `(cd ${command.cwd} && ${shown})` : shown,
    output: result.output || (result.ok ? 'ok' : `exit ${result.code}`),
  };
  return { step, result };
}

/** Every changed file must parse with no more syntax errors than it had. */
function parseStep(request: VerifyRequest, parsed: ParsedTexts): VerificationStep {
  const problems: string[] = [];
  let checked = 0;
  for (const file of request.files) {
    const language = request.languages.byPath(file.path);
    if (!language) continue;
    checked++;
    const after = parsed.tree(language, file.after);
    const before = file.before === undefined ? 0 : countProblems(parsed.tree(language, file.before).rootNode);
    if (countProblems(after.rootNode) > before) {
      const node = firstProblem(after.rootNode);
      problems.push(
        `${file.path}:${(node?.startPosition.row ?? 0) + 1}: ${node?.isMissing ? `missing "${node.type}"` : `syntax error at "${node?.text.split('\n')[0]?.slice(0, 40) ?? ''}"`}`,
      );
    }
  }
  if (checked === 0) return { step: 'parse', ok: true, skipped: true, output: 'no changed file in a language Ghostline parses' };
  return { step: 'parse', ok: problems.length === 0, output: problems.length ? problems.join('\n') : `${checked} file(s) parse` };
}

/** The security queries over the lines the candidate adds (old code is the user's business). */
function securityStep(request: VerifyRequest, parsed: ParsedTexts): { step: VerificationStep; secret: boolean } {
  const findings: string[] = [];
  let secret = false;
  for (const file of request.files) {
    const language = request.languages.byPath(file.path);
    if (!language) continue;
    const tree = parsed.tree(language, file.after);
    const starts = lineStarts(file.after);
    for (const run of runsOf(changedLines(file.before ?? '', file.after))) {
      const startIndex = starts[run.first] ?? 0;
      const endIndex = starts[run.last + 1] ?? file.after.length;
      const found = scanSecurity({ language, tree, startIndex, endIndex });
      secret ||= found.some((finding) => finding.rule === 'secret');
      if (found.length) findings.push(`${file.path}:${run.first + 1}: ${describeFindings(found)}`);
    }
  }
  return { step: { step: 'security', ok: findings.length === 0, output: findings.length ? findings.join('\n') : 'no finding in the added lines' }, secret };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function runsOf(lines: readonly number[]): Array<{ first: number; last: number }> {
  const runs: Array<{ first: number; last: number }> = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && line <= last.last + 1) last.last = Math.max(last.last, line);
    else runs.push({ first: line, last: line });
  }
  return runs;
}

function countProblems(node: Parser.SyntaxNode): number {
  if (node.isError || node.isMissing) return 1;
  if (!node.hasError) return 0;
  return node.children.reduce((sum, child) => sum + countProblems(child), 0);
}

function firstProblem(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = firstProblem(child);
    if (found) return found;
  }
  return undefined;
}
