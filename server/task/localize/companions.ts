import type { RepoGraph } from './graph.js';

/**
 * Words that say a task changes what a package exports ("exported from the top level", "expose
 * `Connectable`", "remove X from the public API"): such a change edits the barrels that pass the
 * code on (`index.ts`, `__init__.py`) as well as the code itself.
 */
const EXPORT_INTENT = /\b(?:export\w*|expos\w*|public api)\b/i;

/** Whether the task is about what is exported. */
export function hasExportIntent(task: string): boolean {
  return EXPORT_INTENT.test(task);
}

/** How many of the best files have their barrels pulled up. */
const TOP_FILES = 3;
/** A barrel lands just behind the file it passes on, ahead of what followed that file. */
const BEHIND = 0.999;

/**
 * For a task about exports, the files that re-export one of the best few files are raised to just
 * below it: the index knows them only as importers, and their own words (a list of paths) rarely
 * match the task's. Raises them in `files` (changed in place) and returns each raised barrel with
 * the file it passes on, for the barrel's `why`.
 */
export function raiseBarrels(graph: RepoGraph, files: Map<string, number>, task: string): Map<string, string> {
  const raised = new Map<string, string>();
  if (!hasExportIntent(task)) return raised;
  const firstFile = graph.out.length - graph.files.length;
  const best = [...files].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_FILES);
  for (const [path, score] of best) {
    for (const edge of graph.out[graph.fileIds.get(path)!] ?? []) {
      if (edge.relation !== 'reexported by') continue;
      const barrel = graph.files[edge.to - firstFile]!;
      if ((files.get(barrel) ?? 0) >= score * BEHIND) continue;
      files.set(barrel, score * BEHIND);
      raised.set(barrel, path);
    }
  }
  return raised;
}
