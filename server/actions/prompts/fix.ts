import { codeInPlace, contextSections, systemPrompt, type CodeContext, type PromptSpec } from './sections.js';

export interface FixPromptInput {
  context: CodeContext;
  /** The code to correct: the enclosing declaration, or lines around the diagnostic. */
  region: string;
  before: string;
  after: string;
  diagnostic: {
    message: string;
    code?: string | number;
    source?: string;
    /** 1-based line within the region, and the text the diagnostic points at. */
    line: number;
    text: string;
  };
}

/** Fix diagnostic: the region with the smallest change that resolves the diagnostic. */
export function fixPrompt({ context, region, before, after, diagnostic }: FixPromptInput): PromptSpec {
  const attributes: Record<string, string> = { line: String(diagnostic.line) };
  if (diagnostic.source) attributes['source'] = diagnostic.source;
  if (diagnostic.code !== undefined) attributes['code'] = String(diagnostic.code);
  return {
    system: systemPrompt(context.languageName, 'code', 'You fix compiler and linter diagnostics with the smallest correct change.'),
    sections: [
      ...contextSections(context),
      ...codeInPlace(context, 'region', region, { before, after }),
      { tag: 'diagnostic', attributes, body: `${diagnostic.message}\nat: ${diagnostic.text}` },
    ],
    task: [
      'Fix the problem reported in <diagnostic> (its line is counted within <region>) with the smallest change.',
      'Change nothing else: keep formatting, names and comments as they are.',
      'Reply with the complete corrected region inside <code>…</code>.',
    ].join('\n'),
    output: 'code',
  };
}
