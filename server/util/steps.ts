import { performance } from 'node:perf_hooks';

/**
 * Work cut into steps: a generator whose every `yield` marks a point where the event loop may be given
 * a turn. Written once, it runs either at once (`runSteps`) or in slices (`runStepsInSlices`), with the
 * same result: the steps decide nothing from how they are run.
 */
export type Steps<T> = Generator<void, T, void>;

/**
 * How long sliced work holds the event loop before a message that arrived meanwhile is read. A turn
 * costs a few microseconds when nothing waits, so a gather of a few milliseconds takes one or two.
 */
export const STEP_SLICE_MS = 2;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** A step-wise version of a function that has no steps of its own: it runs whole, as one step. */
export function asSteps<A extends unknown[], T>(run: (...args: A) => T): (...args: A) => Steps<T> {
  // eslint-disable-next-line require-yield -- one step: the work cannot be cut
  return function* whole(...args: A): Steps<T> {
    return run(...args);
  };
}

export interface SliceOptions {
  /** Defaults to STEP_SLICE_MS. */
  sliceMs?: number;
  /** The clock slices are measured with (tests pass one that moves by a fixed amount per call). */
  now?: () => number;
}

/**
 * Runs the steps, giving the event loop one turn at the first step boundary after each slice of
 * `sliceMs`: no turn holds it for more than a slice and one step, and work shorter than a slice takes
 * no turn at all.
 */
export async function runStepsInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? STEP_SLICE_MS;
  let sliceStart = now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = now();
  }
}
