import type { FileRecord } from '../../context/index/file-record.js';
import type { RecordInput } from '../../context/index/build-types.js';

/** What the index worker starts with: a flag the main thread sets to stop it (read before each message). */
export interface IndexWorkerData {
  stop: SharedArrayBuffer;
}

/** A batch of files to parse into records, or the end of the thread. */
export type ToIndexWorker = { type: 'records'; id: number; files: RecordInput[] } | { type: 'stop' };

/** The batch's records in the order asked (undefined for a file that did not parse). */
export type FromIndexWorker = { type: 'records'; id: number; records: Array<FileRecord | undefined> };
