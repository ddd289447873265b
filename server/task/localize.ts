import { codeTerms } from '../context/index/lexical-index.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { LocatedDeclaration, LocatedFile, Localization } from './types.js';

export interface LocateOptions {
  index: WorkspaceIndex;
  task: string;
  /** How many declarations to return, best first. */
  limit?: number;
}

/**
 * Ranks the declarations and files a task most likely changes, without a model: BM25 of the
 * task's words over the index's declaration chunks. A file scores as its best declaration.
 */
export function locateTask({ index, task, limit = 20 }: LocateOptions): Localization {
  const hits = index.searchChunks(codeTerms(task), limit);
  const declarations: LocatedDeclaration[] = hits.map((hit) => ({
    path: hit.file,
    name: hit.declaration.container ? `${hit.declaration.container}.${hit.declaration.name}` : hit.declaration.name,
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
