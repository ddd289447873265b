import type { Candidate } from './sources/types.js';

/** Tokens a snippet's file label and separators cost in every family's format, roughly. */
export const FILE_OVERHEAD_TOKENS = 4;
/** How much a snippet's length counts against its score when ordering (0: not at all, 1: worth per token). */
export const DENSITY_EXPONENT = 0.4;

interface Entry {
  index: number;
  density: number;
}

/**
 * Candidates in the order packing tries them: best worth per token first, counting what each would
 * really cost the budget. The first snippet of a file also pays for the file's label (a path of six
 * tokens or more: a fifth of the budget over twenty files), and a member whose class header is
 * packed pays only for its own lines, so once the packer takes something from a file, the file's other
 * declarations may cost less and move up: the packer says so with taken(), and `cost` is asked again
 * for that file's candidates. Ties go to the candidate `ahead` puts first (by default the earlier one);
 * identical input, identical order.
 */
export class PackOrder {
  private readonly byFile = new Map<string, number[]>();
  private readonly current: Float64Array;
  /** The cost each candidate was last priced at: a cost no lower cannot raise its density (most re-pricings). */
  private readonly priced: Float64Array;
  private readonly heap: EntryHeap;
  private readonly done: Uint8Array;
  /** Candidates by the least they can ever cost, cheapest first, built when first asked (see cheapestLeft). */
  private byFloor: Float64Array | undefined;
  private floorAt = 0;

  constructor(
    private readonly ranked: readonly Candidate[],
    private readonly cost: (candidate: Candidate) => number,
    ahead: (a: number, b: number) => boolean = (a, b) => a < b,
  ) {
    const count = ranked.length;
    this.current = new Float64Array(count);
    this.priced = new Float64Array(count);
    const entries: Entry[] = new Array<Entry>(count);
    for (let index = 0; index < count; index++) {
      const candidate = ranked[index]!;
      const same = this.byFile.get(candidate.path);
      if (same) same.push(index);
      else this.byFile.set(candidate.path, [index]);
      const tokens = cost(candidate);
      const density = densityAt(candidate, tokens);
      this.priced[index] = tokens;
      this.current[index] = density;
      entries[index] = { index, density };
    }
    this.heap = new EntryHeap(entries, ahead);
    this.done = new Uint8Array(count);
  }

  /** The next candidate to try, or undefined when all were tried. */
  next(): Candidate | undefined {
    for (let entry = this.heap.pop(); entry; entry = this.heap.pop()) {
      // An entry priced before its file was opened is stale: the cheaper one is in the heap too.
      if (this.done[entry.index] || entry.density !== this.current[entry.index]) continue;
      this.done[entry.index] = 1;
      return this.ranked[entry.index];
    }
    return undefined;
  }

  /** The packer took `candidate`: its file's other candidates are priced again. */
  taken(candidate: Candidate): void {
    for (const index of this.byFile.get(candidate.path) ?? []) {
      if (this.done[index]) continue;
      const tokens = this.cost(this.ranked[index]!);
      if (tokens >= this.priced[index]!) continue;
      const density = densityAt(this.ranked[index]!, tokens);
      if (density <= this.current[index]!) continue;
      this.priced[index] = tokens;
      this.current[index] = density;
      this.heap.push({ index, density });
    }
  }

  /**
   * The least that any candidate not yet tried may still cost, `floor` giving each one's least (what it
   * costs with its file open and its class header packed): once the budget left is below it, nothing more
   * fits and the packer stops instead of pricing the hundreds left.
   */
  cheapestLeft(floor: (candidate: Candidate) => number): number {
    if (!this.byFloor) {
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
function densityAt(candidate: Candidate, tokens: number): number {
  return candidate.score / Math.pow(tokens + 4, DENSITY_EXPONENT);
}

/** A binary max-heap by density, ties to the candidate `ahead` puts first. */
class EntryHeap {
  constructor(
    private readonly items: Entry[],
    private readonly ahead: (a: number, b: number) => boolean,
  ) {
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(entry: Entry): void {
    const { items } = this;
    items.push(entry);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const { items } = this;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return top;
    items[0] = last;
    this.down(0);
    return top;
  }

  private down(from: number): void {
    const { items } = this;
    for (let i = from; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
      if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
      if (best === i) break;
      [items[i], items[best]] = [items[best]!, items[i]!];
      i = best;
    }
  }

  private before(a: Entry, b: Entry): boolean {
    return a.density > b.density || (a.density === b.density && a.index !== b.index && this.ahead(a.index, b.index));
  }
}
