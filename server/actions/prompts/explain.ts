import { codeInPlace, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface ExplainPromptInput {
  context: CodeContext;
  /** The selected code, or the function under the cursor. */
  code: string;
  before: string;
  after: string;
}

/** Explain: a short comment for above the code, in words; Ghostline adds the comment markers. */
export function explainPrompt({ context, code, before, after }: ExplainPromptInput): PromptSpec {
  return {
    system: systemPrompt(context.languageName, 'comment', 'You explain code to a colleague reading it for the first time.'),
    sections: [...contextSections(context), ...codeInPlace(context, 'code', code, { before, after })],
    task: [
      'Explain what the code in <code> does and why, as the text of a comment that will be placed above it.',
      'At most 6 short lines; no comment markers, no restating of names line by line, no markdown.',
      'Reply inside <comment>…</comment>.',
    ].join('\n'),
    output: 'comment',
  };
}
