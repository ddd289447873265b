import type { CaseResult } from './drive.js';
import { FULL_SPAN_MODES } from './replies.js';

/** Rates over a group of results, in percent (two decimals) except edit similarity (0–1). */
export interface Rates {
  n: number;
  exact: number;
  prefixCorrect: number;
  overlap: number;
  syntaxBreaking: number;
  empty: number;
  editSimilarity: number;
}

export function rates(results: readonly CaseResult[]): Rates {
  const n = results.length;
  const pct = (count: number): number => (n ? Math.round((count / n) * 10000) / 100 : Number.NaN);
  const count = (pick: (r: CaseResult) => boolean): number => results.filter(pick).length;
  return {
    n,
    exact: pct(count((r) => r.score.exact)),
    prefixCorrect: pct(count((r) => r.score.prefixCorrect)),
    overlap: pct(count((r) => r.score.overlap)),
    syntaxBreaking: pct(count((r) => r.score.syntaxBreaking)),
    empty: pct(count((r) => r.score.empty)),
    editSimilarity: n ? Math.round((results.reduce((sum, r) => sum + r.score.editSimilarity, 0) / n) * 1000) / 1000 : Number.NaN,
  };
}

/** Results grouped by a key, in the order the keys first appear in `order` (or in the results). */
export function groupRates(results: readonly CaseResult[], key: (r: CaseResult) => string, order?: readonly string[]): Array<{ key: string } & Rates> {
  const groups = new Map<string, CaseResult[]>((order ?? []).map((k) => [k, []]));
  for (const r of results) {
    const k = key(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)?.push(r);
  }
  return [...groups.entries()].filter(([, list]) => list.length > 0).map(([k, list]) => ({ key: k, ...rates(list) }));
}

export const isFullSpan = (r: CaseResult): boolean => FULL_SPAN_MODES.includes(r.mode);

/** A failed case, short enough to read in the JSON: where, what the model said, what was shown. */
export interface FailureExample {
  path: string;
  start: number;
  end: number;
  kind: string;
  shape: string;
  mode: string;
  variant: string;
  problems: string[];
  expected: string;
  shown: string;
  reply: string;
}

export function problemsOf(r: CaseResult): string[] {
  const s = r.score;
  if (s.exact) return [];
  return [s.empty ? 'empty' : s.prefixCorrect ? 'cut early' : 'wrong', ...(s.overlap ? ['overlap'] : []), ...(s.syntaxBreaking ? ['syntax-breaking'] : [])];
}

export function failureExample(r: CaseResult): FailureExample {
  const clip = (text: string): string => (text.length > 600 ? `${text.slice(0, 600)}…` : text);
  return {
    path: r.path,
    start: r.start,
    end: r.end,
    kind: r.kind,
    shape: r.shape,
    mode: r.mode,
    variant: r.variant,
    problems: problemsOf(r),
    expected: clip(r.expected),
    shown: clip(r.shown),
    reply: clip(r.reply),
  };
}
