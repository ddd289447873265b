import MiniSearch from 'minisearch';
import { asciiFast } from '../../util/ascii-pattern.js';
import { Bm25Scan, fieldLengthsOf } from './bm25-scan.js';

/** Words every program is full of; they match everything and so rank nothing. */
const STOPWORDS = new Set([
  'func',
  'return',
  'if',
  'else',
  'for',
  'range',
  'err',
  'nil',
  'const',
  'var',
  'type',
  'struct',
  'interface',
  'string',
  'int',
  'error',
  'bool',
  'byte',
  'true',
  'false',
  'package',
  'import',
  'function',
  'export',
  'default',
  'let',
  'new',
  'this',
  'null',
  'undefined',
  'void',
  'number',
  'boolean',
  'any',
  'unknown',
  'class',
  'extends',
  'implements',
  'async',
  'await',
  'public',
  'private',
  'protected',
  'static',
  'readonly',
  'from',
  'the',
  'is',
  'of',
  'to',
  'in',
  'a',
  'an',
  'and',
  'or',
  'it',
  'be',
  'go',
  'defer',
  'case',
  'switch',
  'break',
  'continue',
  'map',
  'make',
  'len',
  'append',
  'get',
  'set',
  'ok',
]);

const IDENTIFIER = asciiFast(/[\p{L}_$][\p{L}\p{N}_$]*/gu);
/** Word boundaries inside an identifier: `_`, `parseHTTP|Header`, `HTTP|Header`. */
const CAMEL_SPLIT = asciiFast(/_|(?<=[\p{Ll}\p{N}])(?=[\p{Lu}])|(?<=[\p{Lu}])(?=[\p{Lu}][\p{Ll}])/u);

/**
 * Terms of code text: each identifier lower-cased whole and split into its camelCase and
 * snake_case words, so `parseHTTPHeader` matches a query for `header` and for `parsehttpheader`.
 */
export function codeTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(IDENTIFIER.for(text))) {
    const word = match[0];
    if (word.length < 2) continue;
    const lower = word.toLowerCase();
    if (!STOPWORDS.has(lower)) terms.push(lower);
    const parts = word.split(CAMEL_SPLIT.for(word));
    if (parts.length < 2) continue;
    for (const part of parts) {
      const p = part.toLowerCase();
      if (p.length >= 3 && p !== lower && !STOPWORDS.has(p)) terms.push(p);
    }
  }
  return terms;
}

export interface LexicalHit {
  id: number;
  score: number;
}

export interface LexicalQueryOptions {
  /** A larger backlog of pending chunks is not applied before the query. */
  maxBacklog?: number;
  /** Orders chunks of equal score (by their ids); the limit cuts after it, so which ties are kept follows it too. */
  tie?: (a: number, b: number) => number;
}

/**
 * BM25 over code chunks (one per declaration: its name, signature and doc comment) with
 * MiniSearch. Chunks are added and discarded per file as the index changes. Adding is deferred
 * until the first query or `warm()`: a command that never searches chunks (`task --locate-only`)
 * does not pay for tokenising every declaration, and the server warms it in slices after the build.
 */
export class LexicalIndex {
  private readonly search = new MiniSearch<{ id: number; name: string; text: string }>({
    fields: ['name', 'text'],
    // A chunk being removed is tokenised once, for both MiniSearch and the document frequencies.
    tokenize: (text) => this.removing?.get(text) ?? codeTerms(text),
    processTerm: (term) => term,
    searchOptions: { boost: { name: FIELD_BOOSTS.name }, combineWith: 'OR', prefix: false, fuzzy: false },
    autoVacuum: { minDirtCount: 2000, minDirtFactor: 0.2, batchSize: 2000, batchWait: 5 },
  });

  private readonly scan = new Bm25Scan();

  /** The terms of the chunk being taken out of the search, by field text. */
  private removing: Map<string, string[]> | undefined;

  /** Chunks each term occurs in, to leave terms out of queries that would match a large part of the index. */
  private readonly documentFrequency = new Map<string, number>();
  /**
   * The sum of the indexed chunks' lengths per field (exact: integers), for the averages BM25 divides by;
   * undefined once MiniSearch's internals cannot be read, when its own averages serve.
   */
  private lengthTotals: number[] | undefined = [];

  /** Adds (`sign` 1) or takes out (-1) a chunk's field lengths, as MiniSearch recorded them, to the totals. */
  private countLengths(id: number, sign: 1 | -1): void {
    const lengths = fieldLengthsOf(this.search, id);
    if (!lengths || !this.lengthTotals) {
      this.lengthTotals = undefined;
      return;
    }
    lengths.forEach((length, field) => (this.lengthTotals![field] = (this.lengthTotals![field] ?? 0) + sign * length));
  }

  /** Chunks added but not yet indexed, in the order they came. */
  private readonly pending = new Map<number, { name: string; text: string }>();

  get size(): number {
    return this.search.documentCount + this.pending.size;
  }

  /** Chunks added but not yet indexed: a query indexes them first. */
  get unindexed(): number {
    return this.pending.size;
  }

  add(id: number, name: string, text: string): void {
    this.pending.set(id, { name, text });
  }

  /** Chunks to take out of the search, with what they were added with (their terms' counts go down then). */
  private readonly discarded = new Map<number, { name: string; text: string }>();

  /**
   * Removes a chunk; `name` and `text` must be what it was added with. Taking it out of the search
   * (tokenising it again for the term counts) waits, like adding, for the next query or warm-up: an
   * edit that turns a file's 300 declarations into one discards them all in one turn otherwise.
   * When it is applied, the chunk leaves every term's postings (MiniSearch's `remove`), not MiniSearch's
   * `discard`, which leaves it counted in the scores of a term's chunks met before it until a vacuum: the
   * first query after a re-index ranked otherwise than the next one with the same terms.
   */
  discard(id: number, name: string, text: string): void {
    if (this.pending.delete(id) || !this.search.has(id)) return;
    this.discarded.set(id, { name, text });
  }

  /** Chunks added or discarded and not yet applied to the search. */
  get backlog(): number {
    return this.pending.size + this.discarded.size;
  }

  /** Indexes the pending chunks, yielding to the event loop every few milliseconds so requests get through. */
  async warm(signal?: AbortSignal, sliceMs = WARM_SLICE_MS): Promise<void> {
    while (this.backlog > 0 && !signal?.aborted) {
      const started = performance.now();
      while (this.backlog > 0 && performance.now() - started < sliceMs) this.indexPending(WARM_BATCH);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Indexes the pending chunks now when there are at most `max`: after one file's update, off the
   * keystroke path, so the next query does not tokenise them (it took a tenth of a gather's time).
   */
  warmNow(max: number): void {
    if (this.backlog <= max) this.indexPending(Infinity);
  }

  /** Applies up to `count` chunks of the backlog now, in the order they came: sliced work calls it between two turns. */
  applyBacklog(count: number): void {
    this.indexPending(count);
  }

  /**
   * Best chunks for the query terms, highest score first. Only the rarest few terms are asked
   * for: a term found in a large share of chunks adds little to BM25 and costs the most to score,
   * and the keystroke path has a few milliseconds. Pending chunks are indexed first, when there are at most
   * `maxBacklog`: a larger backlog is a build's (every chunk of go-stdlib: 3.3 s), which its sliced warm-up applies;
   * the query then answers from what is indexed so far.
   */
  query(terms: readonly string[], limit: number, options: LexicalQueryOptions = {}): LexicalHit[] {
    if (this.backlog <= (options.maxBacklog ?? Infinity)) this.indexPending(Infinity);
    const common = Math.max(32, this.search.documentCount * 0.003);
    const chosen = [...new Set(terms)]
      .map((term) => ({ term, df: this.documentFrequency.get(term) ?? 0 }))
      .filter(({ df }) => df > 0 && df <= common)
      .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1))
      .slice(0, MAX_QUERY_TERMS)
      .map(({ term }) => term);
    if (chosen.length === 0) return [];
    const { tie } = options;
    const count = this.search.documentCount;
    const averages = this.lengthTotals?.map((total) => total / count);
    const best = this.scan.top(this.search, chosen, FIELD_BOOSTS, limit, { tie, averages });
    if (best) return best.map((hit) => ({ id: hit.id as number, score: hit.score }));
    // The chosen terms are already index terms: tokenising them again would split
    // `error_path_not_found` back into `path`, `not`, `found` and match a third of the index.
    const hits = this.search.search(chosen.join(' '), { tokenize: (query) => query.split(' ') });
    if (tie) hits.sort((a, b) => b.score - a.score || tie(a.id as number, b.id as number));
    return hits.slice(0, limit).map((hit) => ({ id: hit.id as number, score: hit.score }));
  }

  /** Applies up to `count` discards, then up to what is left of `count` adds, in the order they came. */
  private indexPending(count: number): void {
    for (const [id, { name, text }] of this.discarded) {
      if (count-- <= 0) return;
      this.discarded.delete(id);
      this.removeNow(id, name, text);
    }
    for (const [id, { name, text }] of this.pending) {
      if (count-- <= 0) return;
      this.pending.delete(id);
      this.search.add({ id, name, text });
      this.countLengths(id, 1);
      for (const term of distinctTerms(name, text)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  /** Takes a chunk out of every posting and the term counts, tokenising it once for both. */
  private removeNow(id: number, name: string, text: string): void {
    const nameTerms = codeTerms(name);
    const textTerms = codeTerms(text);
    this.removing = new Map([
      [name, nameTerms],
      [text, textTerms],
    ]);
    try {
      this.countLengths(id, -1);
      this.search.remove({ id, name, text });
    } finally {
      this.removing = undefined;
    }
    for (const term of new Set([...nameTerms, ...textTerms])) {
      const left = (this.documentFrequency.get(term) ?? 1) - 1;
      if (left > 0) this.documentFrequency.set(term, left);
      else this.documentFrequency.delete(term);
    }
  }
}

/** The terms of a chunk, each once (for document frequencies). */
function distinctTerms(name: string, text: string): Set<string> {
  const terms = new Set(codeTerms(name));
  for (const term of codeTerms(text)) terms.add(term);
  return terms;
}

/** Each field's weight in a chunk's score, in the order MiniSearch is given the fields (a name's words count thrice). */
const FIELD_BOOSTS = { name: 3, text: 1 };
const WARM_SLICE_MS = 8;
/** Terms a query asks for: the rarest. */
const MAX_QUERY_TERMS = 8;
/** Chunks applied between two looks at the clock: a slice overruns by at most this many. */
const WARM_BATCH = 8;
