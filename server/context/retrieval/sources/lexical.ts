import { candidateOf } from './import-scope.js';
import type { Candidate, SourceInput } from './types.js';

const LEXICAL_BASE = 0.25;
const HITS = 24;
/**
 * Pending BM25 changes a gather applies itself: more than one large file's update is a build's (3.3 s on go-stdlib),
 * which a completion during the build's warm-up must not pay; it gets what is indexed so far.
 */
const KEYSTROKE_BACKLOG = 2000;

/** BM25 over declaration chunks, queried with the identifiers of the cursor's function: the fallback for names nothing resolved. */
export function lexicalCandidates(input: SourceInput): Candidate[] {
  const hits = input.index
    .searchChunks(input.focus.terms, HITS + 8, { maxBacklog: KEYSTROKE_BACKLOG })
    .filter((hit) => hit.file !== input.file)
    .slice(0, HITS);
  const best = hits[0]?.score ?? 1;
  return hits.map((hit) => candidateOf(hit, (LEXICAL_BASE * hit.score) / best, 'lexical'));
}
