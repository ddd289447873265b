import { describe, expect, it } from 'vitest';
import type { StatsEvent } from '../../server/stats/acceptance-log.js';
import { formatReport, parseSince, summarize } from '../../server/stats/stats-report.js';

const DAY = 86_400_000;
const NOW = 100 * DAY;

function shown(id: string, language: string, model: string, latencyMs: number, at = NOW - 1000): StatsEvent {
  return { kind: 'shown', id, at, language, model, latencyMs, chars: 20 };
}
function accepted(id: string, chars: number, partial = false): StatsEvent {
  return { kind: 'accepted', id, at: NOW, chars, partial };
}

describe('ghostline stats: counting what was shown and accepted', () => {
  const events: StatsEvent[] = [
    shown('a', 'go', 'qwen', 100),
    shown('b', 'go', 'qwen', 200),
    shown('c', 'typescript', 'qwen', 300),
    shown('d', 'typescript', 'deepseek', 400),
    shown('old', 'go', 'qwen', 900, NOW - 10 * DAY),
    accepted('a', 20),
    // Two partial accepts of one suggestion: one accepted suggestion, their characters added up.
    accepted('c', 5, true),
    accepted('c', 7, true),
    accepted('old', 3),
    // An accept of a suggestion this file never saw shown (another machine's log) counts nowhere.
    accepted('unknown', 50),
  ];

  it('counts per suggestion, overall and per language and model', () => {
    const report = summarize(events, { now: NOW });
    expect(report.total).toEqual({ shown: 5, accepted: 3, rate: 0.6, charsAccepted: 35, latencyP50Ms: 300, latencyP95Ms: 900 });
    expect(report.byLanguage.go).toMatchObject({ shown: 3, accepted: 2, charsAccepted: 23 });
    expect(report.byLanguage.typescript).toMatchObject({ shown: 2, accepted: 1, rate: 0.5, charsAccepted: 12 });
    expect(Object.keys(report.byModel)).toEqual(['deepseek', 'qwen']);
    expect(report.byModel.deepseek).toMatchObject({ shown: 1, accepted: 0, rate: 0 });
  });

  it('--since leaves out suggestions shown before the window', () => {
    const report = summarize(events, { now: NOW, sinceMs: parseSince('7d'), since: '7d' });
    expect(report.total).toMatchObject({ shown: 4, accepted: 2, charsAccepted: 32 });
    expect(formatReport(report)).toMatch(/^Ghostline suggestions, last 7d:\n\s+shown\s+accepted\s+rate\s+chars\s+p50 ms\s+p95 ms\nall\s+4\s+2\s+50\.0 %\s+32\s+200\s+400$/m);
  });

  it('reads durations in days, hours and minutes, and nothing else', () => {
    expect(parseSince('7d')).toBe(7 * DAY);
    expect(parseSince('12h')).toBe(12 * 3_600_000);
    expect(parseSince('30m')).toBe(30 * 60_000);
    expect(parseSince('7 days')).toBeUndefined();
    expect(parseSince('')).toBeUndefined();
  });
});
