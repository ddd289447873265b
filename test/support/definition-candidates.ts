import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankings } from '../../server/context/retrieval/sources/rankings-warm.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { LanguageId } from '../../server/core/language.js';
import { splitAtCursor } from './cursor.js';
import { workspacesRemovedAfterEach } from './workspace.js';

/**
 * The definitions source on a real index of `files` (workspaces removed after each test): what it proposes at
 * the █ of `current`, their scores, and the snippets its candidates pack into `budget` tokens. Call once per test file.
 */
export function definitionsAtCursor(
  languageId: LanguageId,
): (files: Record<string, string>, current: string, budget?: number) => Promise<{ keys: string[]; prompt: string; score: (key: string) => number }> {
  const languages = new LanguageRegistry();
  const workspace = workspacesRemovedAfterEach();
  return async (files, current, budget = 1024) => {
    const { text, offset } = splitAtCursor(files[current]!);
    const root = workspace({ ...files, [current]: text });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
    await index.build();
    await warmRankings(index);
    const focus = focusAt({ text, offset, tree: languages.byPath(current)!.parser.parse(text), languageId });
    const candidates = definitionCandidates({ index, file: current, languageId, focus, scope: importScope(index, current) });
    return {
      keys: candidates.map((candidate) => candidate.key),
      // The best score any candidate whose key contains `key` got (0 when none).
      score: (key) => Math.max(0, ...candidates.filter((candidate) => candidate.key.includes(key)).map((candidate) => candidate.score)),
      prompt: packCandidates(candidates, budget)
        .map((snippet) => snippet.content)
        .join('\n'),
    };
  };
}
