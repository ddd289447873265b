import { setFlagsFromString } from 'node:v8';
import type { Logger } from './logger.js';

/**
 * V8's memory reducer gives memory back when the process looks idle: up to three full, compacting collections, half a
 * second apart. To V8 a typist at 10 keys a second looks idle (little is allocated between keys), so on the
 * did-change benchmark (a 5,000-line Go file) the three came mid-typing, 8 s after the document opened, pausing the
 * thread that answers the editor 3–10, 11–14 and 2 ms: the second was the event loop's longest stall. The second and
 * third gave back about 4 MB of the 30 the first did, so one is enough. V8 reads the flag at each of the reducer's
 * decisions, so setting it at run time holds from the next one (no flag on the command line editors start).
 */
export function oneIdleCollection(logger: Logger): void {
  try {
    setFlagsFromString('--memory-reducer-single-gc');
  } catch (error) {
    logger.debug(`memory reducer left to V8's defaults: ${(error as Error).message}`);
  }
}
