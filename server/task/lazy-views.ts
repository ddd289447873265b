/*
 * Read-only views that build their elements on first access. A one-shot `--locate-only` reads a
 * model of tens of thousands of documents and edges and looks at a few hundred of them: building
 * every Map and Edge list up front cost more than the whole query.
 */

/**
 * An array of `length` elements, element i made by `make(i)` when first read and kept. Behaves as
 * an array for reads (index, length, iteration, array methods); it is not meant to be written.
 */
export function lazyArray<T>(length: number, make: (index: number) => T): T[] {
  // Filled, not sparse: array methods skip holes, and every slot must reach the trap.
  const made = new Array<T | undefined>(length).fill(undefined);
  const built = new Uint8Array(length);
  return new Proxy(made as T[], {
    get(target, property, receiver) {
      if (typeof property === 'string') {
        const index = arrayIndex(property, length);
        if (index !== undefined) {
          if (built[index] === 0) {
            target[index] = make(index);
            built[index] = 1;
          }
          return target[index];
        }
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

function arrayIndex(property: string, length: number): number | undefined {
  const code = property.charCodeAt(0);
  if (code < 48 || code > 57) return undefined;
  const index = Number(property);
  return Number.isInteger(index) && index < length && String(index) === property ? index : undefined;
}

/**
 * A Map whose entries are found by a lookup function on first `get`/`has` (a binary search of a
 * sorted key list, say) instead of being inserted up front. Anything that needs every entry
 * (size, iteration, writes) fills it completely once, in the order `allKeys` lists them.
 */
export class LookupMap<K, V> implements Map<K, V> {
  private readonly known = new Map<K, V>();
  private complete = false;
  readonly [Symbol.toStringTag] = 'Map';

  constructor(
    private readonly lookup: (key: K) => V | undefined,
    private readonly allKeys: () => Iterable<K>,
  ) {}

  get(key: K): V | undefined {
    if (this.complete || this.known.has(key)) return this.known.get(key);
    const value = this.lookup(key);
    if (value !== undefined) this.known.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return this.filled().size;
  }

  set(key: K, value: V): this {
    this.filled().set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.filled().delete(key);
  }

  clear(): void {
    this.filled().clear();
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.filled()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[K, V]> {
    return this.filled().entries();
  }

  /** The keys without looking their values up: a scan of every key (a vocabulary) need not build every value. */
  keys(): MapIterator<K> {
    return this.complete ? this.known.keys() : new Set(this.allKeys()).values();
  }

  values(): MapIterator<V> {
    return this.filled().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  private filled(): Map<K, V> {
    if (this.complete) return this.known;
    // In key order (what was looked up before moves to its place), as an eagerly built Map would hold them.
    const found = new Map<K, V>();
    for (const key of this.allKeys()) {
      const value = this.known.has(key) ? this.known.get(key) : this.lookup(key);
      if (value !== undefined) found.set(key, value);
    }
    this.known.clear();
    for (const [key, value] of found) this.known.set(key, value);
    this.complete = true;
    return this.known;
  }
}
