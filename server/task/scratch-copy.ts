import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { walkFolder } from '../context/index/folder-walk.js';
import { holdsToolingMarker, markedFolders } from '../context/index/left-out.js';
import { nulSeparated } from '../util/nul-separated.js';

const exec = promisify(execFile);

/**
 * Folders a walk never copies: version control data, dependencies (linked instead) and caches the checks make again.
 * Nothing is skipped for its name alone beyond these: Go's standard library has packages named `build` and `dist`.
 */
const NEVER_COPIED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', '.mypy_cache', '.pytest_cache']);
/** A project with more files than this is not copied: a partial copy would fail its build for want of the rest. */
export const MAX_COPIED_FILES = 20_000;
/** Files copied at once: the copy waits on the disk, not the CPU. */
const COPIES_AT_ONCE = 32;
/** How long git may take to list the project before it is walked instead. */
const GIT_TIMEOUT_MS = 10_000;

/** A throwaway copy of the project where a candidate patch is built and tested. */
export interface ScratchCopy {
  dir: string;
  /** The copy's highest folder: the work tree's top when the project is one folder of a larger one (see besideItsRepository), else `dir`. */
  top: string;
  /** Writes the patched files (paths relative to the root) over the copy. */
  write(files: ReadonlyMap<string, string>): Promise<void>;
  dispose(): Promise<void>;
}

/** The project's files, or (`files` empty) that there are more than a copy takes: how many when git counted them all. */
export interface ProjectFiles {
  files: string[];
  tooMany?: { counted?: number };
}

/**
 * The files a copy needs: tracked and untracked-but-not-ignored ones when the root is a git
 * work tree (what the user would commit), else the same found by a walk that honours .gitignore
 * files; never a virtual environment, whatever its name.
 */
export async function projectFiles(root: string, signal?: AbortSignal): Promise<ProjectFiles> {
  const fromGit = await gitListing(root);
  // A walk stops counting past the limit: a home folder's million files would otherwise all be listed first.
  const listed = fromGit ?? (await walkFolder(root, { skipDirs: NEVER_COPIED, signal, linksAsFiles: true, maxFiles: MAX_COPIED_FILES })).files;
  const environments = markedFolders(listed);
  const files = listed.filter((path) => !environments.some((folder) => path.startsWith(folder)));
  if (files.length <= MAX_COPIED_FILES) return { files };
  return { files: [], tooMany: fromGit ? { counted: files.length } : {} };
}

/**
 * git's listing (of the project's folder alone when it lies inside a larger work tree), the files of checked-out
 * submodules among them (git lists each submodule as one path, and only lists their files for tracked ones), or
 * undefined when the root is in no usable work tree, the work tree ignores it whole, or git held.
 */
async function gitListing(root: string): Promise<string[] | undefined> {
  const list = (...args: string[]) => exec('git', ['ls-files', '-z', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: GIT_TIMEOUT_MS });
  try {
    const [tracked, untracked] = await Promise.all([list('--cached', '--recurse-submodules'), list('--others', '--exclude-standard')]);
    const listed = [...new Set([...nulSeparated(tracked.stdout), ...nulSeparated(untracked.stdout)])];
    // None: outside a work tree git fails; inside one that ignores the whole project (another's ignored folder) it lists nothing.
    return listed.length > 0 ? listed : undefined;
  } catch {
    return undefined;
  }
}

/** Why a project cannot be checked in a scratch copy: the copy would be partial. */
export class TooLargeToCopy extends Error {
  constructor(counted: number | undefined) {
    const listed = counted === undefined ? `more than the ${MAX_COPIED_FILES} files` : `${counted} files, more than the ${MAX_COPIED_FILES}`;
    super(`the project lists ${listed} a scratch copy takes, so it was not copied`);
  }
}

/**
 * Copies the project into a new temporary folder and links what its node_modules folders hold, so the user's
 * tree is never written to while a candidate is checked. Throws TooLargeToCopy rather than make a partial
 * copy, and stops (removing what it copied) when `signal` aborts.
 */
export async function createScratchCopy(root: string, signal?: AbortSignal): Promise<ScratchCopy> {
  const { files, tooMany } = await projectFiles(root, signal);
  if (tooMany !== undefined) throw new TooLargeToCopy(tooMany.counted);
  signal?.throwIfAborted();
  const base = await mkdtemp(join(tmpdir(), 'ghostline-task-'));
  const dispose = () => rm(base, { recursive: true, force: true });
  let dir = base;
  try {
    dir = await besideItsRepository(root, base);
    await copyFiles(root, dir, files, signal);
    const own = { root: await realpath(root), copy: dir };
    for (const project of packageFolders(files)) await linkDependencies(join(root, project, 'node_modules'), join(dir, project, 'node_modules'), own);
    // The project's virtual environments (not copied) are linked as node_modules is: the checks run with what is installed there.
    for (const name of await topEnvironments(root)) await symlink(join(root, name), join(dir, name), 'dir').catch(() => undefined);
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    dir,
    top: base,
    async write(changed) {
      for (const [path, text] of changed) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
    },
    dispose,
  };
}

/**
 * Where the copy goes inside `base`: at the same place relative to its git work tree's top as the project, with the
 * other folders of each level between linked and its files copied, when the project is a folder inside a larger repository (one
 * module of a monorepo). So what the project names outside itself still resolves from the copy: a go.mod's
 * `replace ../shared`, a tsconfig's `extends: "../tsconfig.base.json"`, the go.mod or tsconfig.json of a module the
 * project is one folder of. `base` itself otherwise.
 */
async function besideItsRepository(root: string, base: string): Promise<string> {
  const top = await exec('git', ['rev-parse', '--show-toplevel'], { cwd: root, timeout: GIT_TIMEOUT_MS }).then(
    ({ stdout }) => realpath(stdout.trim()),
    () => undefined,
  );
  const inside = top === undefined ? undefined : below(top, await realpath(root));
  if (!inside) return base;
  let real = top!;
  let copy = base;
  for (const step of inside.split(sep)) {
    for (const entry of await readdir(real, { withFileTypes: true }).catch(() => [])) {
      if (entry.name === step || entry.name === '.git') continue;
      // A file is copied: the checks may write the go.mod or tsconfig.json that makes the project's module, and a link would take it to the user's.
      if (entry.isFile()) await copyFile(join(real, entry.name), join(copy, entry.name), constants.COPYFILE_FICLONE).catch(unlessVanished);
      // What a test runner run from up there writes into node_modules (its cache) stays in the copy too.
      else if (entry.name === 'node_modules' && entry.isDirectory()) await linkDependencies(join(real, entry.name), join(copy, entry.name), { root: top!, copy: base });
      else await symlink(join(real, entry.name), join(copy, entry.name)).catch(() => undefined);
    }
    real = join(real, step);
    copy = join(copy, step);
    await mkdir(copy);
  }
  return copy;
}

/** Each file copied (a clone where the file system offers one), symlinks made again; each folder made once. */
async function copyFiles(root: string, dir: string, files: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  for (const folder of new Set(files.map((file) => dirname(file)))) await mkdir(join(dir, folder), { recursive: true });
  let next = 0;
  const copier = async () => {
    while (next < files.length) {
      signal?.throwIfAborted();
      const file = files[next++]!;
      const from = join(root, file);
      const to = join(dir, file);
      const stat = await lstat(from).catch(() => undefined);
      if (!stat) continue; // deleted but still tracked
      if (stat.isSymbolicLink()) await symlink(await readlink(from), to).catch(() => undefined);
      else if (stat.isFile()) await copyFile(from, to, constants.COPYFILE_FICLONE).catch(unlessVanished);
    }
  };
  // Every copier ends before the copy is given back or removed: a copy still in flight would write into a removed folder.
  const ended = await Promise.allSettled(Array.from({ length: Math.min(COPIES_AT_ONCE, files.length) }, copier));
  const failed = ended.find((end) => end.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A file removed while the copy was made is left out, as one deleted before it; any other failure stands. */
function unlessVanished(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** Caches that tools write into node_modules (vitest's results, the config vite bundles): made in the copy, never in the user's folder. */
const DEPENDENCY_CACHES = new Set(['.vite', '.vite-temp', '.cache']);

/** The folders (relative, '' for the top) holding a package.json: each may have its own node_modules (a workspace package's). */
function packageFolders(files: readonly string[]): Set<string> {
  const folders = new Set(['']);
  for (const file of files) if (basename(file) === 'package.json') folders.add(dirname(file) === '.' ? '' : dirname(file));
  return folders;
}

/**
 * The copy's node_modules: a folder of its own whose entries link to the project's, so what the checks write there (a
 * test runner's cache) stays in the copy while every installed package resolves as in the project.
 */
async function linkDependencies(from: string, to: string, own: { root: string; copy: string }): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return;
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    if (DEPENDENCY_CACHES.has(entry.name)) continue;
    // A scope (`@org/`) holds packages linked one by one, the project's own among them.
    if (entry.name.startsWith('@') && entry.isDirectory()) await linkDependencies(join(from, entry.name), join(to, entry.name), own);
    else await symlink(await copyOf(join(from, entry.name), own), join(to, entry.name)).catch(() => undefined);
  }
}

/**
 * What a link in the copy points at: a package of the project's own (an npm, yarn or pnpm workspace links
 * `node_modules/@org/lib` to `packages/lib`) at its copy, where the patch is; anything else where it is installed
 * (inside a node_modules, pnpm's store among them, is never the project's own code).
 */
async function copyOf(installed: string, own: { root: string; copy: string }): Promise<string> {
  const inside = below(own.root, await realpath(installed).catch(() => installed));
  return inside && !inside.split(sep).includes('node_modules') ? join(own.copy, inside) : installed;
}

/** `path` relative to `folder` when it lies below it; undefined when it is the folder itself or lies elsewhere. */
function below(folder: string, path: string): string | undefined {
  const inside = relative(folder, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : undefined;
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
