import type { IndexChange, WorkspaceIndex } from '../../index/workspace-index.js';

/** What a cache kept across revisions of an index does when the index moves on. */
export interface KeptAcross {
  /** The revision of the index the cache is current with. */
  revision: number;
  /** Drops what one change (one file stored or removed) made stale. */
  forget: (change: IndexChange) => void;
  /** Drops everything: the changes since the cache's revision are not known one by one. */
  clear: () => void;
}

/**
 * Brings a cache up to the index's current revision: what each change since made stale is dropped, the
 * rest kept (one edit changes one file, and most of what a gather derived does not read it). A cache
 * behind a build, a manifest change or more changes than the index keeps is cleared.
 */
export function catchUp(index: WorkspaceIndex, cache: KeptAcross): void {
  if (cache.revision === index.revision) return;
  const changes = index.changesSince(cache.revision);
  if (changes === undefined) cache.clear();
  else for (const change of changes) cache.forget(change);
  cache.revision = index.revision;
}

/** The cache of `index` in `table` (made with `make` at its current revision the first time), brought up to its revision. */
export function keptFor<C extends KeptAcross>(table: WeakMap<WorkspaceIndex, C>, index: WorkspaceIndex, make: (revision: number) => C): C {
  let cache = table.get(index);
  if (!cache) table.set(index, (cache = make(index.revision)));
  catchUp(index, cache);
  return cache;
}
