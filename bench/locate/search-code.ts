import { codeTerms } from '../../server/context/index/lexical-index.js';
import type { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { searchCode } from '../../server/query/search-code.js';
import { locateTask } from '../../server/task/localize.js';

/** What this measurement needs of a localization task (rxjs.json's fields). */
export interface SearchTask {
  id: string;
  task: string;
  declarations: Array<{ file: string; name: string }>;
}

export type SearchMethod = 'search_code' | 'locate_task' | 'bm25';

/** Per method: mean over tasks of the share of a task's changed declarations found in the top k. */
export type SearchRecall = Record<SearchMethod, { recall: number; tasks: number }>;

/** Each method's top-k declarations as `file#Name`, the dataset's naming (`Class.member`). */
function ranked(index: WorkspaceIndex, task: string, k: number): Record<SearchMethod, string[]> {
  const bm25 = index.searchChunks(codeTerms(task), k).map((hit) => `${hit.file}#${hit.declaration.container ? `${hit.declaration.container}.` : ''}${hit.declaration.name}`);
  return {
    search_code: searchCode({ index, query: task, limit: k }).map((view) => `${view.path}#${view.name}`),
    locate_task: locateTask({ index, task, limit: k }).declarations.map((d) => `${d.path}#${d.name}`),
    bm25,
  };
}

/**
 * Declaration Recall@k of `search_code` on localization tasks (the task text as the query),
 * beside the task command's localizer and BM25 alone on the same index, in the same run.
 * `index` must hold the tasks' base version; the caller groups tasks by base.
 */
export function searchCodeRecall(index: WorkspaceIndex, tasks: readonly SearchTask[], k = 10): { sums: Record<SearchMethod, number>; tasks: number } {
  const sums: Record<SearchMethod, number> = { search_code: 0, locate_task: 0, bm25: 0 };
  let counted = 0;
  for (const task of tasks) {
    if (task.declarations.length === 0) continue;
    const truth = new Set(task.declarations.map((d) => `${d.file}#${d.name}`));
    const results = ranked(index, task.task, k);
    for (const method of Object.keys(sums) as SearchMethod[]) {
      const found = new Set(results[method].filter((key) => truth.has(key)));
      sums[method] += found.size / truth.size;
    }
    counted++;
  }
  return { sums, tasks: counted };
}
