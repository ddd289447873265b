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

/** A file's text as the build hands it to a `RecordParser`. */
export interface RecordInput {
  path: string;
  text: string;
  hash: string;
  mtimeMs: number;
}

/**
 * Parses files into index records on another thread (the language server's index worker), so a large file's
 * parse never holds the thread that answers the editor. Answers the records in the order asked (undefined for
 * a file that did not parse), or undefined when it cannot (then the build parses on its own thread).
 */
export interface RecordParser {
  records(files: readonly RecordInput[]): Promise<Array<FileRecord | undefined> | undefined>;
}

export interface BuildOptions {
  signal?: AbortSignal;
  /** Where the files read are parsed; default the calling thread. */
  parser?: RecordParser;
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
