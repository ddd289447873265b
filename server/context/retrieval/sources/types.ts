import type { LanguageId } from '../../../core/language.js';
import type { Focus } from '../focus.js';
import type { WorkspaceIndex } from '../../index/workspace-index.js';

/** Where a candidate snippet came from; the README and the logs name sources by these. */
export type SourceName = 'definitions' | 'calls' | 'imports' | 'package' | 'recent' | 'lexical' | 'environment';

/** One snippet a source proposes for the prompt, with how much it is worth. */
export interface Candidate {
  /** Identity for de-duplication: the same declaration proposed by two sources is packed once. */
  key: string;
  /** Workspace-relative path the snippet is labelled with. */
  path: string;
  /** 0-based line where the snippet starts in its file, for a stable order inside the file. */
  line: number;
  content: string;
  /** The content with the doc comment that a low score left out. */
  documented?: string;
  /** The declaration's text (without its doc comment) when `content` is its short form: packed instead where the budget has room left. */
  full?: string;
  /** Higher is better; definitions used at the cursor score near 1. */
  score: number;
  source: SourceName;
}

/** What every source gets: the index, the current file and what the cursor's function refers to. */
export interface SourceInput {
  index: WorkspaceIndex;
  /** Workspace-relative path of the current file. */
  file: string;
  languageId: LanguageId;
  focus: Focus;
  /** The current file's imports, resolved once per gather. */
  scope: ImportScope;
}

/** What the current file's imports bind, resolved to workspace files. */
export interface ImportScope {
  /** Go package qualifiers (`fmt`, an alias) and TS namespace imports (`import * as ns`), to their files. */
  namespaces: Map<string, string[]>;
  /** TS/JS named and default imports: local name → the name it has in the target files. */
  bindings: Map<string, { imported: string; files: string[] }>;
  /** Every resolved imported file, in import order. */
  files: string[];
}
