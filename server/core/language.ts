/** Language ids Ghostline parses; each is served by one language module under server/syntax/. */
export type LanguageId = 'go' | 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact' | 'python';
