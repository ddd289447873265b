import type { ContextRequest, RepositoryContext } from '../core/context-provider.js';
import type { RepoSnippet } from '../core/prompt.js';
import { isManifest } from '../syntax/modules.js';
import type { Logger } from '../util/logger.js';

/** The workspace index's context provider (RepositoryContextProvider), as actions and hover use it. */
export interface RepositorySource {
  gatherNow(request: ContextRequest): RepositoryContext | undefined;
}

/** Actions wait seconds for the model; a large workspace may take longer than the keystroke path's few milliseconds to search. */
const ACTION_GATHER_MS = 250;

/** Snippets from other files of the workspace for the code in [start, end); empty without an index. */
export type RepositoryLookup = (focus: { start: number; end: number }) => RepoSnippet[];

/** No index (no workspace, context disabled, still indexing): the prompt carries the current file alone. */
export const noRepository: RepositoryLookup = () => [];

/**
 * Asks the index for what the code in a focus uses from other files. The provider's snippets come
 * redacted; the manifest it adds is left out because action prompts carry it as <environment>.
 */
export function repositoryLookup(input: {
  source: RepositorySource | undefined;
  doc: { uri: string; text: string; language: { id: ContextRequest['languageId'] }; tree?: ContextRequest['tree'] };
  budgetTokens: number;
  signal: AbortSignal;
  logger: Logger;
}): RepositoryLookup {
  const { source, doc } = input;
  if (!source || input.budgetTokens <= 0) return noRepository;
  return (focus) => {
    try {
      const gathered = source.gatherNow({
        uri: doc.uri,
        text: doc.text,
        // Inside the focus, so the provider takes the function around it as the region the code uses.
        offset: Math.floor((focus.start + focus.end) / 2),
        languageId: doc.language.id,
        budgetTokens: input.budgetTokens,
        signal: input.signal,
        // What the code means matters more here than fitting a few more signatures, and nobody is typing.
        documented: true,
        timeoutMs: ACTION_GATHER_MS,
        // The action's own tree of this text: the document's may be stale, and reading it would parse it all at once.
        tree: doc.tree,
      });
      return (gathered?.snippets ?? []).filter((snippet) => !isManifest(snippet.path));
    } catch (error) {
      // Missing context makes a weaker prompt, never a failed action.
      input.logger.warn(`repository context for ${doc.uri} failed: ${(error as Error).message}`);
      return [];
    }
  };
}
