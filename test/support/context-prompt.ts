import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { RepositoryContextProvider } from '../../server/context/retrieval/repository-context.js';
import { warmRankings } from '../../server/context/retrieval/sources/rankings-warm.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { splitAtCursor } from './cursor.js';
import { workspacesRemovedAfterEach } from './workspace.js';

/**
 * For a test file of repository-context cases: `open(files, current)` writes a workspace (the
 * current file's cursor marker removed), indexes it as the server does, and returns a provider
 * gathering context the way a completion does, with `promptAt(fixture, budget)` giving the packed
 * snippets for the cursor at the marker of `fixture`.
 */
export function contextPrompts() {
  const languages = new LanguageRegistry();
  const workspace = workspacesRemovedAfterEach();
  return async (files: Record<string, string>, current: string, options: { timeoutMs?: number } = {}) => {
    const { text } = splitAtCursor(files[current]!);
    const root = workspace({ ...files, [current]: text });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
    await index.build();
    await warmRankings(index);
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
    const languageId = languages.byPath(current)!.id;
    const uri = pathToFileURL(join(root, current)).href;
    documents.open(uri, languageId, 1, text);
    const settings = defaultSettings();
    settings.context.gatherTimeoutMs = 1000;
    const provider = new RepositoryContextProvider({ indexes: () => [index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
    const promptAt = (fixture: string, budgetTokens = 1024): string => {
      const at = splitAtCursor(fixture);
      const context = provider.gatherNow({ uri, text: at.text, offset: at.offset, languageId, budgetTokens, signal: new AbortController().signal, timeoutMs: options.timeoutMs });
      return (context?.snippets ?? []).map((snippet) => `// ${snippet.path}\n${snippet.content}`).join('\n');
    };
    return { index, provider, promptAt, root, languages, uri, languageId };
  };
}
