import type { PromptSpec, Section } from '../actions/prompts/sections.js';

/** One file as the model sees it: whole when short, else the chosen declarations with the lines around them. */
export interface ShownFile {
  path: string;
  languageName: string;
  /** `whole` or `excerpts`: excerpts are separated by a `…` line. */
  view: 'whole' | 'excerpts';
  body: string;
  /** Declarations chosen by localization in this file, by name. */
  declarations: string[];
}

/** What went wrong with the previous candidate, for a retry. */
export interface RetryFeedback {
  patch: string;
  problems: string;
}

export interface EditPromptInput {
  task: string;
  environment: string[];
  files: ShownFile[];
  /** Signatures of other places localization ranked, as `path: signature`. */
  outline: string[];
  feedback?: RetryFeedback;
  /** Verified patches already found (`--alternatives`): the model is asked for a different approach. */
  avoid?: readonly string[];
}

const FORMAT = [
  'Answer with edit blocks only, inside <patch>…</patch>. Three kinds exist:',
  '1. Replace a whole declaration (function, method, type, class) by name; the block holds the complete new declaration and may add new declarations right after it:',
  '<replace file="path/to/file.go" name="Server.routes">',
  'func (s *Server) routes() { … }',
  '</replace>',
  '2. For a small change inside a very large declaration, SEARCH/REPLACE: SEARCH lines copied exactly from the file (a few lines, enough to be unique), REPLACE lines as they become:',
  '<edit file="path/to/file.ts">',
  '<<<<<<< SEARCH',
  '  const limit = 10;',
  '=======',
  '  const limit = 20;',
  '>>>>>>> REPLACE',
  '</edit>',
  '3. A new file, whole: <create file="path/to/new.go">…</create>',
  'Then one or two sentences on what you changed and why: <explanation>…</explanation>',
  'Use paths exactly as shown. Do not write tests: they are written separately. No markdown fences, nothing outside the blocks.',
].join('\n');

/** The edit stage's prompt: the task, the code localization chose, the environment and, on a retry, the failed candidate with its errors. */
export function editPrompt(input: EditPromptInput): PromptSpec {
  const sections: Section[] = [];
  if (input.environment.length) sections.push({ tag: 'environment', body: input.environment.join('\n') });
  if (input.outline.length) sections.push({ tag: 'outline', attributes: { note: 'other places in the repository that may matter' }, body: input.outline.join('\n') });
  for (const file of input.files) {
    sections.push({
      tag: 'file',
      attributes: { path: file.path, language: file.languageName, view: file.view, ...(file.declarations.length ? { likely: file.declarations.join(', ') } : {}) },
      body: file.body,
    });
  }
  if (input.feedback) {
    sections.push({ tag: 'previous-attempt', attributes: { note: 'your last patch, as a diff against the files above' }, body: input.feedback.patch });
    sections.push({ tag: 'problems', attributes: { note: 'what verification reported for it' }, body: input.feedback.problems });
  }
  if (input.avoid?.length) sections.push({ tag: 'other-patches', attributes: { note: 'correct patches already found, as diffs' }, body: input.avoid.join('\n') });
  sections.push({ tag: 'task', body: input.task });
  const retry = input.feedback
    ? 'Your previous attempt failed verification: fix the problems listed in <problems>, and answer with the complete corrected edit blocks (against the files as shown, not against your previous attempt).\n'
    : '';
  const different = input.avoid?.length ? 'Propose a correct change that takes a different approach from every patch in <other-patches>.\n' : '';
  return {
    system: [
      'You are Ghostline, a senior engineer who changes a repository to do what the user asks, with the smallest correct change that compiles.',
      "The user message holds tagged sections: <file> sections are the repository's code; follow the versions in <environment>.",
      FORMAT,
    ].join('\n'),
    sections,
    task: `${retry}${different}Change the code so that it does what <task> says. Reply inside <patch>…</patch>.`,
    output: 'patch',
  };
}
