import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';

/**
 * Whether a workspace file really lies inside the root (following symbolic links) and its real
 * path is neither a secret nor excluded. The listing follows links, which suits completion
 * context in a monorepo, but what `ghostline mcp` and `ask` hand out must come from the folder named.
 */
export async function confined(index: WorkspaceIndex, path: string, realRoot?: string): Promise<boolean> {
  try {
    const [real, rootReal] = await Promise.all([realpath(join(index.root, path)), realRoot ?? realpath(index.root)]);
    const rel = relative(rootReal, real);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    return index.exclusion(rel.split(sep).join('/')) === undefined;
  } catch {
    return false;
  }
}

/**
 * Removes from the index every file that leads out of the root or to a secret; returns their
 * paths. Folders are resolved once each and files only checked for being links, so a workspace
 * of thousands of files costs a few hundred system calls, not a realpath per file.
 */
export async function confineToRoot(index: WorkspaceIndex): Promise<string[]> {
  const rootReal = await realpath(index.root);
  const folders = new Map<string, Promise<boolean>>();
  const folderInside = (dir: string) => {
    let known = folders.get(dir);
    if (!known) {
      // No link on the way: the path as indexed is the real one, already checked against the exclusions.
      known = realpath(join(index.root, dir)).then(
        (real) => real === join(rootReal, dir),
        () => false,
      );
      folders.set(dir, known);
    }
    return known;
  };
  const removed: string[] = [];
  for (const record of [...index.records()]) {
    const slash = record.path.lastIndexOf('/');
    const dir = slash < 0 ? '' : record.path.slice(0, slash);
    const plain =
      (await folderInside(dir)) &&
      (await lstat(join(index.root, record.path)).then(
        (info) => !info.isSymbolicLink(),
        () => false,
      ));
    if (plain || (await confined(index, record.path, rootReal))) continue;
    index.remove(record.path);
    removed.push(record.path);
  }
  return removed;
}
