import { describe, expect, it } from 'vitest';
import { binomialCdf, intervalText, percentile, percentileInterval } from '../../bench/stats.js';
import { Random } from '../../bench/random.js';

/** P(K ≤ k) for K ~ Binomial(n, q) by the plain sum of the mass function, for sizes where it does not underflow. */
function plainCdf(n: number, q: number): number[] {
  const cdf: number[] = [];
  let running = 0;
  let choose = 1;
  for (let k = 0; k <= n; k++) {
    if (k > 0) choose = (choose * (n - k + 1)) / k;
    running += choose * q ** k * (1 - q) ** (n - k);
    cdf.push(running);
  }
  return cdf;
}

describe('the interval a percentile of the gather times lies in', () => {
  it('works the binomial distribution out as the plain sum does, and where the plain sum underflows', () => {
    for (const [n, q] of [
      [10, 0.5],
      [47, 0.99],
      [60, 0.3],
    ] as const) {
      const mine = binomialCdf(n, q);
      plainCdf(n, q).forEach((value, k) => expect(mine[k]).toBeCloseTo(value, 12));
    }
    // (0.01)^1000 is 0 in doubles: the plain sum would give a distribution that never reaches 1.
    const large = binomialCdf(1000, 0.99);
    expect(large[1000]).toBe(1);
    expect(large[989]).toBeGreaterThan(0.4);
    expect(large[989]).toBeLessThan(0.5);
  });

  it('brackets the p99 of 1,000 samples by their 983rd and 997th, and leaves the top open for 47 and 300', () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentileInterval(thousand, 99)).toEqual({ low: 983, high: 997 });
    expect(percentileInterval(thousand, 50)).toEqual({ low: 469, high: 532 });
    // The largest of 47 is above the true p99 only 1 - 0.99^47 = 38 % of the time: no sample bounds it.
    const few = Array.from({ length: 47 }, (_, i) => i + 1);
    expect(percentileInterval(few, 99)).toEqual({ low: 45, high: undefined });
    // Even the largest of 300 is below the true p99 1 - 0.99^300 = 5 % of the time: more than the 2.5 % a tail may hold.
    expect(
      percentileInterval(
        Array.from({ length: 300 }, (_, i) => i + 1),
        99,
      ).high,
    ).toBeUndefined();
    expect(percentileInterval([], 99)).toEqual({});
  });

  it('holds the true percentile at least as often as it says, and not far more often', () => {
    // Exponential times (a long tail, as gathers have): the true p99 is -ln(0.01).
    const truth = -Math.log(0.01);
    const random = new Random(20261205);
    for (const n of [500, 1000]) {
      let held = 0;
      const trials = 1000;
      for (let trial = 0; trial < trials; trial++) {
        const sorted = Array.from({ length: n }, () => -Math.log(1 - random.next())).sort((a, b) => a - b);
        const { low, high } = percentileInterval(sorted, 99);
        if (low! <= truth && truth < high!) held++;
        // The interval holds the point estimate.
        expect(low!).toBeLessThanOrEqual(percentile(sorted, 99));
        expect(high!).toBeGreaterThanOrEqual(percentile(sorted, 99));
      }
      expect(held / trials).toBeGreaterThanOrEqual(0.93);
      expect(held / trials).toBeLessThanOrEqual(0.99);
    }
  });

  it('is printed as low–high in milliseconds, with ? for a side no sample bounds', () => {
    expect(intervalText({ low: 3.456, high: 6.08 })).toBe('3.46–6.08');
    expect(intervalText({ low: 4.22, high: undefined })).toBe('4.22–?');
    expect(intervalText({ low: null, high: null })).toBe('?–?');
  });
});
