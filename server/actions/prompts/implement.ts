import { codeInPlace, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface ImplementPromptInput {
  context: CodeContext;
  /** `body`: a function with an empty body; `comment`: a comment saying what to write. */
  target: 'body' | 'comment';
  /** The function (with its doc comment), or the comment. */
  code: string;
  before: string;
  after: string;
}

/** Implement: the statements of an empty body, or the code a comment describes. */
export function implementPrompt({ context, target, code, before, after }: ImplementPromptInput): PromptSpec {
  const task =
    target === 'body'
      ? 'Implement the function in <function>: its doc comment, name, signature and any comments in its body say what it must do. Write only the statements that go inside its body, without the signature and without the enclosing braces.'
      : 'Write the code that the comment in <comment-to-implement> describes, to be inserted right after the comment, at that point of the file. Write only that code, not the comment and not the surrounding code.';
  return {
    system: systemPrompt(context.languageName, 'code', 'You implement code exactly as described, using only what the file imports or the standard library unless told otherwise.'),
    sections: [...contextSections(context), ...codeInPlace(context, target === 'body' ? 'function' : 'comment-to-implement', code, { before, after })],
    task: `${task}\nReply inside <code>…</code>.`,
    output: 'code',
  };
}
