import { grown } from '../../util/typed-arrays.js';
import type { Candidate } from './sources/types.js';

/** Tokens a snippet's file label and separators cost in every family's format, roughly. */
export const FILE_OVERHEAD_TOKENS = 4;
/** How much a snippet's length counts against its score when ordering (0: not at all, 1: worth per token). */
export const DENSITY_EXPONENT = 0.4;

/**
 * Candidates in the order packing tries them: best worth per token first, counting what each would
 * really cost the budget. The first snippet of a file also pays for the file's label (a path of six
 * tokens or more: a fifth of the budget over twenty files), and a member whose class header is
 * packed pays only for its own lines, so once the packer takes something from a file, the file's other
 * declarations may cost less and move up: the packer says so with taken(), and `cost` is asked again
 * for that file's candidates (after the first taken, only for those `settled` does not vouch for). Ties go to the candidate `ahead` puts first (by default the earlier one);
 * identical input, identical order.
 */
export class PackOrder {
  /**
   * Each file's candidates as a list through `nextInFile`, first and last by path: a Map of arrays (an array a
   * file, grown as filled) was a fifth of what packing allocated, and what a gather allocates brings the next
   * young-generation collection (4-14 ms on go-stdlib), which made packing's p99.
   */
  private readonly firstInFile = new Map<string, number>();
  private readonly lastInFile: Int32Array;
  private readonly nextInFile: Int32Array;
  private readonly current: Float64Array;
  /** The cost each candidate was last priced at: a cost no lower cannot raise its density (most re-pricings). */
  private readonly priced: Float64Array;
  private readonly heap: EntryHeap;
  private readonly done: Uint8Array;
  /**
   * Candidates whose cost no longer changes once their file is open (all but class members packed under a
   * header), and files opened (by their first candidate): a file's candidates were priced again each time one
   * was taken, hundreds of times over for a large file's, to find the few a new header made cheaper.
   */
  private readonly settled: Uint8Array;
  private readonly opened: Uint8Array;
  /** Candidates by the least they can ever cost, cheapest first, built when first asked (see cheapestLeft). */
  private byFloor: Float64Array | undefined;
  private floorAt = 0;

  private readonly cost: (candidate: Candidate) => number;
  /** The least each candidate can ever cost (see cheapestLeft); 0 when the packer gives none. */
  private readonly floor: (candidate: Candidate) => number;

  constructor(
    private readonly ranked: readonly Candidate[],
    options: {
      cost: (candidate: Candidate) => number;
      ahead?: (a: number, b: number) => boolean;
      settled?: (candidate: Candidate) => boolean;
      floor?: (candidate: Candidate) => number;
    },
  ) {
    const { cost, ahead = (a, b) => a < b, settled = () => false, floor = () => 0 } = options;
    this.cost = cost;
    this.floor = floor;
    const count = ranked.length;
    this.settled = new Uint8Array(count);
    this.opened = new Uint8Array(count);
    this.current = new Float64Array(count);
    this.priced = new Float64Array(count);
    this.nextInFile = new Int32Array(count).fill(-1);
    this.lastInFile = new Int32Array(count);
    this.heap = new EntryHeap(count, ahead);
    for (let index = 0; index < count; index++) {
      const candidate = ranked[index]!;
      const first = this.firstInFile.get(candidate.path);
      if (first === undefined) this.firstInFile.set(candidate.path, index);
      else this.nextInFile[this.lastInFile[first]!] = index;
      this.lastInFile[first ?? index] = index;
      if (settled(candidate)) this.settled[index] = 1;
      const tokens = cost(candidate);
      const density = densityAt(candidate, tokens);
      this.priced[index] = tokens;
      this.current[index] = density;
      this.heap.add(index, density);
    }
    this.heap.order();
    this.done = new Uint8Array(count);
  }

  /** The next candidate to try, or undefined when all were tried. */
  next(): Candidate | undefined {
    while (this.heap.size > 0) {
      const index = this.heap.topIndex();
      const density = this.heap.topDensity();
      this.heap.pop();
      // An entry priced before its file was opened is stale: the cheaper one is in the heap too.
      if (this.done[index] || density !== this.current[index]) continue;
      this.done[index] = 1;
      return this.ranked[index];
    }
    return undefined;
  }

  /** The packer took `candidate`: its file's other candidates are priced again. */
  taken(candidate: Candidate): void {
    const first = this.firstInFile.get(candidate.path) ?? -1;
    if (first < 0) return;
    const opening = this.opened[first] === 0;
    this.opened[first] = 1;
    for (let index = first; index >= 0; index = this.nextInFile[index]!) {
      if (this.done[index] || (this.settled[index] && !opening)) continue;
      const candidate = this.ranked[index]!;
      const tokens = this.cost(candidate);
      if (tokens >= this.priced[index]!) continue;
      // At its floor (a member once its class header is packed) a candidate can get no cheaper: it is not priced
      // again. Members were priced again on each take from their file, most of the pricing on a large class.
      if (tokens <= this.floor(candidate)) this.settled[index] = 1;
      const density = densityAt(candidate, tokens);
      if (density <= this.current[index]!) continue;
      this.priced[index] = tokens;
      this.current[index] = density;
      this.heap.push(index, density);
    }
  }

  /**
   * The least that any candidate not yet tried may still cost, the `floor` option giving each one's least (what it
   * costs with its file open and its class header packed): once the budget left is below it, nothing more
   * fits and the packer stops instead of pricing the hundreds left.
   */
  cheapestLeft(): number {
    if (!this.byFloor) {
      const { floor } = this;
      // Floor and index in one number, so a plain numeric sort orders them (floors are small integers).
      const count = this.ranked.length;
      const byFloor = new Float64Array(count);
      for (let index = 0; index < count; index++) byFloor[index] = floor(this.ranked[index]!) * count + index;
      this.byFloor = byFloor.sort();
    }
    const count = this.ranked.length;
    while (this.floorAt < count && this.done[this.byFloor[this.floorAt]! % count]) this.floorAt++;
    return this.floorAt < count ? Math.floor(this.byFloor[this.floorAt]! / count) : Infinity;
  }
}

/** Worth per token, leaning towards worth: a 10-token signature at 0.2 goes before a 120-token struct at 0.3. */
export function densityAt(candidate: Candidate, tokens: number): number {
  return candidate.score / lengthWeight(tokens);
}

/**
 * `(tokens + 4) ^ DENSITY_EXPONENT`, for whole token counts below 4,096 read from a table filled as they are
 * met: costs are whole tokens, and Math.pow on each pricing was a tenth of packing's time.
 */
function lengthWeight(tokens: number): number {
  if (!(tokens >= 0 && tokens < WEIGHTS.length) || tokens !== Math.floor(tokens)) return Math.pow(tokens + 4, DENSITY_EXPONENT);
  let weight = WEIGHTS[tokens]!;
  if (weight === 0) WEIGHTS[tokens] = weight = Math.pow(tokens + 4, DENSITY_EXPONENT);
  return weight;
}
const WEIGHTS = new Float64Array(4096);

/**
 * A binary max-heap of (candidate index, density) by density, ties to the candidate `ahead` puts first: two
 * typed arrays, not an object an entry (each with its density boxed), which were a third of packing's allocation.
 */
class EntryHeap {
  private indexes: Int32Array;
  private densities: Float64Array;
  size = 0;

  constructor(
    capacity: number,
    private readonly ahead: (a: number, b: number) => boolean,
  ) {
    this.indexes = new Int32Array(Math.max(4, capacity));
    this.densities = new Float64Array(Math.max(4, capacity));
  }

  /** Adds an entry without ordering: order() then makes the heap of all those added. */
  add(index: number, density: number): void {
    if (this.size === this.indexes.length) this.grow();
    this.indexes[this.size] = index;
    this.densities[this.size++] = density;
  }

  order(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(index: number, density: number): void {
    this.add(index, density);
    for (let i = this.size - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  topIndex(): number {
    return this.indexes[0]!;
  }

  topDensity(): number {
    return this.densities[0]!;
  }

  /** Takes the top entry off (the heap is not empty). */
  pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.indexes[0] = this.indexes[this.size]!;
    this.densities[0] = this.densities[this.size]!;
    this.down(0);
  }

  private down(from: number): void {
    for (let i = from; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < this.size && this.before(left, best)) best = left;
      if (right < this.size && this.before(right, best)) best = right;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
  }

  /** Whether the entry in slot `a` comes before the one in slot `b`. */
  private before(a: number, b: number): boolean {
    const first = this.densities[a]!;
    const second = this.densities[b]!;
    const index = this.indexes[a]!;
    const other = this.indexes[b]!;
    return first > second || (first === second && index !== other && this.ahead(index, other));
  }

  private swap(a: number, b: number): void {
    const index = this.indexes[a]!;
    const density = this.densities[a]!;
    this.indexes[a] = this.indexes[b]!;
    this.densities[a] = this.densities[b]!;
    this.indexes[b] = index;
    this.densities[b] = density;
  }

  private grow(): void {
    this.indexes = grown(this.indexes, this.indexes.length * 2);
    this.densities = grown(this.densities, this.densities.length * 2);
  }
}
