import { codeInPlace, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface RefactorPromptInput {
  context: CodeContext;
  selection: string;
  before: string;
  after: string;
  /** What the user asked for, when the client passed an instruction. */
  instruction?: string;
}

/** Refactor: the selection rewritten, same behaviour, optionally following the user's instruction. */
export function refactorPrompt({ context, selection, before, after, instruction }: RefactorPromptInput): PromptSpec {
  const goal = instruction
    ? `Rewrite the code in <selection> as the user asks in <instruction>, without changing its behaviour otherwise.`
    : 'Rewrite the code in <selection> to be clearer, simpler and more idiomatic without changing its behaviour.';
  return {
    system: systemPrompt(context.languageName, 'code', 'You refactor code without changing what it does.'),
    sections: [
      ...contextSections(context),
      ...codeInPlace(context, 'selection', selection, { before, after }),
      ...(instruction ? [{ tag: 'instruction', body: instruction }] : []),
    ],
    task: [
      goal,
      'The result replaces exactly the selection, so it must fit between <before> and <after>; keep names used elsewhere unchanged.',
      'Reply with the complete replacement inside <code>…</code>.',
    ].join('\n'),
    output: 'code',
  };
}
