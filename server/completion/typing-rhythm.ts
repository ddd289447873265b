/** Gaps longer than this are pauses, not typing, and say nothing about typing speed. */
const PAUSE_MS = 1000;
/** Requests remembered per document. */
const WINDOW = 9;

/**
 * Adapts the debounce to how fast the user types (as Tabby does). A fast typist's keystrokes
 * arrive closer together than the base debounce is long, so every keystroke would start a model
 * request that the next one cancels; waiting a little longer than their usual gap lets those
 * requests never start. A slow typist pauses after every key anyway and keeps the base debounce.
 */
export class TypingRhythm {
  private readonly arrivals = new Map<string, number[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records a completion request for `uri` (one per keystroke) and returns the debounce for it. */
  debounceFor(uri: string, baseMs: number, maxMs: number): number {
    const times = this.arrivals.get(uri) ?? [];
    times.push(this.now());
    if (times.length > WINDOW) times.shift();
    this.arrivals.set(uri, times);
    if (baseMs === 0 || maxMs <= baseMs) return baseMs;

    const gaps: number[] = [];
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      if (gap < PAUSE_MS) gaps.push(gap);
    }
    if (gaps.length < 3) return baseMs;
    gaps.sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1]!;
    const wanted = Math.ceil(median * 1.25);
    return wanted > baseMs && wanted <= maxMs ? wanted : baseMs;
  }

  forget(uri: string): void {
    this.arrivals.delete(uri);
  }
}
