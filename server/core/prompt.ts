/** A piece of another file shown to the model, labelled with its workspace-relative path. */
export interface RepoSnippet {
  path: string;
  content: string;
}

/** Everything a prompt is built from; the model layer turns it into one family's format. */
export interface PromptParts {
  prefix: string;
  suffix: string;
  /** Workspace-relative path of the current file. */
  filePath?: string;
  repoName?: string;
  snippets?: RepoSnippet[];
  /** Line-comment token of the current file's language, for families that get snippets as comments. Default `//`. */
  lineComment?: string;
}
