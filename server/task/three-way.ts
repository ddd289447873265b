import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * `git merge-file`: the changes from `base` to `theirs` applied onto `ours`. Undefined when they
 * overlap (a conflict): the caller refuses rather than write conflict markers into the user's file.
 */
export async function mergeThreeWay(input: { ours: string; base: string; theirs: string }): Promise<string | undefined> {
  if (input.ours === input.base) return input.theirs;
  if (input.theirs === input.base) return input.ours;
  const dir = await mkdtemp(join(tmpdir(), 'ghostline-merge-'));
  try {
    const [ours, base, theirs] = ['ours', 'base', 'theirs'].map((name) => join(dir, name)) as [string, string, string];
    await Promise.all([writeFile(ours, input.ours), writeFile(base, input.base), writeFile(theirs, input.theirs)]);
    try {
      const { stdout } = await exec('git', ['merge-file', '-p', ours, base, theirs], { maxBuffer: MAX_OUTPUT, encoding: 'utf8' });
      return stdout;
    } catch (error) {
      // Exit status = number of conflicts (positive); anything else is a failure to merge at all.
      if (typeof (error as { code?: unknown }).code === 'number') return undefined;
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file's content in HEAD (root-relative path), or undefined when HEAD has no such file (or there is no commit yet). */
export async function headVersion(root: string, path: string): Promise<string | undefined> {
  try {
    const { stdout } = await exec('git', ['cat-file', 'blob', `HEAD:./${path}`], { cwd: root, maxBuffer: MAX_OUTPUT, encoding: 'utf8' });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The file mode HEAD records for a path (100755 for an executable script), 100644 for a new file. */
export async function headMode(root: string, path: string): Promise<string> {
  const { stdout } = await exec('git', ['ls-tree', 'HEAD', '--', path], { cwd: root }).catch(() => ({ stdout: '' }));
  return /^(\d{6}) blob /.exec(stdout)?.[1] ?? '100644';
}
