import { candidateOf } from './import-scope.js';
import type { Candidate, SourceInput } from './types.js';

const LEXICAL_BASE = 0.25;
const HITS = 24;

/** BM25 over declaration chunks, queried with the identifiers of the cursor's function: the fallback for names nothing resolved. */
export function lexicalCandidates(input: SourceInput): Candidate[] {
  const hits = input.index
    .searchChunks(input.focus.terms, HITS + 8)
    .filter((hit) => hit.file !== input.file)
    .slice(0, HITS);
  const best = hits[0]?.score ?? 1;
  return hits.map((hit) => candidateOf(hit, (LEXICAL_BASE * hit.score) / best, 'lexical'));
}
