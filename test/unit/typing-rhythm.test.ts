import { describe, expect, it } from 'vitest';
import { TypingRhythm } from '../../server/completion/typing-rhythm.js';

/** Replays requests at the given gaps (ms) on a fake clock and returns the last debounce chosen. */
function replay(gaps: number[], base = 75, max = 250): number {
  let now = 0;
  const rhythm = new TypingRhythm(() => now);
  let debounce = rhythm.debounceFor('u', base, max);
  for (const gap of gaps) {
    now += gap;
    debounce = rhythm.debounceFor('u', base, max);
  }
  return debounce;
}

describe('typing rhythm', () => {
  it('keeps the base debounce until it has seen a few keystrokes', () => {
    expect(replay([])).toBe(75);
    expect(replay([100, 100])).toBe(75);
  });

  it('waits a little longer than a fast typist’s usual gap', () => {
    expect(replay([100, 100, 100, 100])).toBe(125);
    expect(replay([90, 140, 100, 95, 110, 100])).toBe(125);
  });

  it('keeps the base debounce for a slow typist and for one who types faster than it', () => {
    expect(replay([400, 500, 450, 420])).toBe(75);
    expect(replay([30, 40, 35, 30])).toBe(75);
  });

  it('ignores pauses and forgets a closed document', () => {
    expect(replay([100, 5000, 100, 100, 100])).toBe(125);
    let now = 0;
    const rhythm = new TypingRhythm(() => now);
    for (let i = 0; i < 6; i++, now += 100) rhythm.debounceFor('u', 75, 250);
    rhythm.forget('u');
    expect(rhythm.debounceFor('u', 75, 250)).toBe(75);
  });

  // A pause (a gap of a second or more, or four times the burst's usual gap) starts a new burst.
  it.each([
    { gaps: [100, 100, 100, 100, 2000], debounce: 75, why: 'a lone request after a long pause' },
    { gaps: [100, 100, 100, 100, 600], debounce: 75, why: 'a gap of six times the rhythm' },
    { gaps: [100, 100, 100, 100, 600, 100], debounce: 75, why: 'too few keystrokes since the pause' },
    { gaps: [100, 100, 100, 100, 600, 100, 100, 100], debounce: 125, why: 'the new burst is fast again' },
    { gaps: [100, 100, 100, 100, 350], debounce: 125, why: 'a hesitation shorter than four gaps' },
    { gaps: [60, 60, 60, 900, 60, 60, 60], debounce: 75, why: 'a new burst faster than the base debounce' },
  ])('resets after a pause: $why', ({ gaps, debounce }) => {
    expect(replay(gaps)).toBe(debounce);
  });

  it('is off when the debounce is 0 or the maximum does not exceed it', () => {
    expect(replay([100, 100, 100, 100], 0)).toBe(0);
    expect(replay([100, 100, 100, 100], 75, 75)).toBe(75);
  });
});
