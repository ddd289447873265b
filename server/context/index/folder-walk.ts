import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularFile, readRegularFileSync, type ReadResult, type ReadSkip } from '../../util/safe-read.js';
import { holdsToolingMarker, MAX_GITIGNORE_BYTES } from './left-out.js';

/** The file-system calls the listing makes (only stat-like calls, and reads of .gitignore files). */
export interface ListingFs {
  stat(path: string): Promise<Stats>;
  lstat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  readdir(path: string): Promise<Dirent[]>;
  readText(path: string, maxBytes: number): Promise<ReadResult>;
}

/** Through the event loop: a server keeps answering while a large folder is listed. */
export const EVENT_LOOP_FS: ListingFs = {
  stat: (path) => stat(path),
  lstat: (path) => lstat(path),
  realpath: (path) => realpath(path),
  readdir: (path) => readdir(path, { withFileTypes: true }),
  readText: (path, maxBytes) => readRegularFile(path, { maxBytes }),
};

/** Blocking calls behind the same interface. */
export const BLOCKING_FS: ListingFs = {
  stat: async (path) => statSync(path),
  lstat: async (path) => lstatSync(path),
  realpath: async (path) => realpathSync(path),
  readdir: async (path) => readdirSync(path, { withFileTypes: true }),
  readText: async (path, maxBytes) => readRegularFileSync(path, { maxBytes }),
};

interface Frame {
  dir: string;
  /** .gitignore rules in force here, each with the directory its patterns are relative to. */
  rules: Array<{ base: string; matcher: Ignore }>;
}

/** What a walk could not look into, and why. */
export interface WalkSkip {
  path: string;
  reason: 'vanished' | 'unreadable' | 'symlink-loop' | Exclude<ReadSkip, 'missing'>;
}

export interface WalkInput {
  /** Folder names never entered, at any depth. */
  skipDirs: ReadonlySet<string>;
  signal?: AbortSignal;
  fs?: ListingFs;
  /** A symlink is listed as a file, never followed (a copy makes the link again rather than copy what it points at). */
  linksAsFiles?: boolean;
  /** The walk stops after the folder in which it found more files than this: a caller that takes no more need not wait for the rest. */
  maxFiles?: number;
}

export interface WalkResult {
  /** Files and symlinks to files, relative to the root with forward slashes, in breadth-first order. */
  files: string[];
  skipped: WalkSkip[];
  /** Folders a tooling marker (pyvenv.cfg) makes a virtual environment, relative with a trailing slash: not entered. */
  toolingFolders: string[];
}

/**
 * The files of a folder that git would list as tracked or untracked-but-not-ignored, without git: a breadth-first walk
 * honouring the .gitignore files it meets, that follows directory symlinks once each (by real path).
 */
export async function walkFolder(root: string, input: WalkInput): Promise<WalkResult> {
  const { signal, skipDirs } = input;
  const fs = input.fs ?? EVENT_LOOP_FS;
  const skipped: WalkSkip[] = [];
  const toolingFolders: string[] = [];
  const out: string[] = [];
  const seen = new Set<string>();
  const queue: Frame[] = [{ dir: root, rules: [] }];
  while (queue.length > 0 && !signal?.aborted && out.length <= (input.maxFiles ?? Infinity)) {
    const frame = queue.shift()!;
    const rel = toPosix(relative(root, frame.dir));
    let real: string;
    try {
      real = await fs.realpath(frame.dir);
    } catch (error) {
      skipped.push({ path: rel || '.', reason: errorCode(error) === 'ENOENT' ? 'vanished' : 'unreadable' });
      continue;
    }
    if (seen.has(real)) {
      skipped.push({ path: rel, reason: 'symlink-loop' });
      continue;
    }
    seen.add(real);
    const rules = [...frame.rules];
    const gitignore = await fs.readText(join(frame.dir, '.gitignore'), MAX_GITIGNORE_BYTES);
    if (gitignore.ok) rules.push({ base: frame.dir, matcher: ignore().add(gitignore.text) });
    else if (gitignore.reason !== 'missing') skipped.push({ path: rel ? `${rel}/.gitignore` : '.gitignore', reason: gitignore.reason });

    let entries;
    try {
      entries = await fs.readdir(frame.dir);
    } catch (error) {
      skipped.push({ path: rel || '.', reason: errorCode(error) === 'ENOENT' ? 'vanished' : 'unreadable' });
      continue;
    }
    // A virtual environment below the workspace's folder (its pyvenv.cfg) is not walked.
    if (rel && holdsToolingMarker(entries)) {
      toolingFolders.push(`${rel}/`);
      continue;
    }
    for (const entry of entries) {
      const absolute = join(frame.dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink() && !input.linksAsFiles)
        isDir = await fs.stat(absolute).then(
          (info) => info.isDirectory(),
          () => false,
        );
      if (ignoredBy(rules, absolute, isDir)) continue;
      const entryRel = toPosix(relative(root, absolute));
      if (isDir) {
        if (skipDirs.has(entry.name)) continue;
        queue.push({ dir: absolute, rules });
      } else {
        out.push(entryRel);
      }
    }
  }
  return { files: out, skipped, toolingFolders };
}

function ignoredBy(rules: Frame['rules'], absolute: string, isDir: boolean): boolean {
  for (const { base, matcher } of rules) {
    const rel = toPosix(relative(base, absolute));
    if (rel && matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
