import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { holdsToolingMarker, markedFolders } from '../context/index/left-out.js';
import { nulSeparated } from '../util/nul-separated.js';

const exec = promisify(execFile);

/** Folders never copied: dependencies are linked instead, build output and VCS data are not needed. */
const SKIPPED = new Set(['.git', 'node_modules', 'dist', 'build', 'out', 'coverage', '.next', '__pycache__', '.venv']);
const MAX_FILES = 20_000;
/** How long git may take to list the project before it is walked instead. */
const GIT_TIMEOUT_MS = 10_000;

/** A throwaway copy of the project where a candidate patch is built and tested. */
export interface ScratchCopy {
  dir: string;
  /** Writes the patched files (paths relative to the root) over the copy. */
  write(files: ReadonlyMap<string, string>): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The files a copy needs: tracked and untracked-but-not-ignored ones when the root is a git
 * work tree (what the user would commit), else a walk that skips dependencies and build output;
 * never a virtual environment, whatever its name.
 */
export async function projectFiles(root: string): Promise<string[]> {
  if (existsSync(join(root, '.git'))) {
    try {
      const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: GIT_TIMEOUT_MS });
      const listed = nulSeparated(stdout);
      const environments = markedFolders(listed);
      return listed.filter((path) => !environments.some((folder) => path.startsWith(folder))).slice(0, MAX_FILES);
    } catch {
      // Not a usable repository after all, or git held (it opens every .gitignore, and a FIFO holds it): walk it.
    }
  }
  const found: string[] = [];
  const queue = [''];
  while (queue.length > 0 && found.length < MAX_FILES) {
    const rel = queue.shift()!;
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
    // A virtual environment under any name (its pyvenv.cfg; `.tox` holds one per environment): thousands of files
    // the checks do not need, which would crowd the project's own out of the copy's limit.
    if (rel && holdsToolingMarker(entries)) continue;
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) found.push(path);
    }
  }
  return found;
}

/**
 * Copies the project into a new temporary folder and links its node_modules, so the user's tree
 * is never written to while a candidate is checked.
 */
export async function createScratchCopy(root: string): Promise<ScratchCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'ghostline-task-'));
  for (const file of await projectFiles(root)) {
    const from = join(root, file);
    const to = join(dir, file);
    const stat = await lstat(from).catch(() => undefined);
    if (!stat) continue; // deleted but still tracked
    await mkdir(dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) await symlink(await readlink(from), to).catch(() => undefined);
    else if (stat.isFile()) await copyFile(from, to);
  }
  if (existsSync(join(root, 'node_modules'))) await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir').catch(() => undefined);
  // The project's virtual environments (not copied) are linked as node_modules is: the checks run with what is installed there.
  for (const name of await topEnvironments(root)) await symlink(join(root, name), join(dir, name), 'dir').catch(() => undefined);
  return {
    dir,
    async write(files) {
      for (const [path, text] of files) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The folders at the project's top that a tooling marker makes environments (`.venv`, `venv`, `env` …). */
async function topEnvironments(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const inside = await readdir(join(root, entry.name), { withFileTypes: true }).catch(() => []);
    if (holdsToolingMarker(inside)) found.push(entry.name);
  }
  return found;
}
