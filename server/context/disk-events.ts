import { join } from 'node:path';
import type { Logger } from '../util/logger.js';
import { readRegularFile } from '../util/safe-read.js';
import type { RecordParser } from './index/build-types.js';
import type { FileRecord } from './index/file-record.js';
import type { WorkspaceIndex } from './index/workspace-index.js';
import type { FileChangeSource } from './service-types.js';

/**
 * Orders the file-system events of one workspace folder. Reading a file is asynchronous, so a
 * later event for the same file, or the deletion of a folder holding it, can be handled while the
 * read is in flight; what that read returns is then stale and must not reach the index.
 */
export class DiskEventOrder {
  private sequence = 0;
  /** The latest event per file path, and per deleted folder as `folder/`. */
  private readonly latest = new Map<string, number>();

  /** Starts handling an event for `path`; the ticket says whether a later event overtook it. */
  begin(path: string): number {
    const ticket = ++this.sequence;
    this.latest.set(path, ticket);
    return ticket;
  }

  /** A file was deleted (and forgotten at once): a read of it in flight is stale. */
  deleted(path: string): void {
    this.latest.delete(path);
  }

  /** A folder was deleted: every read in flight under it is stale. */
  folderDeleted(folder: string): void {
    this.latest.set(`${folder}/`, ++this.sequence);
  }

  /** Whether the event that got `ticket` is still the latest word on `path`. */
  current(path: string, ticket: number): boolean {
    if (this.latest.get(path) !== ticket) return false;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const deleted = this.latest.get(path.slice(0, slash + 1));
      if (deleted !== undefined && deleted > ticket) return false;
    }
    return true;
  }

  /** The event for `path` is handled; forgets it unless a later one is in flight. */
  end(path: string, ticket: number): void {
    if (this.latest.get(path) === ticket) this.latest.delete(path);
  }
}

/**
 * A source file that changed on disk and is not open in the editor: left out when a listing of the folder would leave
 * it out (git ignores it, or it lies in a virtual environment), else read (a regular file within `maxBytes`), parsed
 * by the index worker when there is one (a large file's parse would hold the thread that answers the editor), and
 * stored, or removed when it cannot be read. A later event for the file, or its folder deleted, handled while this
 * read or parsed has the last word; so has the editor's text if the file was opened meanwhile, and nothing if its
 * folder was closed (`overtaken`): then undefined, and the index is left alone.
 */
export async function readChanged(input: {
  index: WorkspaceIndex;
  file: string;
  source: FileChangeSource;
  order: DiskEventOrder;
  maxBytes: number;
  parser?: RecordParser;
  logger: Logger;
  overtaken: () => boolean;
}): Promise<'stored' | 'removed' | undefined> {
  const { index, file, order } = input;
  const ticket = order.begin(file);
  // A file the index does not hold is one no listing saw, and one held while open may lie where listings do not look.
  const ask = input.source === 'closed' || (input.source === 'watcher' && !index.hasFile(file));
  if (ask && (await index.leftOut.leavesOut(file))) {
    if (!order.current(file, ticket) || input.overtaken()) return undefined;
    order.end(file, ticket);
    if (!index.hasFile(file)) return undefined;
    index.remove(file);
    return 'removed';
  }
  const read = await readRegularFile(join(index.root, file), { maxBytes: input.maxBytes });
  const text = read.ok ? read.text : undefined;
  const parsed = text === undefined ? undefined : await parsedOffThread(index, file, text, input.parser);
  if (!order.current(file, ticket) || input.overtaken()) return undefined;
  order.end(file, ticket);
  if (!read.ok && read.reason !== 'missing') input.logger.info(`skipped ${file} in ${index.root}: ${read.reason} (${read.detail})`);
  if (text === undefined) {
    index.remove(file);
    return 'removed';
  }
  if (parsed) index.store(parsed.record);
  else index.update(file, text);
  return 'stored';
}

/** The record of `text` parsed by the index worker; undefined when there is nothing to parse or no worker (then `update` parses it here). */
async function parsedOffThread(index: WorkspaceIndex, file: string, text: string, parser: RecordParser | undefined): Promise<{ record: FileRecord | undefined } | undefined> {
  const plan = index.plan(file, text);
  if (!parser || plan.kind !== 'parse') return undefined;
  const records = await parser.records([{ path: file, text, hash: plan.hash, mtimeMs: Date.now() }]);
  return records ? { record: records[0] } : undefined;
}

/** A virtual environment made (or unmade) under any name: its files are left out from now on, as a listing leaves them. */
export function toolingMarkerChanged(index: WorkspaceIndex, marker: string, present: boolean): void {
  index.leftOut.markerChanged(marker, present);
  if (!present) return;
  for (const record of [...index.records()]) if (index.leftOut.inTooling(record.path)) index.remove(record.path);
}
