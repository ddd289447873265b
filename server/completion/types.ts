/** Language ids Ghostline parses; each has a folder under grammars/. */
export type LanguageId = 'go' | 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact';

/** Whether the suggestion may span several lines, decided from the syntax tree at the cursor. */
export type CompletionMode = 'single' | 'multi';

/** What the stream filters and the post-processing know about the cursor. */
export interface CursorContext {
  /** Document text before the cursor (may be the full prefix, not only the prompt window). */
  prefix: string;
  /** Document text after the cursor. */
  suffix: string;
  mode: CompletionMode;
  languageId: LanguageId;
}
