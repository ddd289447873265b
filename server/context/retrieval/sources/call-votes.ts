import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { grown } from '../../../util/typed-arrays.js';

/**
 * Numbers summed (or multiplied) by small integer id, for one gather at a time, each id with the
 * first value it was given alongside; ids are read back in the order they were first met, as a
 * Map's entries would be. The call graph filled three Maps a gather (thousands of functions met,
 * hundreds of callees voted for): their tables, their boxed sums and their growth were most of
 * what it allocated, and the young-generation collection a gather's allocation brings on (4-14 ms
 * on go-stdlib) was its p99. Here the arrays are kept and stamped per use instead of cleared.
 */
export class IdSums<T> {
  private values = new Float64Array(256);
  private stamps = new Int32Array(256);
  /** Filled to the arrays' size up front: a write far past a JS array's end would turn it into a dictionary. */
  private readonly firsts: Array<T | undefined> = new Array<T | undefined>(256).fill(undefined);
  private order = new Int32Array(256);
  private count = 0;
  private round = 1;

  /**
   * Forgets every id's value: the next use starts from none. What the ids were first given goes too: kept, it would hold
   * declarations of files re-indexed since (each update makes new ones) for as long as the server runs.
   */
  reset(): void {
    for (let at = 0; at < this.count; at++) this.firsts[this.order[at]!] = undefined;
    this.count = 0;
    if (++this.round < 0x7fffffff) return;
    this.stamps.fill(0);
    this.round = 1;
  }

  /** Ids given a value since the reset. */
  get size(): number {
    return this.count;
  }

  /** The id first met `at`-th since the reset. */
  idAt(at: number): number {
    return this.order[at]!;
  }

  /** The ids met since the reset, in the order they were first met (a view, valid until the next reset or new id). */
  ids(): Int32Array {
    return this.order.subarray(0, this.count);
  }

  has(id: number): boolean {
    return id < this.stamps.length && this.stamps[id] === this.round;
  }

  value(id: number): number {
    return this.values[id]!;
  }

  /** What the id was first given with its value. */
  first(id: number): T {
    return this.firsts[id]!;
  }

  /** Adds `value` to the id's sum (0 before the first addition). */
  add(id: number, value: number, first: T): void {
    if (this.has(id)) this.values[id]! += value;
    else this.start(id, value, first);
  }

  /** Multiplies the id's product (1 before the first) by `factor`. */
  multiply(id: number, factor: number, first: T): void {
    if (this.has(id)) this.values[id]! *= factor;
    else this.start(id, factor, first);
  }

  private start(id: number, value: number, first: T): void {
    if (id >= this.stamps.length) this.grow(id);
    this.stamps[id] = this.round;
    this.values[id] = value;
    this.firsts[id] = first;
    if (this.count === this.order.length) this.order = grown(this.order, this.count * 2);
    this.order[this.count++] = id;
  }

  private grow(id: number): void {
    let size = this.stamps.length;
    while (size <= id) size *= 2;
    this.stamps = grown(this.stamps, size);
    this.values = grown(this.values, size);
    while (this.firsts.length < size) this.firsts.push(undefined);
  }
}

/** What one call-graph gather sums: the functions met (by ref id), co-occurring callees and voted callees (by the tally's ids). */
export interface CallScratch {
  shared: IdSums<DeclarationRef>;
  missed: IdSums<DeclarationRef>;
  votes: IdSums<DeclarationRef>;
}

/** Refs given an id before the ids start over: each re-index of a file makes new refs for its declarations. */
const MAX_REF_IDS = 1 << 20;
/** Scratches kept for reuse: gathers run one at a time, and rarely two interleave. */
const SPARE_SCRATCHES = 2;

/**
 * Ids for the declarations the call graph meets, and the scratch a gather sums in. A gather yields in
 * the middle of its sums, and another may run meanwhile: each takes a scratch of its own and gives it
 * back when done (one never given back, of a gather dropped midway, is simply not reused).
 */
export class CallWork {
  private readonly refIds = new WeakMap<DeclarationRef, number>();
  private nextRefId = 0;
  private readonly spare: CallScratch[] = [];

  /** Refs given an id. */
  get refs(): number {
    return this.nextRefId;
  }

  refId(ref: DeclarationRef): number {
    let id = this.refIds.get(ref);
    if (id === undefined) this.refIds.set(ref, (id = this.nextRefId++));
    return id;
  }

  take(): CallScratch {
    const scratch = this.spare.pop() ?? { shared: new IdSums(), missed: new IdSums(), votes: new IdSums() };
    scratch.shared.reset();
    scratch.missed.reset();
    scratch.votes.reset();
    return scratch;
  }

  giveBack(scratch: CallScratch): void {
    if (this.spare.length < SPARE_SCRATCHES) this.spare.push(scratch);
  }
}

const WORK = new WeakMap<WorkspaceIndex, CallWork>();

/** The index's call-graph work (a new one once its refs' ids run past MAX_REF_IDS). */
export function callWork(index: WorkspaceIndex): CallWork {
  let work = WORK.get(index);
  if (!work || work.refs > MAX_REF_IDS) WORK.set(index, (work = new CallWork()));
  return work;
}
