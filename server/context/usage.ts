import { dirOf } from './manifests.js';

const QUALIFIED_USE = /(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\.([\p{L}_$][\p{L}\p{N}_$]*)/gu;
const CALL = /(?<![.\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)\s*\(/gu;
const MAX_USES = 2000;

/**
 * The names a file uses, found by pattern: `pkg.Name` pairs and names called unqualified. Cheap
 * enough to keep for every file; it gives each declaration a popularity that ranks an imported
 * package's API (`fmt.Sprintf` before `fmt.Sscan`) when nothing at the cursor names it.
 */
export function extractUses(text: string): string[] {
  const uses = new Set<string>();
  for (const match of text.matchAll(QUALIFIED_USE)) {
    uses.add(`${match[1]}.${match[2]}`);
    if (uses.size >= MAX_USES) break;
  }
  for (const match of text.matchAll(CALL)) {
    uses.add(match[1]!);
    if (uses.size >= MAX_USES) break;
  }
  return [...uses];
}

/** How many files use each name: across the workspace for `q.Name`, per directory for plain names. */
export class UsageCounts {
  private readonly qualified = new Map<string, number>();
  private readonly byDir = new Map<string, Map<string, number>>();

  add(path: string, uses: readonly string[] | undefined): void {
    this.apply(path, uses, 1);
  }

  remove(path: string, uses: readonly string[] | undefined): void {
    this.apply(path, uses, -1);
  }

  /** Files that use `qualifier.name` anywhere in the workspace. */
  qualifiedUses(qualifier: string, name: string): number {
    return this.qualified.get(`${qualifier}.${name}`) ?? 0;
  }

  /** Files of `dir` that call `name` unqualified. */
  usesInDir(dir: string, name: string): number {
    return this.byDir.get(dir)?.get(name) ?? 0;
  }

  private apply(path: string, uses: readonly string[] | undefined, delta: number): void {
    const dir = dirOf(path);
    let local = this.byDir.get(dir);
    if (!local) this.byDir.set(dir, (local = new Map()));
    for (const use of uses ?? []) {
      const map = use.includes('.') ? this.qualified : local;
      const count = (map.get(use) ?? 0) + delta;
      if (count > 0) map.set(use, count);
      else map.delete(use);
    }
    if (local.size === 0) this.byDir.delete(dir);
  }
}
