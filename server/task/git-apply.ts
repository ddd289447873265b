import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ChangedFile } from './apply-edits.js';
import { readProjectFile } from './read-project.js';
import { headMode, headVersion, mergeThreeWay } from './three-way.js';

const exec = promisify(execFile);

const GIT_STATUS_TIMEOUT_MS = 30_000;

export type ApplyOutcome = { ok: true; written: string[]; commit?: string; merged?: string[] } | { ok: false; reason: string };

export interface ApplyPatchRequest {
  root: string;
  files: readonly ChangedFile[];
  /** Commit exactly these files with this message after writing them. */
  commitMessage?: string;
}

/** What one touched file becomes: in the working tree, and (with a commit) in the commit. */
interface Planned {
  path: string;
  working: string;
  committed?: string;
  /** The user had uncommitted changes in it, kept by a three-way merge. */
  merged: boolean;
}

/**
 * Writes a patch into the user's tree without losing the user's work. A touched file that changed
 * since the patch was made is merged three-way (`git merge-file`); with a commit, the commit holds
 * HEAD plus the task's change alone, and the user's uncommitted changes stay uncommitted in the
 * working file. When a merge conflicts (or a touched file has staged changes and a commit is
 * asked for), nothing is written and the files are listed. Never pushes.
 */
export async function applyToWorkingTree(request: ApplyPatchRequest): Promise<ApplyOutcome> {
  const { root, files } = request;
  const commit = request.commitMessage !== undefined;
  const git = existsSync(join(root, '.git')) || (await isWorkTree(root));
  if (commit && !git) return { ok: false, reason: `${root} is not a git repository: --commit needs one` };
  const staged =
    git && commit
      ? await stagedPaths(
          root,
          files.map((file) => file.path),
        )
      : [];
  if (staged.length > 0) return { ok: false, reason: `refusing to commit over staged changes in: ${staged.sort().join(', ')} (commit or unstage them first)` };
  const planned: Planned[] = [];
  const overlapping: string[] = [];
  for (const file of files) {
    const plan = await planFile(root, file, commit);
    if (plan) planned.push(plan);
    else overlapping.push(file.path);
  }
  if (overlapping.length > 0)
    return { ok: false, reason: `refusing to overwrite uncommitted changes in: ${overlapping.sort().join(', ')}: the patch overlaps them (commit or stash them first)` };
  for (const plan of planned) {
    await mkdir(dirname(join(root, plan.path)), { recursive: true });
    await writeFile(join(root, plan.path), plan.working);
  }
  const written = planned.map((plan) => plan.path);
  const merged = planned.filter((plan) => plan.merged).map((plan) => plan.path);
  const outcome = { ok: true as const, written, ...(merged.length > 0 ? { merged } : {}) };
  if (!commit) return outcome;
  return { ...outcome, commit: await commitExactly(root, planned, request.commitMessage!) };
}

/** The file's new working and committed contents, or undefined when the user's changes and the patch overlap. */
async function planFile(root: string, file: ChangedFile, commit: boolean): Promise<Planned | undefined> {
  const current = readProjectFile(root, file.path);
  const working = await mergeOnto(current, file);
  if (working === undefined) return undefined;
  const plan: Planned = { path: file.path, working, merged: current !== file.before };
  if (!commit) return plan;
  const head = await headVersion(root, file.path);
  plan.committed = await mergeOnto(head, file);
  if (plan.committed === undefined) return undefined;
  plan.merged ||= head !== file.before;
  return plan;
}

/** The patch's change (before → after) applied onto `ours`; undefined when it does not apply cleanly. */
async function mergeOnto(ours: string | undefined, file: ChangedFile): Promise<string | undefined> {
  if (ours === file.before) return file.after;
  if (ours === undefined || file.before === undefined) return undefined; // created or deleted on one side only
  return mergeThreeWay({ ours, base: file.before, theirs: file.after });
}

/**
 * Commits HEAD plus the planned contents, through a temporary index so nothing else the user
 * staged or changed is committed; the user's hooks run as for any commit of theirs. The real
 * index then records the committed contents, so the user's own changes show as unstaged.
 */
async function commitExactly(root: string, planned: readonly Planned[], message: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ghostline-index-'));
  const env = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await exec('git', ['read-tree', 'HEAD'], { cwd: root, env });
    const entries: string[] = [];
    for (const plan of planned) {
      const blob = await hashObject(root, plan.committed!);
      entries.push(`${await headMode(root, plan.path)},${blob},${plan.path}`);
    }
    const cacheinfo = entries.flatMap((entry) => ['--cacheinfo', entry]);
    await exec('git', ['update-index', '--add', ...cacheinfo], { cwd: root, env });
    await exec('git', ['commit', '--quiet', '-m', message], { cwd: root, env }).catch((error: unknown) => {
      throw new Error(`git commit failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
    });
    await exec('git', ['update-index', '--add', ...cacheinfo], { cwd: root });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { stdout } = await exec('git', ['rev-parse', 'HEAD'], { cwd: root });
  return stdout.trim();
}

async function hashObject(root: string, content: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['hash-object', '-w', '--stdin'], { cwd: root }, (error, stdout) =>
      error ? reject(new Error(`git hash-object failed: ${error.message}`)) : resolve(stdout.trim()),
    );
    // A git that exits early (a broken repository) breaks the pipe: its exit status tells, the pipe's error must not end the process.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(content);
  });
}

async function isWorkTree(root: string): Promise<boolean> {
  try {
    const { stdout } = await exec('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root });
    return stdout.trim() === 'true';
  } catch {
    return false;
  }
}

/** Paths among `paths` whose staged content differs from HEAD. */
async function stagedPaths(root: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  // git reads the .gitignore files where the paths lie; one that is a FIFO would hold it (and the task) forever.
  const { stdout } = await exec('git', ['status', '--porcelain', '-z', '--', ...paths], { cwd: root, timeout: GIT_STATUS_TIMEOUT_MS }).catch((error: unknown) => {
    if ((error as { killed?: boolean }).killed) throw new Error(`git status did not answer within ${GIT_STATUS_TIMEOUT_MS / 1000} s`);
    throw error;
  });
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3 && entry[0] !== ' ' && entry[0] !== '?')
    .map((entry) => entry.slice(3));
}
