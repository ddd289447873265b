import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ChangedFile } from './apply-edits.js';
import { readProjectFile } from './read-project.js';

const exec = promisify(execFile);

export type ApplyOutcome = { ok: true; written: string[]; commit?: string } | { ok: false; reason: string };

export interface ApplyPatchRequest {
  root: string;
  files: readonly ChangedFile[];
  /** Commit exactly these files with this message after writing them. */
  commitMessage?: string;
}

/**
 * Writes a patch into the user's tree, refusing when any file it touches has changes the user has
 * not committed (or differs from what the patch was made against): nothing is written then. With
 * a message, commits exactly the patch's paths; never pushes.
 */
export async function applyToWorkingTree(request: ApplyPatchRequest): Promise<ApplyOutcome> {
  const { root, files } = request;
  const paths = files.map((file) => file.path);
  const git = existsSync(join(root, '.git')) || (await isWorkTree(root));
  if (request.commitMessage !== undefined && !git) return { ok: false, reason: `${root} is not a git repository: --commit needs one` };
  const dirty = new Set<string>();
  if (git) for (const path of await uncommitted(root, paths)) dirty.add(path);
  for (const file of files) if (readProjectFile(root, file.path) !== file.before) dirty.add(file.path);
  if (dirty.size > 0) return { ok: false, reason: `refusing to overwrite uncommitted changes in: ${[...dirty].sort().join(', ')} (commit or stash them first)` };
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.after);
  }
  if (request.commitMessage === undefined) return { ok: true, written: paths };
  await exec('git', ['add', '--', ...paths], { cwd: root });
  // With pathspecs, git commits only these paths, whatever else the user has staged.
  // The user's hooks run as for any commit of theirs.
  await exec('git', ['commit', '--quiet', '-m', request.commitMessage, '--', ...paths], { cwd: root }).catch((error: unknown) => {
    throw new Error(`git commit failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  });
  const { stdout } = await exec('git', ['rev-parse', 'HEAD'], { cwd: root });
  return { ok: true, written: paths, commit: stdout.trim() };
}

async function isWorkTree(root: string): Promise<boolean> {
  try {
    const { stdout } = await exec('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root });
    return stdout.trim() === 'true';
  } catch {
    return false;
  }
}

/** Paths among `paths` with staged, unstaged or untracked changes. */
async function uncommitted(root: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const { stdout } = await exec('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths], { cwd: root });
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}
