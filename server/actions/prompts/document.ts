import { codeSection, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface DocumentPromptInput {
  context: CodeContext;
  declaration: string;
  name: string;
  /** GoDoc for Go, TSDoc for TypeScript, JSDoc for JavaScript. */
  convention: 'GoDoc' | 'TSDoc' | 'JSDoc';
}

const CONVENTIONS: Record<DocumentPromptInput['convention'], string> = {
  GoDoc: 'Follow GoDoc: the first sentence starts with the name and says what it does; full sentences; mention errors it returns.',
  TSDoc: 'Follow TSDoc: a summary sentence, then @param name - description for each parameter, @returns when it returns a value, @throws when it throws. No types in braces (TypeScript has them).',
  JSDoc: 'Follow JSDoc: a summary sentence, then @param {Type} name description for each parameter, @returns {Type} when it returns a value, @throws when it throws.',
};

/** Document: the words of an idiomatic doc comment for the declaration; Ghostline adds the markers. */
export function documentPrompt({ context, declaration, name, convention }: DocumentPromptInput): PromptSpec {
  return {
    system: systemPrompt(context.languageName, 'comment', 'You write concise, accurate API documentation.'),
    sections: [...contextSections(context), codeSection('declaration', context, declaration, { name })],
    task: [
      `Write the ${convention} doc comment for ${name} in <declaration>. ${CONVENTIONS[convention]}`,
      'Give the lines of the comment without comment markers (no //, /**, * or */). Keep it short.',
      'Reply inside <comment>…</comment>.',
    ].join('\n'),
    output: 'comment',
  };
}
