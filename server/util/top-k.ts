/**
 * The first `count` items in `compare` order, of often thousands, without sorting them all: the
 * same items in the same order as a full sort cut to `count` when `compare` is a total order.
 */
export function topK<T>(items: Iterable<T>, count: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (count <= 0) return top;
  for (const item of items) {
    if (top.length === count && compare(item, top[count - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && compare(item, top[at - 1]!) < 0) at--;
    top.splice(at, 0, item);
    if (top.length > count) top.pop();
  }
  return top;
}
