import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import type { Candidate, SourceInput } from '../../server/context/retrieval/sources/types.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { CURSOR, splitAtCursor } from './cursor.js';

const languages = new LanguageRegistry();
const python = languages.byPath('x.py')!;

type Source = (input: SourceInput) => Candidate[];

/**
 * What a context source proposes at the `█` of a workspace of Python files (`workspace` makes the folder), as
 * `path:Class.name` for a method and `path:name` otherwise, with each proposal's score.
 */
export async function pythonProposals(workspace: (files: Record<string, string>) => string, files: Record<string, string>, source: Source): Promise<Map<string, number>> {
  const file = Object.keys(files).find((path) => files[path]!.includes(CURSOR))!;
  const { text, offset } = splitAtCursor(files[file]!);
  const root = workspace({ ...files, [file]: text });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  const focus = focusAt({ text, offset, tree: python.parser.parse(text), languageId: 'python' });
  const candidates = source({ index, file, languageId: 'python', focus, scope: importScope(index, file) });
  return new Map(candidates.map((candidate) => [`${candidate.path}:${candidate.key.slice(candidate.key.indexOf(':') + 1).replace(/^\./, '')}`, candidate.score]));
}
