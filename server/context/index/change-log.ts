import type { FileRecord } from './file-record.js';

/**
 * One file stored or removed: its record before and after (either may be missing), and whether the
 * change made import resolutions stale (a file added or removed, a package clause or the file's own
 * imports changed), so that what was derived from resolved imports is stale too.
 */
export interface IndexChange {
  path: string;
  before: FileRecord | undefined;
  after: FileRecord | undefined;
  imports: boolean;
}

/** Changes kept: more than any re-rank turn lags behind; a cache further behind starts over. */
const MAX_CHANGES = 64;

/**
 * The last few changes of an index, by revision, so that caches derived from it can be kept across a
 * re-index and drop only what the changed file touched, instead of starting over on every edit. A change
 * that is not one file's (a build, a manifest read again) is a reset: every cache behind it starts over.
 */
export class ChangeLog {
  private readonly changes: Array<{ revision: number; change: IndexChange }> = [];
  /** No cache of a revision before this one can catch up. */
  private resetAt = 0;

  /** `change` made `revision` (the index's revision after it). */
  record(revision: number, change: IndexChange): void {
    this.changes.push({ revision, change });
    if (this.changes.length > MAX_CHANGES) this.changes.shift();
  }

  /** What happened at `revision` cannot be told file by file. */
  reset(revision: number): void {
    this.changes.length = 0;
    this.resetAt = revision;
  }

  /**
   * The changes from revision `since` to `now`, oldest first, or undefined when they are not all known
   * (a reset between, or more changes than are kept): the caller then starts over.
   */
  since(since: number, now: number): readonly IndexChange[] | undefined {
    if (since === now) return [];
    if (since < this.resetAt || since > now) return undefined;
    const first = this.changes.findIndex((entry) => entry.revision > since);
    // Every revision after `since` must be one kept change: the first kept one must follow it directly.
    if (first < 0 || this.changes[first]!.revision !== since + 1) return undefined;
    const found = this.changes.slice(first).map((entry) => entry.change);
    return found.length === now - since ? found : undefined;
  }
}

/** The names the changed file declared at top level before or after: a lookup of any other name met the same declarations. */
export function topLevelNames(change: IndexChange): Set<string> {
  const names = new Set<string>();
  for (const record of [change.before, change.after]) for (const declaration of record?.declarations ?? []) if (!declaration.container) names.add(declaration.name);
  return names;
}

/** The types the changed file declared methods of, before or after: their lists of methods changed. */
export function methodContainers(change: IndexChange): Set<string> {
  const containers = new Set<string>();
  for (const record of [change.before, change.after]) for (const declaration of record?.declarations ?? []) if (declaration.container) containers.add(declaration.container);
  return containers;
}

/** The uses the changed file gained or lost: the only usage counts the change moved (see UsageCounts). */
export function changedUses(change: IndexChange): Set<string> {
  const before = new Set(change.before?.uses);
  const after = new Set(change.after?.uses);
  const changed = new Set<string>();
  for (const use of before) if (!after.has(use)) changed.add(use);
  for (const use of after) if (!before.has(use)) changed.add(use);
  return changed;
}
