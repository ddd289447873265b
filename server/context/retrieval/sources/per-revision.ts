import type { WorkspaceIndex } from '../../index/workspace-index.js';
import type { Candidate } from './types.js';

/**
 * Candidate lists that depend only on the current file and the index, not on the cursor (a file's
 * imported API, its package's ranking), kept until the index changes at all. The server works them
 * out right after re-indexing the file (warmRankingsFor), so a completion only copies them: on
 * go-stdlib building them was a tenth of the gather (two hundred candidates each, every request).
 */
const KEPT = new WeakMap<WorkspaceIndex, { at: string; lists: Map<string, readonly Candidate[]> }>();

/** Lists kept for one state of the index: a few files' worth, though one state rarely sees more than one. */
const MAX_LISTS = 64;

/**
 * `compute()`'s candidates for `key`, worked out once per state of the index. The state is its
 * revision (any file stored or removed, a manifest read again) and its generation (a finished build,
 * which drops every package ranking derived while it ran, bumps only that). `key` must name everything
 * else the list depends on (the source, the file, its language). The candidates are frozen, as they are
 * shared by every request until the index changes; each caller gets its own array.
 */
export function perRevision(index: WorkspaceIndex, key: string, compute: () => Candidate[]): Candidate[] {
  const at = `${index.revision}:${index.generation}`;
  let kept = KEPT.get(index);
  if (kept?.at !== at) KEPT.set(index, (kept = { at, lists: new Map() }));
  let list = kept.lists.get(key);
  if (!list) {
    if (kept.lists.size >= MAX_LISTS) kept.lists.clear();
    list = Object.freeze(compute().map((candidate) => Object.freeze(candidate)));
    kept.lists.set(key, list);
  }
  return [...list];
}
