/**
 * The vocabulary of `ghostline task`: what localization hands to the later stages (edit, test,
 * verify, present). Paths are relative to the workspace root with forward slashes; lines are 1-based.
 * `ghostline task --locate-only --json` prints a `Localization` as it is: keep its fields stable.
 */

/** Why a task that matches nothing in the repository ends there (exit 2), on the CLI with or without a model. */
export const NO_MATCH_REASON = 'nothing in the repository matches the words of the task';

/** A file ranked for a task, with the reason it was chosen. */
export interface LocatedFile {
  path: string;
  score: number;
  why: string;
}

/** A declaration ranked for a task. `name` reads `Receiver.Method`, `Class.member` or `name`. */
export interface LocatedDeclaration {
  path: string;
  name: string;
  kind: string;
  /** 1-based first line of the declaration. */
  line: number;
  /** 1-based last line of the declaration. */
  endLine: number;
  score: number;
  why: string;
}

/** The ranked places to change for one task, best first. */
export interface Localization {
  task: string;
  files: LocatedFile[];
  declarations: LocatedDeclaration[];
}

/** Scores to six decimals, as printed: more digits say nothing of the ranking and cost a reader's tokens. */
export function withRoundedScores(localization: Localization): Localization {
  const round = (score: number) => Math.round(score * 1e6) / 1e6;
  return {
    task: localization.task,
    files: localization.files.map((file) => ({ ...file, score: round(file.score) })),
    declarations: localization.declarations.map((declaration) => ({ ...declaration, score: round(declaration.score) })),
  };
}
