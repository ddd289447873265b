import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What marks the folder an editor would open as the workspace. */
const MARKERS = ['.git', 'go.mod', 'package.json'];

/**
 * The workspace a file from the command line belongs to: the nearest ancestor folder holding
 * .git, go.mod or package.json, else the file's own folder (never a whole home directory).
 */
export function workspaceRootOf(file: string): string {
  const own = dirname(resolve(file));
  for (let dir = own; ; dir = dirname(dir)) {
    if (MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    if (dirname(dir) === dir) return own;
  }
}
