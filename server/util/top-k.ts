import type { Steps } from './steps.js';

/**
 * The first `count` items in `compare` order, of often thousands, without sorting them all: the
 * same items in the same order as a stable full sort cut to `count`. Each item kept is placed by
 * binary search (after every kept item it does not precede), so a list in no order costs about
 * log2(count) comparisons an item, not count/2.
 */
export function topK<T>(items: Iterable<T>, count: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (count <= 0) return top;
  for (const item of items) keep(top, item, count, compare);
  return top;
}

/** topK as steps, `perStep` items between two (localization ranks tens of thousands of declarations on a server that answers keystrokes). */
export function* topKSteps<T>(items: Iterable<T>, count: number, compare: (a: T, b: T) => number, perStep: number): Steps<T[]> {
  const top: T[] = [];
  if (count <= 0) return top;
  let seen = 0;
  for (const item of items) {
    if (++seen % perStep === 0) yield;
    keep(top, item, count, compare);
  }
  return top;
}

/** Places `item` among the `count` best kept so far, if it belongs there. */
function keep<T>(top: T[], item: T, count: number, compare: (a: T, b: T) => number): void {
  if (top.length === count && compare(item, top[count - 1]!) >= 0) return;
  // The first kept item the new one precedes: items before it all come first or tie.
  let low = 0;
  let high = top.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(item, top[middle]!) < 0) high = middle;
    else low = middle + 1;
  }
  top.splice(low, 0, item);
  if (top.length > count) top.pop();
}
