/**
 * A task worker's entry (run with node:worker_threads from dist/): one run of the task pipeline — the edit,
 * the test and the verification, with their model calls, parses and processes — on a thread of its own, so
 * none of it holds the thread that answers the editor. The thread ends once its result is posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ActionError } from '../../actions/types.js';
import { LanguageRegistry } from '../../syntax/languages.js';
import { runPipelineHere } from '../../task/pipeline-spec.js';
import { lowerThisThread } from '../../util/thread-priority.js';
import type { FromTaskWorker, TaskWorkerData, ToTaskWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the task worker runs only as a worker thread');
const post = (message: FromTaskWorker) => port.postMessage(message);

// Below the thread that answers the editor, and so are the builds and tests it starts: keystrokes get a core first.
lowerThisThread();
const controller = new AbortController();
port.on('message', (message: ToTaskWorker) => {
  if (message.type === 'cancel') controller.abort(new DOMException('cancelled', 'AbortError'));
});

const { spec } = workerData as TaskWorkerData;
runPipelineHere(new LanguageRegistry())(spec, {
  signal: controller.signal,
  onProgress: (stage, attempt, message) => post({ type: 'progress', stage, attempt, message }),
  onProcess: (result) => post({ type: 'process', result }),
})
  .then((result) => post({ type: 'result', result }))
  // Also a result that would not cross (a structured clone that fails): the main thread gets an answer either way.
  .catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error), kind: error instanceof ActionError ? error.kind : undefined }))
  // Between two calls into tree-sitter, so ending here is safe; the posted answer is delivered first.
  .finally(() => process.exit(0));
