import { codeSection, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface DocumentPromptInput {
  context: CodeContext;
  declaration: string;
  name: string;
  /** The language module's convention: GoDoc for Go, TSDoc for TypeScript, JSDoc for JavaScript. */
  convention: string;
  /** How that convention is written, one sentence for the model. */
  guidance: string;
}

/** Document: the words of an idiomatic doc comment for the declaration; Ghostline adds the markers. */
export function documentPrompt({ context, declaration, name, convention, guidance }: DocumentPromptInput): PromptSpec {
  return {
    system: systemPrompt(context.languageName, 'comment', 'You write concise, accurate API documentation.'),
    sections: [...contextSections(context), codeSection('declaration', context, declaration, { name })],
    task: [
      `Write the ${convention} doc comment for ${name} in <declaration>. ${guidance}`,
      'Give the lines of the comment without comment markers (no //, /**, * or */). Keep it short.',
      'Reply inside <comment>…</comment>.',
    ].join('\n'),
    output: 'comment',
  };
}
