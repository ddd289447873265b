import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { projectManifests } from '../syntax/modules.js';

/**
 * The workspace a file from the command line belongs to: the nearest ancestor folder holding
 * .git or a language's project manifest (go.mod, package.json, pyproject.toml …), else the file's own
 * folder (never a whole home directory).
 */
export function workspaceRootOf(file: string): string {
  // What marks the folder an editor would open as the workspace.
  const markers = ['.git', ...projectManifests()];
  const own = dirname(resolve(file));
  for (let dir = own; ; dir = dirname(dir)) {
    if (markers.some((marker) => isMarker(join(dir, marker), marker))) return dir;
    if (dirname(dir) === dir) return own;
  }
}

/** A stat only, nothing is opened: `.git` may be a folder or a worktree's file; a FIFO named go.mod marks nothing. */
function isMarker(path: string, marker: string): boolean {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return false;
  return marker === '.git' ? info.isDirectory() || info.isFile() : info.isFile();
}

/** Whether a path is a folder (through a symlink); never throws. What every verb's `--root` must be. */
export function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
