import { execFile } from 'node:child_process';
import { type Stats } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ignore from 'ignore';
import { nulSeparated } from '../../util/nul-separated.js';
import type { ReadSkip } from '../../util/safe-read.js';
import { ManifestReader } from '../../syntax/manifests.js';
import { allModules, sourceExtensions } from '../../syntax/modules.js';
import { isSecretPath } from './secrets.js';
import { gitHeldAt, holdGit, markedFolders, MAX_GITIGNORE_BYTES, type ListingKind } from './left-out.js';
import { BLOCKING_FS, errorCode, EVENT_LOOP_FS, walkFolder, type ListingFs } from './folder-walk.js';

const run = promisify(execFile);

/** Extensions of the languages Ghostline parses, from grammars/registry.ts (a new language needs no edit here). */
export const SOURCE_EXTENSIONS: readonly string[] = sourceExtensions();

/** Directories never indexed: version control and caches, and each language's tooling (dependencies, virtual environments, test inputs). */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '.cache', ...allModules().flatMap((module) => module.environment.toolingDirs)]);

/** File names that mark generated or bundled code by each language's convention. */
const GENERATED_NAMES = allModules().flatMap((module) => module.environment.generatedFiles ?? []);

/** How long `git ls-files` may take (about a second for 400,000 files) before the folder is walked instead. */
const GIT_LISTING_TIMEOUT_MS = 10_000;

export type SkipReason =
  | 'secret'
  | 'excluded'
  | 'too-large'
  | 'generated'
  | 'ignored-dir'
  | 'symlink-loop'
  | 'unreadable'
  | 'vanished'
  | 'limit'
  | 'syntax-errors'
  // A FIFO, socket or device: never opened (reading a FIFO blocks forever).
  | 'not-regular'
  | 'dangling-symlink'
  // A read that did not finish within its time limit.
  | 'timeout';

/** The index's name for why a read was refused; undefined when the file simply is not there. */
export function skipReasonOfRead(reason: ReadSkip): SkipReason | undefined {
  return reason === 'missing' ? undefined : reason;
}

export interface WorkspaceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace folder, with forward slashes. */
  relative: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export interface FileListing extends ListingKind {
  files: WorkspaceFile[];
  skipped: SkippedFile[];
  /** Manifests (go.mod, package.json, tsconfig.json …) outside ignored directories, workspace-relative. */
  manifests: string[];
}

export interface ListOptions {
  maxFileBytes: number;
  maxFiles: number;
  /** The user's own exclusions (context.exclude), as .gitignore patterns. */
  exclude?: readonly string[];
  signal?: AbortSignal;
  /** Blocking file-system calls: cheaper per call, for a one-shot command that has nothing else to do meanwhile. */
  blocking?: boolean;
}

/** Matches workspace-relative paths against .gitignore-style patterns; the same patterns give the same matcher. */
export function exclusionMatcher(patterns: readonly string[] = []): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matcher = ignore().add([...patterns]);
  return (relativePath) => matcher.ignores(relativePath);
}

/** Whether a path has one of the parsed languages' extensions. */
export function isSourcePath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && SOURCE_EXTENSIONS.includes(path.slice(dot).toLowerCase());
}

/**
 * Why a workspace-relative path must not be indexed, judged from its name alone, or undefined
 * when it may be. Shared by the full listing and by single-file updates from the editor.
 */
export function pathSkipReason(relativePath: string): SkipReason | undefined {
  if (isSecretPath(relativePath)) return 'secret';
  const segments = relativePath.split('/');
  if (segments.slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment))) return 'ignored-dir';
  if (GENERATED_NAMES.some((pattern) => pattern.test(relativePath))) return 'generated';
  return undefined;
}

/**
 * The source files of a workspace folder that git would track: `git ls-files` inside a
 * repository, else a walk that honours .gitignore files. Symlink loops, unreadable directories
 * and files that vanish mid-listing are reported as skipped, never thrown.
 */
export async function listWorkspaceFiles(root: string, options: ListOptions): Promise<FileListing> {
  const skipped: SkippedFile[] = [];
  const fs = options.blocking ? BLOCKING_FS : EVENT_LOOP_FS;
  // An empty list means the folder is not in a work tree, or the enclosing repository ignores it
  // whole (a folder opened on its own inside another project's ignored directory): walk it then.
  let candidates = await gitFiles(root);
  if (candidates?.length === 0) candidates = undefined;
  const source = candidates ? 'git' : 'walk';
  const toolingFolders: string[] = [];
  if (!candidates) {
    const walked = await walkFolder(root, { skipDirs: SKIPPED_DIRS, signal: options.signal, fs });
    candidates = walked.files;
    skipped.push(...walked.skipped);
    toolingFolders.push(...walked.toolingFolders);
  } else toolingFolders.push(...markedFolders(candidates));
  const nestedRepositories = source === 'git' ? [...candidates.filter((path) => path.endsWith('/')), ...(await submoduleFolders(root, candidates, fs))] : [];

  const files: WorkspaceFile[] = [];
  const manifests: string[] = [];
  const excluded = exclusionMatcher(options.exclude);
  for (const rel of candidates) {
    if (options.signal?.aborted) break;
    if (toolingFolders.some((folder) => rel.startsWith(folder))) continue;
    if (ManifestReader.isManifest(rel) && !pathSkipReason(rel)) manifests.push(rel);
    if (!isSourcePath(rel)) continue;
    const reason = pathSkipReason(rel) ?? (excluded(rel) ? 'excluded' : undefined);
    if (reason) {
      skipped.push({ path: rel, reason });
      continue;
    }
    if (files.length >= options.maxFiles) {
      skipped.push({ path: rel, reason: 'limit' });
      continue;
    }
    const absolute = join(root, rel);
    const found = await regularFileInfo(absolute, fs);
    if (!found.ok) skipped.push({ path: rel, reason: found.reason });
    else if (found.info.size > options.maxFileBytes) skipped.push({ path: rel, reason: 'too-large' });
    else files.push({ path: absolute, relative: rel, size: found.info.size, mtimeMs: found.info.mtimeMs });
  }
  return { files, skipped, source, manifests, toolingFolders, nestedRepositories };
}

/** The folders (`lib/`) of the submodules the top `.gitmodules` names: git lists each as one path, none of its files. */
async function submoduleFolders(root: string, listed: readonly string[], fs: ListingFs): Promise<string[]> {
  if (!listed.includes('.gitmodules')) return [];
  const read = await fs.readText(join(root, '.gitmodules'), MAX_GITIGNORE_BYTES);
  return read.ok ? [...read.text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)].map((match) => `${match[1]}/`) : [];
}

/** The stat of a regular file (through a symlink), or why the path is not one; only stat calls, nothing is opened. */
async function regularFileInfo(absolute: string, fs: ListingFs): Promise<{ ok: true; info: Stats } | { ok: false; reason: SkipReason }> {
  try {
    const info = await fs.stat(absolute);
    return info.isFile() ? { ok: true, info } : { ok: false, reason: 'not-regular' };
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return { ok: false, reason: 'unreadable' };
    const link = await fs.lstat(absolute).then(
      (entry) => entry.isSymbolicLink(),
      () => false,
    );
    return { ok: false, reason: link ? 'dangling-symlink' : 'vanished' };
  }
}

/**
 * Tracked and untracked-but-not-ignored files, or undefined when `root` is not in a git work tree, or git did not
 * answer in time: it opens every `.gitignore` it meets, and one that is a FIFO holds it forever (the walk then lists
 * the folder, and reports that `.gitignore` as not a regular file).
 */
async function gitFiles(root: string): Promise<string[] | undefined> {
  if (gitHeldAt(root)) return undefined;
  try {
    const { stdout } = await run('git', ['-C', root, 'ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8',
      timeout: GIT_LISTING_TIMEOUT_MS,
    });
    return [...new Set(nulSeparated(stdout))];
  } catch (error) {
    // Held once, held again: the poll watcher's next look would wait as long.
    if ((error as { killed?: boolean }).killed) holdGit(root);
    return undefined;
  }
}
