import { codeTerms } from '../../context/index/lexical-index.js';
import type { WorkspaceIndex } from '../../context/index/workspace-index.js';
import { qualifiedName } from '../../syntax/declarations.js';
import type { LocatedDeclaration, LocatedFile, Localization } from '../types.js';

/**
 * BM25 alone: the task's words over the index's declaration chunks, a file scoring as its best
 * declaration. The baseline the localizer is measured against, kept as it was first written.
 */
export function locateByBm25({ index, task, limit = 20 }: { index: WorkspaceIndex; task: string; limit?: number }): Localization {
  const hits = index.searchChunks(codeTerms(task), limit);
  const declarations: LocatedDeclaration[] = hits.map((hit) => ({
    path: hit.file,
    name: qualifiedName(hit.declaration),
    kind: hit.declaration.kind,
    line: hit.declaration.line + 1,
    endLine: hit.declaration.endLine + 1,
    score: hit.score,
    why: 'words of the task match its name, signature or doc comment (BM25)',
  }));
  const files = new Map<string, LocatedFile>();
  for (const declaration of declarations) {
    if (!files.has(declaration.path)) files.set(declaration.path, { path: declaration.path, score: declaration.score, why: `declares ${declaration.name}` });
  }
  return { task, files: [...files.values()], declarations };
}
