/** Gaps longer than this are pauses, not typing, and say nothing about typing speed. */
const PAUSE_MS = 1000;
/** A gap this many times the burst's usual gap is a pause too: the typist stopped, whatever their speed. */
const PAUSE_FACTOR = 4;
/** Gaps a burst needs before its speed is trusted. */
const MIN_GAPS = 3;
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
    const now = this.now();
    let times = this.arrivals.get(uri) ?? [];
    // After a pause a new burst starts: the next lone keystrokes get the base debounce, not the old burst's estimate.
    const last = times[times.length - 1];
    if (last !== undefined && isPause(now - last, gapsOf(times))) times = [];
    times.push(now);
    if (times.length > WINDOW) times.shift();
    this.arrivals.set(uri, times);
    if (baseMs === 0 || maxMs <= baseMs) return baseMs;

    const gaps = gapsOf(times);
    if (gaps.length < MIN_GAPS) return baseMs;
    const wanted = Math.ceil(median(gaps) * 1.25);
    return wanted > baseMs && wanted <= maxMs ? wanted : baseMs;
  }

  forget(uri: string): void {
    this.arrivals.delete(uri);
  }
}

function gapsOf(times: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  return gaps;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Whether `gap` ends the burst whose gaps are `gaps`: far longer than its rhythm, or long in any case. */
function isPause(gap: number, gaps: readonly number[]): boolean {
  if (gap >= PAUSE_MS) return true;
  return gaps.length >= MIN_GAPS && gap > PAUSE_FACTOR * median(gaps);
}
