import type MiniSearch from 'minisearch';
import { topK } from '../../util/top-k.js';

/** What a query reads of MiniSearch 7.2's index (its protected fields), checked to be there before it is trusted. */
interface Postings {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
}

/** How a query's ties and averages are settled (see `top`). */
export interface ScanOptions {
  /** Orders documents of equal score by the ids MiniSearch was given; without it they stay in postings order. */
  tie?: (a: number, b: number) => number;
  /**
   * Each field's average length, by field id, in place of MiniSearch's: it keeps a running average, updated by
   * each add and remove, whose last bits drift, so an edit and its undo changed scores by 1e-16 and reordered ties.
   */
  averages?: readonly number[];
}

/** MiniSearch's default BM25+ parameters, which the index keeps. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** One term's score per document it occurs in, documents in the order MiniSearch meets them (its fields in order). */
interface TermScores {
  docs: Int32Array;
  scores: Float64Array;
}

/** Postings' scores kept for terms asked before, while the index stands: a gather's terms recur at the next keystroke. */
const MAX_KEPT_POSTINGS = 100_000;

/**
 * The best documents for OR-combined exact terms, with the scores and in the order MiniSearch's `search`
 * gives (the same arithmetic in the same order, a stable cut of the same ranking), unless the caller settles
 * ties and averages itself (`ScanOptions`). `search` builds a result
 * object with its matched terms and fields for every document any term matches and sorts them all; a query
 * takes a few dozen of thousands, and on go-stdlib that was a tenth of the gather. Here a document's running
 * score is a slot of a typed array (by MiniSearch's short id), stamped per query instead of cleared.
 */
export class Bm25Scan {
  private totals = new Float64Array(1024);
  private matched = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private round = 0;
  private termSums = new Float64Array(1024);
  private termStamps = new Int32Array(1024);
  private termRound = 0;
  private readonly kept = new Map<string, TermScores>();
  private keptPostings = 0;
  /** The index's state the kept scores are of: an add moves the next id on, a remove the count down. */
  private keptAt = '';
  /** The field weights the kept scores were computed with: a term's scores are weighted sums, so other weights need them again. */
  private keptBoosts: Readonly<Record<string, number>> | undefined;

  /** Undefined where it cannot tell: the index's shape is not the one read here, or a discarded document is met (only `search` cleans those up). */
  top(
    search: MiniSearch,
    terms: readonly string[],
    boosts: Readonly<Record<string, number>>,
    limit: number,
    { tie, averages }: ScanOptions = {},
  ): Array<{ id: unknown; score: number }> | undefined {
    const index = postingsOf(search);
    if (!index) return undefined;
    const at = `${index._nextId}:${index._documentCount}`;
    if (at !== this.keptAt || boosts !== this.keptBoosts) {
      this.kept.clear();
      this.keptPostings = 0;
      this.keptAt = at;
      this.keptBoosts = boosts;
    }
    if (index._nextId > this.totals.length) this.grow(index._nextId);
    if (++this.round === 0x7fffffff || this.termRound > 0x7fffffff - terms.length) {
      this.stamps.fill(0);
      this.termStamps.fill(0);
      this.round = 1;
      this.termRound = 0;
    }
    const order: number[] = [];
    for (const term of terms) {
      const own = this.termScores(index, term, boosts, averages);
      if (!own) return undefined;
      const { docs, scores } = own;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (this.stamps[doc] === this.round) {
          this.totals[doc] = this.totals[doc]! + scores[i]!;
          this.matched[doc]!++;
        } else {
          this.stamps[doc] = this.round;
          this.totals[doc] = scores[i]!;
          this.matched[doc] = 1;
          order.push(doc);
        }
      }
    }
    // MiniSearch multiplies a document's score by the number of query terms it matched.
    const scoreOf = (doc: number) => this.totals[doc]! * this.matched[doc]!;
    const idOf = (doc: number) => index._documentIds.get(doc);
    // Ranked by document number, objects made only for those kept: a query matches thousands of chunks, and an
    // object each was most of what the lexical source allocated on python-stdlib (185 KB at its p99).
    const best = topK(order, limit, (a, b) => scoreOf(b) - scoreOf(a) || (tie ? tie(idOf(a) as number, idOf(b) as number) : 0));
    return best.map((doc) => ({ id: idOf(doc), score: scoreOf(doc) }));
  }

  private termScores(index: Postings, term: string, boosts: Readonly<Record<string, number>>, averages: readonly number[] | undefined): TermScores | undefined {
    const known = this.kept.get(term);
    if (known) return known;
    // The term's sum per document in typed slots stamped per term, as the query's totals are: a map cost two lookups a posting.
    const docs: number[] = [];
    const sums = this.termSums;
    const seen = this.termStamps;
    const round = ++this.termRound;
    const data = index._index.get(term);
    for (const field of data ? Object.keys(boosts) : []) {
      const fieldId = index._fieldIds[field];
      const freqs = fieldId === undefined ? undefined : data!.get(fieldId);
      if (fieldId === undefined || !freqs) continue;
      const boost = boosts[field]!;
      const avgFieldLength = averages?.[fieldId] ?? index._avgFieldLength[fieldId]!;
      const invDocFreq = Math.log(1 + (index._documentCount - freqs.size + 0.5) / (freqs.size + 0.5));
      // forEach, not for…of: the iterator made a [doc, frequency] pair for each posting.
      let whole = true;
      freqs.forEach((termFreq, docId) => {
        // A removed or discarded document has no field lengths left.
        const lengths = whole ? index._fieldLength.get(docId) : undefined;
        if (!lengths) {
          whole = false;
          return;
        }
        const score = boost * (invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * lengths[fieldId]!) / avgFieldLength))));
        if (seen[docId] === round) sums[docId] = sums[docId]! + score;
        else {
          seen[docId] = round;
          sums[docId] = score;
          docs.push(docId);
        }
      });
      if (!whole) return undefined;
    }
    const own = { docs: Int32Array.from(docs), scores: Float64Array.from(docs, (doc) => sums[doc]!) };
    if (this.keptPostings + own.docs.length <= MAX_KEPT_POSTINGS) {
      this.kept.set(term, own);
      this.keptPostings += own.docs.length;
    }
    return own;
  }

  private grow(size: number): void {
    const length = Math.max(size, this.totals.length * 2);
    this.totals = new Float64Array(length);
    this.matched = new Int32Array(length);
    this.stamps = new Int32Array(length);
    this.termSums = new Float64Array(length);
    this.termStamps = new Int32Array(length);
    this.round = 0;
    this.termRound = 0;
  }
}

function postingsOf(search: MiniSearch): Postings | undefined {
  const index = search as unknown as Partial<Postings>;
  const ok =
    typeof index._index?.get === 'function' &&
    index._fieldIds !== undefined &&
    index._fieldLength instanceof Map &&
    Array.isArray(index._avgFieldLength) &&
    typeof index._documentCount === 'number' &&
    typeof index._nextId === 'number' &&
    index._documentIds instanceof Map &&
    index._idToShortId instanceof Map;
  return ok ? (index as Postings) : undefined;
}

/** The lengths MiniSearch recorded for a document's fields (by field id), undefined where it cannot tell. */
export function fieldLengthsOf(search: MiniSearch, id: unknown): readonly number[] | undefined {
  const index = postingsOf(search);
  const shortId = index?._idToShortId.get(id);
  return shortId === undefined ? undefined : index?._fieldLength.get(shortId);
}
