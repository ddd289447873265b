/** The distribution of one measured quantity, in milliseconds. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (no interpolation): the value of a real sample, so p99 of 300 samples is the 297th smallest. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** The percentiles, mean and extremes of a list of durations. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, x) => total + x, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Milliseconds to 0.01 ms: finer digits are timer noise. */
export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** A share (0–1) as a percentage with two decimals. */
export function pct(share: number): number {
  return Math.round(share * 10000) / 100;
}

/**
 * Where the true p-th percentile lies, from the samples alone (no assumption about their distribution): the
 * number of samples at or below it is Binomial(n, p/100), so two order statistics bracket it with a known chance.
 * Each tail gets half of `1 - confidence`. `high` is undefined when even the largest sample is too small a bound
 * (a p99 of 47 lines: the largest of 47 is above the true p99 only 38 % of the time), `low` when the smallest is
 * too large. Both are sample values, as percentile() gives.
 */
export function percentileInterval(sorted: readonly number[], p: number, confidence = 0.95): { low?: number; high?: number } {
  const n = sorted.length;
  if (n === 0) return {};
  const below = binomialCdf(n, p / 100);
  const tail = (1 - confidence) / 2;
  // Ranks are 1-based: the true value lies in [X(low), X(high)) with chance below[high - 1] - below[low - 1].
  let low = 0;
  while (low + 1 <= n && below[low]! <= tail) low++;
  let high = 1;
  while (high <= n && below[high - 1]! < 1 - tail) high++;
  return { low: low >= 1 ? sorted[low - 1] : undefined, high: high <= n ? sorted[high - 1] : undefined };
}

/**
 * P(K ≤ k) for K ~ Binomial(n, q), k = 0 … n. Worked out in logarithms from the mode outwards, as (1 - q)^n
 * underflows for the sizes measured here (n = 1,000, q = 0.99).
 */
export function binomialCdf(n: number, q: number): number[] {
  if (q <= 0) return new Array<number>(n + 1).fill(1);
  if (q >= 1) return Array.from({ length: n + 1 }, (_, k) => (k === n ? 1 : 0));
  const logs = new Array<number>(n + 1);
  logs[0] = 0;
  const odds = Math.log(q / (1 - q));
  for (let k = 1; k <= n; k++) logs[k] = logs[k - 1]! + Math.log((n - k + 1) / k) + odds;
  const top = Math.max(...logs);
  const weights = logs.map((log) => Math.exp(log - top));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cdf: number[] = [];
  let running = 0;
  for (const w of weights) cdf.push((running += w / total));
  cdf[n] = 1;
  return cdf;
}

/** A percentile's interval (see percentileInterval) as `low–high` ms, `?` for a side the samples do not bound. */
export function intervalText({ low, high }: { low?: number | null; high?: number | null }): string {
  const side = (value: number | null | undefined) => (value === undefined || value === null ? '?' : String(round(value)));
  return `${side(low)}–${side(high)}`;
}
