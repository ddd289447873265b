/**
 * A cap on V8's young generation, which was most of the server's memory growth over a session. V8 doubles
 * the space new objects are made in (the semi-spaces) each time as many bytes as it holds have survived a
 * collection since it last grew, up to 32 MB on 64-bit: over the peers benchmark's 2,000 completions it went
 * 1 → 32 MB, 37 of the 51–57 MB the process's RSS grew, while the heap that stayed alive grew 1.3 MB. With
 * 8 MB the RSS grew 17–24 MB and the server's CPU over the run did not rise (7,960 and 8,750 ms against 8,150
 * and 9,560 ms). `--max-semi-space-size` would need a flag on every command line that starts the server
 * (editors start `node …/main.js` as well as `ghostline`), so the server stops the growth itself: once the
 * young generation has reached the cap after a collection, V8's growth factor becomes 1 (the flag is read at
 * each growth). The flag is the process's: while it holds, the syntax worker's young generation does not grow either.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './logger.js';

/** The young generation's size (both semi-spaces) at which it stops growing: 2 × 4 MB, as `--max-semi-space-size=4`. */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

/**
 * The young generation's capacity now (both semi-spaces; V8's `new_space` reports one semi-space's used and
 * available bytes, a little under its capacity), undefined where V8 does not report the space. Its committed
 * size would not do: V8 gives back half of it between collections and takes it again, at any capacity.
 */
export function youngGenerationBytes(): number | undefined {
  const space = newSpace();
  return space && bothSemiSpaces(space);
}

function newSpace() {
  return getHeapSpaceStatistics().find((candidate) => candidate.space_name === 'new_space');
}

function bothSemiSpaces(space: NonNullable<ReturnType<typeof newSpace>>): number {
  return 2 * (space.space_used_size + space.space_available_size);
}

/** V8's `gc()`, exposed for this process on first use; null where V8 refuses. */
type Collect = (options: { type: 'minor' }) => void;
let collector: Collect | null | undefined;

function collect(): Collect | null {
  if (collector !== undefined) return collector;
  try {
    const exposed = (globalThis as { gc?: Collect }).gc;
    if (exposed) return (collector = exposed);
    // Exposed to contexts made from now on; a new context hands it over.
    setFlagsFromString('--expose-gc');
    const made: unknown = runInNewContext('gc');
    collector = typeof made === 'function' ? (made as Collect) : null;
  } catch {
    collector = null;
  }
  return collector;
}

/**
 * The running cap's look at the young generation (see capYoungGeneration), also taken at each idle moment: the
 * collections' observer runs only between turns of the event loop, and in a long synchronous stretch of allocation
 * V8 can double the young generation past the cap before it runs.
 */
let holding: ((bytes: number | undefined) => void) | undefined;

/** How full the young generation may be before an idle moment collects it: a quarter leaves a capped one 3 MB. */
export const IDLE_COLLECT_FULLER_THAN = 0.25;

/**
 * Collects the young generation now if it is fuller than `fullerThan` of its capacity, for a caller with time to
 * spare (the model is thinking, the re-rank turn is done). The gather that comes next then starts with room for
 * what it allocates (about 1 MB on go-stdlib), so the collection that room would have brought on (4-14 ms on a
 * large workspace's heap) does not land inside it. The same collection, moved to where nobody waits for it.
 * Returns whether it collected.
 */
export function collectYoungWhileIdle(fullerThan = IDLE_COLLECT_FULLER_THAN): boolean {
  const space = newSpace();
  holding?.(space && bothSemiSpaces(space));
  if (!space) return false;
  const capacity = space.space_used_size + space.space_available_size;
  if (capacity === 0 || space.space_used_size <= fullerThan * capacity) return false;
  const gc = collect();
  if (!gc) return false;
  gc({ type: 'minor' });
  return true;
}

/** Held from 90 % of the cap (the capacity reads a little under its round size); growth resumes under 75 % (V8 shrank it). */
const HOLD_AT = 0.9;
const RESUME_UNDER = 0.75;

/** V8's own growth factor for the semi-spaces (its default): each growth doubles them. */
const DEFAULT_GROWTH_FACTOR = 2;

/**
 * Watches the collections and holds the young generation at `capBytes`: once a collection leaves it at the
 * cap or above, growth stops; if V8 shrinks it again (its memory reducer does, when the process idles), growth
 * resumes up to the cap. Returns a function that stops watching (and lets the young generation grow again). Nothing here throws: a V8 without the flag
 * or the space keeps its own sizing, said once at debug level.
 */
export function capYoungGeneration(input: { logger: Logger; capBytes?: number }): () => void {
  const cap = input.capBytes ?? YOUNG_GENERATION_CAP_BYTES;
  let held = false;
  let failed = false;
  const growthFactor = (factor: number): void => {
    try {
      setFlagsFromString(`--semi-space-growth-factor=${factor}`);
      held = factor === 1;
    } catch (error) {
      if (!failed) input.logger.debug(`young generation left to V8's sizing: ${(error as Error).message}`);
      failed = true;
    }
  };
  /** Holds or releases the growth for the young generation's size now (`size`, or read). */
  const check = (size = youngGenerationBytes()): void => {
    if (size === undefined || failed) return;
    if (size >= HOLD_AT * cap && !held) growthFactor(1);
    else if (size < RESUME_UNDER * cap && held) growthFactor(DEFAULT_GROWTH_FACTOR);
  };
  check();
  holding = check;
  // Called after collections (a batch at a time, between turns of the event loop): one look at the heap's spaces each.
  const observer = new PerformanceObserver(() => check());
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    if (holding === check) holding = undefined;
    observer.disconnect();
    if (held) growthFactor(DEFAULT_GROWTH_FACTOR);
  };
}
