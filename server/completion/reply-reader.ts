import { Pacer } from '../util/pacer.js';
import type { Logger } from '../util/logger.js';
import type { StageClock } from './stage-clock.js';
import { analyzeCursor, createStreamFilterFor, type CursorFacts } from './stream-filters.js';
import type { CursorContext } from './types.js';

/**
 * Reads a model reply through the stream filters of one cursor; stops reading once they say the rest is
 * junk, once `maxBytes` of text arrived (what came is kept), or when the budget runs out while received
 * chunks are still being filtered. Filtering yields to the event loop every few milliseconds so other
 * requests are answered meanwhile. The caller sent the model request first: the cursor is analysed (or its
 * analysis on the syntax worker awaited) while the model works on its first token.
 */
export async function readReply(input: {
  chunks: AsyncIterable<string>;
  context: CursorContext;
  /** The cursor's facts when another thread analysed it (the syntax worker); analysed here when absent or undefined. */
  facts?: Promise<CursorFacts | undefined>;
  signal: AbortSignal;
  budgetMs: number;
  startedAt: number;
  maxBytes: number;
  uri: string;
  logger: Logger;
  /** Marks when the cursor analysis was at hand and the reply's first and last chunk were read. */
  stages?: StageClock;
  /** Called after each chunk the filters keep reading past, with the bytes received and the text so far (read only if asked: it is joined). */
  onChunk?: (received: number, text: () => string, facts: CursorFacts) => void;
}): Promise<{ raw: string; facts: CursorFacts }> {
  const pacer = new Pacer({ budgetMs: input.budgetMs, signal: input.signal, startedAt: input.startedAt });
  const facts = (await input.facts) ?? analyzeCursor(input.context);
  input.stages?.mark('facts');
  const filter = createStreamFilterFor(facts);
  let bytes = 0;
  for await (const chunk of input.chunks) {
    input.stages?.mark('first');
    const size = Buffer.byteLength(chunk);
    const over = bytes + size > input.maxBytes;
    // Cut by characters: a few multi-byte characters past the byte cap do no harm.
    if (filter.push(over ? chunk.slice(0, input.maxBytes - bytes) : chunk)) break;
    bytes += size;
    if (over) {
      input.logger.info(`completion for ${input.uri}: the model sent more than completion.maxReplyBytes (${input.maxBytes} bytes); closed the request and kept what arrived`);
      break;
    }
    input.onChunk?.(bytes, () => filter.text(), facts);
    const pause = pacer.tick();
    if (pause) await pause;
  }
  input.stages?.mark('read');
  // Post-processing is cheap within the byte cap, but not worth starting once the budget is spent.
  pacer.check();
  return { raw: filter.text(), facts };
}
