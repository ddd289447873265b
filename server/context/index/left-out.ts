import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ignore, { type Ignore } from 'ignore';
import { nulSeparated } from '../../util/nul-separated.js';
import { readRegularFile } from '../../util/safe-read.js';
import { toolingMarkers } from '../../syntax/modules.js';

const run = promisify(execFile);

/** Files that make the folder holding them tooling whatever its name (a virtual environment's pyvenv.cfg). */
const TOOLING_MARKERS = new Set(toolingMarkers());

/** Largest .gitignore (or .gitmodules) read; a bigger one is skipped like any oversized file. */
export const MAX_GITIGNORE_BYTES = 1_000_000;

/** How long one `git check-ignore` may take before git is taken for held and its files judged as a walk judges them. */
const CHECK_TIMEOUT_MS = 10_000;

/** Folders where git ran out of time (a FIFO `.gitignore` holds it forever): listed and judged without git from then on. */
const gitHeld = new Set<string>();

/** Whether git ran out of time in `root` before. */
export function gitHeldAt(root: string): boolean {
  return gitHeld.has(root);
}

/** Remembers that git ran out of time in `root`: the next listing or question would wait as long. */
export function holdGit(root: string): void {
  gitHeld.add(root);
}

/** Whether a workspace-relative path names a tooling marker (`venv/pyvenv.cfg`); one at the workspace's top marks nothing. */
export function isToolingMarker(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return slash > 0 && TOOLING_MARKERS.has(path.slice(slash + 1));
}

/** Whether a folder's entries (from `readdir` with file types) hold a tooling marker file (a walk does not go into it). */
export function holdsToolingMarker(entries: ReadonlyArray<{ name: string; isDirectory(): boolean }>): boolean {
  return entries.some((entry) => !entry.isDirectory() && TOOLING_MARKERS.has(entry.name));
}

/** The folders (`venv/`, with the slash) that the markers among listed paths make tooling. */
export function markedFolders(paths: readonly string[]): string[] {
  return paths.filter(isToolingMarker).map((path) => path.slice(0, path.lastIndexOf('/') + 1));
}

/** What a listing of a folder was, as far as judging one path later needs. */
export interface ListingKind {
  /** `git ls-files` (git's ignore rules) or a walk (the .gitignore files along the way). */
  source: 'git' | 'walk';
  /** Folders a tooling marker made tooling (`venv/`). */
  toolingFolders: readonly string[];
  /** Git repositories of their own inside a git-listed folder, submodules too: git lists each as one path, none of its files. */
  nestedRepositories?: readonly string[];
}

/**
 * What the listing of a workspace folder leaves out, for a file the editor reports on its own
 * (workspace/didChangeWatchedFiles): a file that git ignores, or that lies in a virtual environment,
 * is left out as a build would leave it out (a `pip install` into an ignored `venv/`, or `tsc` writing
 * an ignored `dist/`, reports thousands). The files of one moment are asked about together: one
 * `git check-ignore` for all of them.
 */
export class LeftOut {
  private kind: ListingKind | undefined;
  private tooling: string[] = [];
  private pending: Array<{ path: string; answer: (leftOut: boolean) => void }> = [];

  constructor(private readonly root: string) {}

  /** The last listing's kind; before the first, nothing is left out. */
  remember(kind: ListingKind): void {
    this.kind = kind;
    this.tooling = [...kind.toolingFolders];
  }

  /** A tooling marker appeared (its folder is left out from now on) or went (its folder is not). */
  markerChanged(path: string, present: boolean): void {
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    this.tooling = this.tooling.filter((known) => known !== folder);
    if (present) this.tooling.push(folder);
  }

  /** Whether `path` lies in a folder a tooling marker makes tooling. */
  inTooling(path: string): boolean {
    return this.tooling.some((folder) => path.startsWith(folder));
  }

  /** Whether a listing now would leave `path` (workspace-relative) out. */
  leavesOut(path: string): Promise<boolean> {
    if (this.inTooling(path) || this.kind?.nestedRepositories?.some((folder) => path.startsWith(folder))) return Promise.resolve(true);
    if (!this.kind) return Promise.resolve(false);
    return new Promise((answer) => {
      this.pending.push({ path, answer });
      if (this.pending.length === 1) setImmediate(() => void this.answerPending());
    });
  }

  private async answerPending(): Promise<void> {
    const batch = this.pending.splice(0);
    const paths = batch.map((entry) => entry.path);
    // Whatever goes wrong, every question is answered: a file whose answer never came would never be indexed.
    const ignored = await (this.kind?.source === 'git' ? gitIgnored(this.root, paths) : walkIgnored(this.root, paths)).catch(() => new Set<string>());
    for (const { path, answer } of batch) answer(ignored.has(path));
  }
}

/** The paths git's ignore rules leave out (tracked files never are); none when git cannot say. */
async function gitIgnored(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (gitHeldAt(root)) return walkIgnored(root, paths);
  const asked = run('git', ['-C', root, 'check-ignore', '--stdin', '-z'], { encoding: 'utf8', timeout: CHECK_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  // git may exit before reading them all (not a work tree any more): the pipe's error is its exit status's to tell.
  asked.child.stdin?.on('error', () => undefined);
  asked.child.stdin?.end(paths.join('\0') + '\0');
  try {
    return new Set(nulSeparated((await asked).stdout));
  } catch (error) {
    // Held (a FIFO .gitignore): these and later files are judged by the .gitignore files as a walk reads them.
    if ((error as { killed?: boolean }).killed) {
      holdGit(root);
      return walkIgnored(root, paths);
    }
    // Exit status 1 says none is ignored; any other failure (no longer a work tree) admits them, as before.
    return new Set();
  }
}

/** The paths the .gitignore files of their folders and those above leave out, read as the walk reads them. */
async function walkIgnored(root: string, paths: readonly string[]): Promise<Set<string>> {
  const rules = new Map<string, Promise<Ignore | undefined>>();
  const ruleOf = (dir: string) => {
    let found = rules.get(dir);
    if (!found) {
      found = readRegularFile(join(root, dir, '.gitignore'), { maxBytes: MAX_GITIGNORE_BYTES }).then((read) => (read.ok ? ignore().add(read.text) : undefined));
      rules.set(dir, found);
    }
    return found;
  };
  const ignored = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    for (let depth = 0; depth < segments.length; depth++) {
      const matcher = await ruleOf(segments.slice(0, depth).join('/'));
      // Each folder's patterns are relative to it; the matcher also tries the folders between.
      if (matcher?.ignores(segments.slice(depth).join('/'))) {
        ignored.add(path);
        break;
      }
    }
  }
  return ignored;
}
