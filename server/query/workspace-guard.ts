import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { REDACTED, redactSecrets } from '../context/index/secrets.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';

/** A path from outside (a tool argument) that may not be used, with the reason given back to the caller. */
export class PathRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathRejected';
  }
}

/** Largest file read to show lines from; larger ones are not in the index either. */
const MAX_READ_BYTES = 2_000_000;

/**
 * Turns a caller's path (workspace-relative, or absolute inside the root) into a
 * workspace-relative one with forward slashes, or throws PathRejected: `..` segments, absolute
 * paths elsewhere, and secret or excluded paths are refused before anything touches the disk.
 */
export function workspacePath(index: WorkspaceIndex, input: string): string {
  const cleaned = input.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (cleaned === '' || cleaned === '.') return '';
  if (cleaned.split('/').includes('..')) throw new PathRejected(`"${input}": paths may not contain ".."`);
  if (cleaned.includes('\0')) throw new PathRejected(`"${input}": not a path`);
  let rel = cleaned;
  if (isAbsolute(cleaned)) {
    rel = relative(index.root, cleaned);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new PathRejected(`"${input}" lies outside the workspace ${index.root}`);
    rel = rel.split(sep).join('/');
  }
  rel = rel.replace(/^(\.\/)+/, '');
  if (rel !== '') assertNotExcluded(index, rel, input);
  return rel;
}

/**
 * Checks on disk that a workspace path resolves inside the root: a symlink (the path itself or
 * a folder on the way) leading out of the workspace is refused, as is anything missing.
 */
export async function assertInsideOnDisk(index: WorkspaceIndex, rel: string): Promise<string> {
  const absolute = resolve(index.root, rel);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(absolute), realpath(index.root)]);
  } catch {
    throw new PathRejected(`"${rel}" does not exist in the workspace`);
  }
  const inside = relative(realRoot, real);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new PathRejected(`"${rel}" leads outside the workspace (through a symbolic link)`);
  const realRel = inside.split(sep).join('/');
  if (realRel !== '') assertNotExcluded(index, realRel, rel);
  return real;
}

function assertNotExcluded(index: WorkspaceIndex, rel: string, input: string): void {
  const reason = index.exclusion(rel);
  if (reason === 'secret') throw new PathRejected(`"${input}" looks like a secret; Ghostline never returns it`);
  if (reason !== undefined) throw new PathRejected(`"${input}" is not indexed (${reason})`);
}

/**
 * Lines `from`..`to` (1-based, inclusive) of a workspace file, with token-like strings redacted.
 * Only regular files inside the root are read (a FIFO would block forever, a link could lead out).
 */
export async function readWorkspaceLines(index: WorkspaceIndex, rel: string, from: number, to: number): Promise<string[]> {
  const real = await assertInsideOnDisk(index, rel);
  const info = await lstat(real);
  if (!info.isFile() || info.size > MAX_READ_BYTES) throw new PathRejected(`"${rel}" is not a readable source file`);
  const lines = blankKeyBlocks(await readFile(real, 'utf8')).split('\n');
  const first = Math.max(1, from);
  const last = Math.min(lines.length, to);
  return lines.slice(first - 1, last).map((line) => redactSecrets(line.replace(/\r$/, '')));
}

const KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/**
 * Private-key blocks span lines, and lines are redacted one at a time: the whole block becomes
 * `[REDACTED]` lines first, as many as it had, so every other line keeps its number.
 */
function blankKeyBlocks(text: string): string {
  return text.replace(KEY_BLOCK, (block) =>
    block
      .split('\n')
      .map(() => REDACTED)
      .join('\n'),
  );
}

/** Whether `path` is `dir` or lies under it (workspace-relative, forward slashes; '' is the root). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}
