/**
 * The index worker's entry (run with node:worker_threads from dist/): parses the files a workspace index build
 * reads into their records, so a large file's parse (100 ms and more) never holds the thread that answers the
 * editor. It runs below that thread's priority: an index build yields the cores to keystrokes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFileRecord } from '../../context/index/file-record.js';
import { LanguageRegistry } from '../../syntax/languages.js';
import { lowerThisThread } from '../../util/thread-priority.js';
import type { FromIndexWorker, IndexWorkerData, ToIndexWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the index worker runs only as a worker thread');

lowerThisThread();
const stop = new Int32Array((workerData as IndexWorkerData).stop);
const languages = new LanguageRegistry();

port.on('message', (message: ToIndexWorker) => {
  // Between two messages, never inside a parse: ending the thread there would abort the process.
  if (message.type === 'stop' || Atomics.load(stop, 0) === 1) process.exit(0);
  const records = message.files.map((file) => {
    const language = languages.byPath(file.path);
    return language ? parseFileRecord({ ...file, language }) : undefined;
  });
  port.postMessage({ type: 'records', id: message.id, records } satisfies FromIndexWorker);
});
