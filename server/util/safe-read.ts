import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';

/**
 * Why a file was not read. A FIFO, socket or device must never be opened: reading a FIFO blocks
 * the whole process (readFileSync) or never settles (fs.promises.readFile).
 */
export type ReadSkip = 'missing' | 'dangling-symlink' | 'not-regular' | 'too-large' | 'timeout' | 'unreadable';

export type ReadResult = { ok: true; text: string; size: number; mtimeMs: number } | { ok: false; reason: ReadSkip; detail: string };

export interface ReadLimits {
  /** Files larger than this are not read. */
  maxBytes: number;
  /** A read still pending after this long is given up (the file is reported as skipped). */
  timeoutMs?: number;
}

/** Default time a single read may take: far above any local disk, short enough that a stuck mount cannot stall indexing. */
export const READ_TIMEOUT_MS = 5000;

const CHUNK_BYTES = 64 * 1024;
// O_NONBLOCK makes open() return at once even if a FIFO was swapped in after the stat check.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** What kind of file a stat describes, for messages ("a FIFO", "a socket"). */
export function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads a regular file as UTF-8, asynchronously, within a size and a time limit. Never opens
 * anything else: a FIFO, socket, device or dangling symlink comes back as a skip with its reason.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<ReadResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = limits.timeoutMs ?? READ_TIMEOUT_MS;
  const timeout = new Promise<ReadResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([readChecked(path, limits.maxBytes), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readChecked(path: string, maxBytes: number): Promise<ReadResult> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    return missing(
      error,
      await lstat(path).then(
        (link) => link.isSymbolicLink(),
        () => false,
      ),
    );
  }
  const refused = refuse(info, maxBytes);
  if (refused) return refused;
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    // Checked again on what was opened: the path may have been replaced since the stat.
    const opened = await handle.stat();
    const changed = refuse(opened, maxBytes);
    if (changed) return changed;
    // Read to the end rather than to the stat's size: files in /proc stat as empty, and a file may grow.
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return tooLarge(total, maxBytes);
      parts.push(buffer.subarray(0, bytesRead));
    }
    const text = Buffer.concat(parts, total).toString('utf8');
    return { ok: true, text, size: total, mtimeMs: opened.mtimeMs };
  } catch (error) {
    return failed(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The synchronous form, for callers that cannot wait (manifests read while resolving an import):
 * the same checks and limits, and O_NONBLOCK, so it cannot block on a FIFO; a regular local file
 * is read at once. Prefer {@link readRegularFile}.
 */
export function readRegularFileSync(path: string, limits: { maxBytes: number }): ReadResult {
  let info: Stats;
  try {
    info = statSync(path);
  } catch (error) {
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      // Nothing there at all.
    }
    return missing(error, link);
  }
  const refused = refuse(info, limits.maxBytes);
  if (refused) return refused;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    const opened = fstatSync(fd);
    const changed = refuse(opened, limits.maxBytes);
    if (changed) return changed;
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      total += read;
      if (total > limits.maxBytes) return tooLarge(total, limits.maxBytes);
      parts.push(buffer.subarray(0, read));
    }
    return { ok: true, text: Buffer.concat(parts, total).toString('utf8'), size: total, mtimeMs: opened.mtimeMs };
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}

function refuse(info: Stats, maxBytes: number): ReadResult | undefined {
  if (!info.isFile()) return { ok: false, reason: 'not-regular', detail: kindOf(info) };
  if (info.size > maxBytes) return tooLarge(info.size, maxBytes);
  return undefined;
}

function tooLarge(size: number, maxBytes: number): ReadResult {
  return { ok: false, reason: 'too-large', detail: `${size} bytes or more, over ${maxBytes}` };
}

function missing(error: unknown, symlink: boolean): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return symlink ? { ok: false, reason: 'dangling-symlink', detail: 'a symlink to nothing' } : { ok: false, reason: 'missing', detail: 'no such file' };
  }
  return failed(error);
}

function failed(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, reason: 'missing', detail: 'no such file' };
  return { ok: false, reason: 'unreadable', detail: code ?? (error as Error).message };
}
