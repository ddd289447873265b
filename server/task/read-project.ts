import { lstatSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Larger files are not edited: a task patch on a generated megabyte file is a mistake. */
const MAX_FILE_BYTES = 1_000_000;

/**
 * Reads a project file by root-relative path, or undefined when it does not exist, lies outside
 * the root, or is not a regular file (reading a FIFO would block the process forever).
 */
export function readProjectFile(root: string, path: string): string | undefined {
  const full = resolve(join(root, path));
  if (full !== resolve(root) && !full.startsWith(resolve(root) + sep)) return undefined;
  try {
    const stat = lstatSync(full);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}
