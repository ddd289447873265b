import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, type FileRecord } from '../../context/index/file-record.js';
import type { Steps } from '../../util/steps.js';

/** Files larger than this are not read for their bodies: generated tables say nothing about a task. */
const MAX_BYTES = 512 * 1024;

/**
 * The source of each declaration of a file, as the index does not keep it: its own lines (a class
 * without its members' lines, which are the members') and the comment lines just above it, where
 * its full doc comment sits. Undefined when the file on disk is not the indexed one (an unsaved
 * edit, a change since indexing) or cannot be read as a regular file. In three steps (the read and its hash, the
 * painting of lines, the parts): on a file of a few hundred kilobytes the whole took 3-12 ms in one step of the
 * localization model's build, on the editor's thread.
 */
export function* declarationSourceSteps(root: string, record: FileRecord): Steps<string[] | undefined> {
  const text = readIndexed(root, record);
  if (text === undefined) return undefined;
  yield;
  const lines = text.split('\n');
  // Each line belongs to the innermost declaration holding it: paint larger spans first, inner ones
  // over them. A declaration also takes the unbroken run of lines just above it that its parent
  // held (its doc comment, decorators), up to a blank line.
  const owner = new Int32Array(lines.length).fill(-1);
  const order = record.declarations.map((_, i) => i).sort((a, b) => span(record, b) - span(record, a));
  for (const i of order) {
    const { line, endLine } = record.declarations[i]!;
    const parent = owner[line] ?? -1;
    for (let l = Math.max(0, line); l <= Math.min(endLine, lines.length - 1); l++) owner[l] = i;
    for (let l = line - 1; l >= 0 && owner[l] === parent && lines[l]!.trim() !== ''; l--) owner[l] = i;
  }
  yield;
  const parts: string[][] = record.declarations.map(() => []);
  for (let l = 0; l < lines.length; l++) if (owner[l]! >= 0) parts[owner[l]!]!.push(lines[l]!);
  return parts.map((part) => part.join('\n'));
}

function span(record: FileRecord, i: number): number {
  const declaration = record.declarations[i]!;
  return declaration.endLine - declaration.line;
}

/** The file's text when it is a regular file, not too large, and what the index was built from. */
function readIndexed(root: string, record: FileRecord): string | undefined {
  const path = join(root, record.path);
  try {
    // lstat first: reading a FIFO would block the whole process.
    const stat = lstatSync(path);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return contentHash(text) === record.hash ? text : undefined;
  } catch {
    return undefined;
  }
}
