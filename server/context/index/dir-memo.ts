import { dirOf } from '../../syntax/manifests.js';

/**
 * Values derived from the files of some directories (a package's ranking, say), each kept until a
 * file in one of them changes. Per directory, because a global generation would recompute every
 * package on any edit.
 */
export class DirMemo {
  /** Derived values by key, each with the versions of the directories it was derived from. */
  private readonly table = new Map<string, { versions: string; value: unknown }>();
  private readonly versions = new Map<string, number>();

  get<T>(key: string, dirs: readonly string[], compute: () => T): T {
    const versions = this.versionsOf(dirs);
    const known = this.table.get(key);
    if (known && known.versions === versions) return known.value as T;
    const value = compute();
    this.table.set(key, { versions, value });
    return value;
  }

  /** The value kept for `key` if the directories are as they were when it was derived, else undefined. */
  peek<T>(key: string, dirs: readonly string[]): T | undefined {
    const known = this.table.get(key);
    return known && known.versions === this.versionsOf(dirs) ? (known.value as T) : undefined;
  }

  /** A file changed: what was derived from its directory is stale. */
  touch(path: string): void {
    const dir = dirOf(path);
    this.versions.set(dir, (this.versions.get(dir) ?? 0) + 1);
  }

  private versionsOf(dirs: readonly string[]): string {
    return dirs.map((dir) => this.versions.get(dir) ?? 0).join(',');
  }

  clear(): void {
    this.table.clear();
  }
}
