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
 * for that file's candidates. Ties keep `ranked` order; identical input, identical order.
 */
export class PackOrder {
  private readonly byFile = new Map<string, number[]>();
  private readonly current: number[];
  private readonly heap = new EntryHeap();
  private readonly done: Uint8Array;

  constructor(
    private readonly ranked: readonly Candidate[],
    private readonly cost: (candidate: Candidate) => number,
  ) {
    ranked.forEach((candidate, i) => {
      const same = this.byFile.get(candidate.path);
      if (same) same.push(i);
      else this.byFile.set(candidate.path, [i]);
    });
    this.current = ranked.map((candidate) => densityAt(candidate, cost(candidate)));
    this.current.forEach((density, index) => this.heap.push({ index, density }));
    this.done = new Uint8Array(ranked.length);
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
      const density = densityAt(this.ranked[index]!, this.cost(this.ranked[index]!));
      if (density <= this.current[index]!) continue;
      this.current[index] = density;
      this.heap.push({ index, density });
    }
  }
}

/** Worth per token, leaning towards worth: a 10-token signature at 0.2 goes before a 120-token struct at 0.3. */
function densityAt(candidate: Candidate, tokens: number): number {
  return candidate.score / Math.pow(tokens + 4, DENSITY_EXPONENT);
}

/** A binary max-heap by density, ties to the earlier candidate. */
class EntryHeap {
  private readonly items: Entry[] = [];

  push(entry: Entry): void {
    const { items } = this;
    items.push(entry);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
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
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && before(items[left]!, items[best]!)) best = left;
      if (right < items.length && before(items[right]!, items[best]!)) best = right;
      if (best === i) break;
      [items[i], items[best]] = [items[best]!, items[i]!];
      i = best;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.density > b.density || (a.density === b.density && a.index < b.index);
}
