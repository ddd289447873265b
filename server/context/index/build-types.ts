import type { FileRecord } from './file-record.js';
import type { WorkspaceIndex } from './workspace-index.js';
import type { SkippedFile } from './workspace-files.js';

export interface IndexLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** context.exclude: .gitignore patterns of files never indexed nor sent. */
  exclude?: readonly string[];
}

export interface BuildReport {
  indexed: number;
  /** Files whose record came from the on-disk cache instead of a parse. */
  fromCache: number;
  skipped: SkippedFile[];
  /** Files indexed although tree-sitter found syntax errors in them. */
  withSyntaxErrors: number;
  durationMs: number;
  source: 'git' | 'walk';
}

export interface BuildOptions {
  signal?: AbortSignal;
  /** Records from a previous run, by path; reused when mtime and size (or else the content hash) match. */
  cached?: ReadonlyMap<string, FileRecord>;
  progress?: (done: number, total: number) => void;
}

/** The index holding a document (the first folder containing it, for nested folders) and its workspace-relative path. */
export function locateFile(indexes: readonly WorkspaceIndex[], uri: string): { index: WorkspaceIndex; file: string } | undefined {
  for (const index of indexes) {
    const file = index.relativePath(uri);
    if (file !== undefined) return { index, file };
  }
  return undefined;
}
