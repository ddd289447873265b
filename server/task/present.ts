import type { ChangedFile } from './apply-edits.js';
import type { TaskTest } from './test-stage.js';
import type { Verification, VerificationStep } from './verify.js';

export type Confidence = 'low' | 'medium' | 'high';

/**
 * How far verification got, never the model's opinion: high when the project built and tests
 * (the generated one among them) ran and passed; medium when nothing failed but something could
 * not be run; low when a step failed or the patch was refused.
 */
export function confidenceOf(verification: Verification, test: TaskTest | undefined): Confidence {
  const { steps } = verification;
  if (verification.refused || steps.some((step) => !step.ok)) return 'low';
  const built = steps.some((step) => step.step === 'build' && !step.skipped);
  return verification.verified && built && test !== undefined ? 'high' : 'medium';
}

const SUBJECT_MAX = 72;
const BODY_WIDTH = 72;
const TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^(fix|repair|correct|resolve|handle)\b|\b(bug|crash|panic|regression|wrong)\b/i, 'fix'],
  [/^(refactor|rename|extract|move|simplify|clean ?up|reorganize|split)\b/i, 'refactor'],
  [/^(document|docs?)\b/i, 'docs'],
  [/^(test|add (unit )?tests?)\b/i, 'test'],
  [/^(speed up|optimi[sz]e|make .* faster)\b/i, 'perf'],
];

export interface CommitMessageInput {
  task: string;
  files: readonly ChangedFile[];
  test: TaskTest | undefined;
  explanation: string;
  verification: Verification;
}

/** A Conventional Commits message: subject ≤ 72 characters, a body with what and why, and a trailer with the verification result. */
export function commitMessage(input: CommitMessageInput): string {
  const task = input.task
    .trim()
    .split('\n')[0]!
    .replace(/[.!\s]+$/, '');
  const type = TYPES.find(([pattern]) => pattern.test(task))?.[1] ?? 'feat';
  const source = input.files.find((file) => file.path !== input.test?.path) ?? input.files[0];
  const scope = source ? scopeOf(source.path) : '';
  const prefix = `${type}${scope ? `(${scope})` : ''}: `;
  const summary = truncateWords(task.charAt(0).toLowerCase() + task.slice(1), SUBJECT_MAX - prefix.length);
  const what = input.files.map((file) => `- ${file.path}${file.before === undefined ? ' (new)' : ''}`).join('\n');
  const why = input.explanation.trim() || `Asked for: "${task}".`;
  const body = [wrap(why), `Changed files:\n${what}`];
  if (input.test) body.push(wrap(`The ${input.test.framework} test in ${input.test.path} covers the change.`));
  return [`${prefix}${summary}`, ...body, `Ghostline-Verification: ${verificationSummary(input.verification)}`].join('\n\n') + '\n';
}

/** `verified (parse, security, build, vet, test)` or `NOT verified: test failed; build not run`. */
export function verificationSummary(verification: Verification): string {
  const passed = verification.steps.filter((step) => step.ok && !step.skipped).map((step) => step.step);
  if (verification.verified) return `verified (${[...new Set(passed)].join(', ')} passed)`;
  const failed = verification.steps.filter((step) => !step.ok).map((step) => `${step.step} failed`);
  const skipped = verification.steps.filter((step) => step.skipped).map((step) => (step.failsWithoutPatch ? `${step.step} fails without the patch too` : `${step.step} not run`));
  return `NOT verified (${[...new Set([...failed, ...skipped])].join('; ') || 'no tests ran'})`;
}

/** The result column: `as before` (a failure the project has without the patch too) and a space. */
const RESULT_WIDTH = 10;

/** The verification as an aligned table, with the output of failed steps under their row. */
export function verificationTable(steps: readonly VerificationStep[]): string {
  const rows = steps.map((step) => {
    const result = step.failsWithoutPatch ? 'as before' : step.skipped ? 'skipped' : step.ok ? 'ok' : 'FAILED';
    const line = `  ${step.step.padEnd(9)}${result.padEnd(RESULT_WIDTH)}${step.command ?? (step.skipped ? step.output : '')}`.trimEnd();
    // A failure the unpatched project has too is shown as one: it is what keeps the patch from being verified.
    if (step.ok && !step.failsWithoutPatch) return line;
    const output = step.output
      .split('\n')
      .slice(0, 20)
      .map((text) => `      ${text}`)
      .join('\n');
    return `${line}\n${output}`;
  });
  return [`  ${'step'.padEnd(9)}${'result'.padEnd(RESULT_WIDTH)}command`, ...rows].join('\n');
}

/** `server` for server/http.go, `echo` for echo.go at the root: the package or module touched. */
function scopeOf(path: string): string {
  const parts = path.split('/');
  const dir = parts.length > 1 ? parts[parts.length - 2]! : parts[0]!.replace(/(\.(test|spec))?\.[^.]+$/, '').replace(/_test$/, '');
  return dir
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 20);
}

function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  // A subject cut after "with the" reads broken: end on a content word.
  return (space > max / 2 ? cut.slice(0, space) : text.slice(0, max)).replace(/[,;:\s]+$/, '').replace(/(\s+(a|an|the|with|to|of|for|and|or|in|on|at|by|from|as))+$/i, '');
}

function wrap(text: string): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > BODY_WIDTH) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}
