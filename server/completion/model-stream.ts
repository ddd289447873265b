import type { GenerateRequest, ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { collectYoungWhileIdle } from '../util/young-generation.js';
import { linesToKeep } from './cursor-line.js';
import type { ReadAttempt } from './engine-types.js';
import type { LiveReplies } from './live-replies.js';
import { readReply } from './reply-reader.js';
import type { CursorFacts } from './stream-filters.js';
import type { CursorContext } from './types.js';

/**
 * Sends the model request, shared with a newer request of the document that may adopt it, and reads
 * the reply through this cursor's stream filters (reply-reader.ts). Stopping early closes the request
 * unless the request was cancelled by typing the reply agrees with (live-replies.ts).
 */
export async function streamReply(
  replies: LiveReplies,
  logger: Logger,
  input: {
    backend: ModelBackend;
    request: Omit<GenerateRequest, 'signal'>;
    context: CursorContext;
    /** Asks the syntax worker for the cursor analysis, when it answered the checks. */
    facts?: () => Promise<CursorFacts | undefined>;
    signal: AbortSignal;
    cancelled: AbortSignal;
    startedAt: number;
    maxBytes: number;
    at: ReadAttempt;
    onChunk: (received: number, text: () => string, facts: CursorFacts) => void;
  },
): Promise<{ raw: string; facts: CursorFacts }> {
  const { at, backend } = input;
  const uri = at.request.uri;
  const shared = replies.start({
    uri,
    prefix: at.text.slice(0, at.offset),
    suffix: at.text.slice(at.offset),
    version: at.version,
    owner: at.owner,
    maxBytes: input.maxBytes,
    open: (signal) => backend.generate({ ...input.request, signal }),
  });
  at.stages.mark('sent');
  let how: 'read' | 'failed' = 'failed';
  let kept = '';
  try {
    // Let the request go out before the cursor is analysed: on a busy machine the worker's analysis (about a
    // millisecond) took the CPU the request's way out needed (sent → model received p50 3.4 → 2.2 ms, Python, load 2–3).
    await new Promise((resolve) => setImmediate(resolve));
    // The model is thinking: the thread's idle moment. The young generation collected now, if it is filling up,
    // is one the next gather does not meet (see collectYoungWhileIdle).
    collectYoungWhileIdle();
    const { signal, context, startedAt, maxBytes, onChunk } = input;
    const read = await readReply({
      chunks: shared.read(0, signal),
      context,
      facts: input.facts?.(),
      signal,
      budgetMs: at.request.budgetMs,
      startedAt,
      maxBytes,
      uri,
      logger: logger,
      stages: at.stages,
      onChunk,
    });
    how = 'read';
    kept = read.raw;
    return read;
  } finally {
    replies.release({ uri, owner: at.owner, how: input.cancelled.aborted ? 'cancelled' : how, keepLines: linesToKeep(at.text, at.offset, kept) });
  }
}
