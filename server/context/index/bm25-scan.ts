import type MiniSearch from 'minisearch';
import { topK } from '../../util/top-k.js';

/** What a query reads of MiniSearch 7.2's index (its protected fields), checked to be there before it is trusted. */
interface Postings {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
}

/** MiniSearch's default BM25+ parameters, which the index keeps. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/**
 * The best `limit` documents for OR-combined exact terms, with the scores and in the order MiniSearch's
 * `search` gives (the same arithmetic in the same order, a stable cut of the same ranking), or undefined
 * where it cannot tell (the index's shape is not the one read here, or a discarded document is met, which
 * only `search` cleans up). `search` builds a result object with its matched terms and fields for every
 * document any term matches and sorts them all; a query takes a few dozen of thousands, and on go-stdlib
 * that was a tenth of the gather.
 */
export function topByBm25(
  search: MiniSearch,
  terms: readonly string[],
  boosts: Readonly<Record<string, number>>,
  limit: number,
): Array<{ id: unknown; score: number }> | undefined {
  const index = postingsOf(search);
  if (!index) return undefined;
  // Per document: its score so far and how many terms matched it, in the order it was first met.
  const totals = new Map<number, { score: number; terms: number }>();
  for (const term of terms) {
    const own = termScores(index, term, boosts);
    if (!own) return undefined;
    for (const [docId, score] of own) {
      const known = totals.get(docId);
      if (known) {
        known.score = known.score + score;
        known.terms++;
      } else totals.set(docId, { score, terms: 1 });
    }
  }
  const ranked: Array<{ docId: number; score: number }> = [];
  for (const [docId, { score, terms: matched }] of totals) ranked.push({ docId, score: score * matched });
  return topK(ranked, limit, (a, b) => b.score - a.score).map(({ docId, score }) => ({ id: index._documentIds.get(docId), score }));
}

/** One term's score per document, fields in the index's order (MiniSearch sums a term's fields before adding terms up). */
function termScores(index: Postings, term: string, boosts: Readonly<Record<string, number>>): Map<number, number> | undefined {
  const scores = new Map<number, number>();
  const data = index._index.get(term);
  if (!data) return scores;
  for (const field of Object.keys(boosts)) {
    const fieldId = index._fieldIds[field];
    const freqs = fieldId === undefined ? undefined : data.get(fieldId);
    if (fieldId === undefined || !freqs) continue;
    const boost = boosts[field]!;
    const avgFieldLength = index._avgFieldLength[fieldId]!;
    const invDocFreq = Math.log(1 + (index._documentCount - freqs.size + 0.5) / (freqs.size + 0.5));
    for (const [docId, termFreq] of freqs) {
      if (!index._documentIds.has(docId)) return undefined;
      const fieldLength = index._fieldLength.get(docId)![fieldId]!;
      const score = boost * (invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / avgFieldLength))));
      const known = scores.get(docId);
      scores.set(docId, known === undefined ? score : known + score);
    }
  }
  return scores;
}

function postingsOf(search: MiniSearch): Postings | undefined {
  const index = search as unknown as Partial<Postings>;
  const ok =
    typeof index._index?.get === 'function' &&
    index._fieldIds !== undefined &&
    index._fieldLength instanceof Map &&
    Array.isArray(index._avgFieldLength) &&
    typeof index._documentCount === 'number' &&
    index._documentIds instanceof Map;
  return ok ? (index as Postings) : undefined;
}
