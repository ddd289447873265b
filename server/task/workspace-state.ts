import { createHash } from 'node:crypto';
import type { IndexLimits } from '../context/index/build-types.js';
import { listWorkspaceFiles } from '../context/index/workspace-files.js';
import { ManifestReader } from '../syntax/manifests.js';

/*
 * What a saved localization model was built from, checkable without reading or parsing a source
 * file: the listing of the workspace (every file's path, size and mtime, what was skipped and
 * why, the limits) taken before the index was built, and the manifests import resolution read.
 * The same listing and the same manifests mean the index would be rebuilt record for record from
 * its cache, so the model saved with it is the model of the files on disk now.
 */

export interface WorkspaceState {
  /** Digest of the listing (see {@link listingDigest}). */
  listing: string;
  /** Manifests looked up while the model was built, workspace-relative. */
  manifests: string[];
  /** The index's digest of their contents. */
  manifestDigest: string;
}

/**
 * A digest of the workspace's file listing as the index sees it, with `salt` (format and code
 * versions) mixed in. A file edited, added, deleted or touched changes it. Taken before an index
 * build, it is at worst older than what the build read, which only makes the next check fail.
 */
export async function listingDigest(root: string, limits: IndexLimits, salt: string): Promise<string> {
  // Blocking calls: the command waits for this listing and nothing else, and each costs far less CPU.
  const listing = await listWorkspaceFiles(root, { ...limits, blocking: true });
  const hash = createHash('sha1').update(`${salt}\0${root}\0${JSON.stringify([limits.maxFileBytes, limits.maxFiles, limits.exclude ?? []])}\0${listing.source}\n`);
  for (const file of listing.files) hash.update(`${file.relative}\0${file.size}\0${file.mtimeMs}\n`);
  for (const skipped of listing.skipped) hash.update(`-${skipped.path}\0${skipped.reason}\n`);
  for (const manifest of listing.manifests) hash.update(`+${manifest}\n`);
  return hash.digest('hex');
}

/** Whether the manifests a saved state names still read as they did (read within the index's own limits). */
export async function manifestsUnchanged(root: string, state: WorkspaceState): Promise<boolean> {
  const reader = new ManifestReader(root);
  await reader.preload(state.manifests);
  return reader.digest() === state.manifestDigest;
}
