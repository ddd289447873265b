import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { grown } from '../../../util/typed-arrays.js';

/**
 * Counts how many of a group of functions call each callee, for the call graph's co-occurrence
 * chances. A group is up to fifty callers of dozens of calls each, several groups a gather: with a
 * map from callee name to count that was a fifth of the slowest gathers. Here each function's calls
 * are read as small integer ids (made once per calls list, which a record never changes) and
 * counted in a typed array, stamped per group instead of cleared.
 */
export class CallTally {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly idLists = new WeakMap<readonly string[], Int32Array>();
  private counts = new Int32Array(256);
  private stamps = new Int32Array(256);
  /** Filled to the counts' size: a write far past a JS array's end turns it into a dictionary, each write then allocating. */
  private readonly via: Array<DeclarationRef | undefined> = new Array<DeclarationRef | undefined>(256).fill(undefined);
  /** The callees of the group being counted, in the order met: kept between groups (a group allocates nothing). */
  private order = new Int32Array(256);
  private round = 0;
  /** Calls lists turned into ids, for tests: each list is turned once. */
  listsRead = 0;

  /** Callees with an id. */
  get size(): number {
    return this.names.length;
  }

  /**
   * Calls `visit` once per callee any member calls, in the order they are first met (members in
   * order, each member's calls in order), with how many calls there are to it in all and the first
   * member that makes one: what a map filled in that order would give when iterated.
   */
  count(members: readonly DeclarationRef[], visit: (call: string, n: number, via: DeclarationRef) => void): void {
    this.countIds(members, (id, n, via) => visit(this.names[id]!, n, via));
  }

  /** count() with each callee's id instead of its name (see nameOf). */
  countIds(members: readonly DeclarationRef[], visit: (id: number, n: number, via: DeclarationRef) => void): void {
    if (++this.round === 0x7fffffff) {
      this.stamps.fill(0);
      this.round = 1;
    }
    const round = this.round;
    let met = 0;
    for (const ref of members) {
      const calls = ref.declaration.calls;
      if (!calls) continue;
      for (const id of this.idsOf(calls)) {
        if (this.stamps[id] === round) {
          this.counts[id]!++;
          continue;
        }
        this.stamps[id] = round;
        this.counts[id] = 1;
        this.via[id] = ref;
        this.order[met++] = id;
      }
    }
    for (let i = 0; i < met; i++) {
      const id = this.order[i]!;
      visit(id, this.counts[id]!, this.via[id]!);
    }
  }

  /** A callee's id, given one if it has none. */
  idOf(call: string): number {
    let id = this.ids.get(call);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(call, id);
      this.names.push(call);
      if (id >= this.counts.length) this.grow();
    }
    return id;
  }

  /** The callee an id stands for. */
  nameOf(id: number): string {
    return this.names[id]!;
  }

  /** A calls list as ids, in its order (made once per list). */
  idsOfCalls(calls: readonly string[]): Int32Array {
    return this.idsOf(calls);
  }

  /**
   * Turns calls lists into ids ahead of any gather (a file's functions, after it is indexed): on the keystroke
   * path, reading the lists of callers met for the first time was a seventh of the call graph's slowest gathers.
   */
  warm(calls: Iterable<readonly string[] | undefined>): void {
    for (const list of calls) if (list) this.idsOf(list);
  }

  private idsOf(calls: readonly string[]): Int32Array {
    let list = this.idLists.get(calls);
    if (list) return list;
    this.listsRead++;
    list = new Int32Array(calls.length);
    for (const [i, call] of calls.entries()) list[i] = this.idOf(call);
    this.idLists.set(calls, list);
    return list;
  }

  private grow(): void {
    const size = this.counts.length * 2;
    this.counts = grown(this.counts, size);
    this.stamps = grown(this.stamps, size);
    this.order = grown(this.order, size);
    while (this.via.length < size) this.via.push(undefined);
  }
}

const TALLIES = new WeakMap<WorkspaceIndex, CallTally>();

/** Callees a tally keeps ids for before it starts over: names typed and deleted again keep theirs until then. */
const MAX_CALLEES = 1 << 20;

/** The index's tally (a new one once it holds ids for more callees than any workspace calls). */
export function callTally(index: WorkspaceIndex): CallTally {
  let tally = TALLIES.get(index);
  if (!tally || tally.size > MAX_CALLEES) TALLIES.set(index, (tally = new CallTally()));
  return tally;
}
