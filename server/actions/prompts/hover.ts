import { codeSection, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface HoverPromptInput {
  context: CodeContext;
  declaration: string;
  name: string;
  kind: 'function' | 'method' | 'type';
}

/** Hover: a few lines of markdown on what a function, method or type does. */
export function hoverPrompt({ context, declaration, name, kind }: HoverPromptInput): PromptSpec {
  const points =
    kind === 'type'
      ? 'what it represents, its important fields or members, and how it is used'
      : 'what it does, its inputs, its outputs, and notable side effects (I/O, mutation, errors or panics)';
  return {
    system: systemPrompt(context.languageName, 'explanation', 'You explain code briefly and precisely.'),
    sections: [...contextSections(context), codeSection('declaration', context, declaration, { name })],
    task: `Explain the ${kind} ${name} in <declaration>: ${points}. At most 5 short lines of markdown, no heading, no code block.\nReply inside <explanation>…</explanation>.`,
    output: 'explanation',
  };
}
