import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let cacheHome: string | undefined;

/** One temporary cache folder per test file, shared by its servers as a user's would be (removed after the file: see setup.ts). */
export function testCacheHome(): string {
  return (cacheHome ??= mkdtempSync(join(tmpdir(), 'ghostline-test-cache-')));
}

/** Removes the test file's cache folder, if one was made. */
export function removeTestCacheHome(): void {
  if (cacheHome !== undefined) rmSync(cacheHome, { recursive: true, force: true });
  cacheHome = undefined;
}
