import { runSteps, type Steps } from '../../util/steps.js';
import type { Bm25Documents } from './lexical.js';

/** Fewer words than this in a row are too common a phrase ("error handling") to stand for one identifier. */
const MIN_RUN = 3;
/** Identifiers of more parts than this are rare; longer runs only cost time on a long task. */
const MAX_RUN = 6;
/** A run stands for at most this many code words, the most frequent first (as abbreviations.ts). */
const MAX_MATCHES = 4;

/**
 * Long identifiers the task spells out in words: "deprecated synchronous error handling" for
 * `useDeprecatedSynchronousErrorHandling`. The vocabulary holds each multi-part identifier joined
 * and lower-cased (codeWords), so a run of three or more of the task's words, joined, that lies
 * inside a code word names that identifier. The code word joins the query with the weight of the
 * words that spell it, times the share of it they spell: the words meant one name, not several.
 * Read from the repository's own vocabulary, so it holds for any language.
 */
export function spelledNameTerms(plain: readonly string[], docs: Bm25Documents): Map<string, number> {
  return runSteps(spelledNameTermSteps(plain, docs));
}

/** Vocabulary terms tested between two steps (the Go standard library's vocabulary took 10-20 ms in one). */
const TERMS_PER_STEP = 8192;

/** spelledNameTerms as steps, for a server that answers keystrokes meanwhile. */
export function* spelledNameTermSteps(plain: readonly string[], docs: Bm25Documents): Steps<Map<string, number>> {
  const runs = new Map<string, number>();
  for (let i = 0; i < plain.length; i++) {
    for (let j = i + MIN_RUN; j <= Math.min(plain.length, i + MAX_RUN); j++) runs.set(plain.slice(i, j).join(''), j - i);
  }
  const added = new Map<string, number>();
  if (runs.size === 0) return added;
  // Each run begins with a whole task word: only code words holding one of those are tested against the runs.
  const starts = [...new Set(plain)].filter((word) => plain.indexOf(word) + MIN_RUN <= plain.length);
  const found = new Map<string, Array<[string, number]>>();
  // Keys only: a model read back from disk decodes a posting only when it is asked for.
  let tested = 0;
  for (const term of docs.postings.keys()) {
    if (++tested % TERMS_PER_STEP === 0) yield;
    if (!starts.some((word) => term.includes(word))) continue;
    for (const run of runs.keys()) if (term.includes(run)) found.set(run, [...(found.get(run) ?? []), [term, docs.postings.get(term)!.ids.length]]);
  }
  for (const [run, terms] of found) {
    for (const [term] of terms.sort((a, b) => b[1] - a[1]).slice(0, MAX_MATCHES)) {
      const value = (runs.get(run)! * run.length) / term.length;
      if ((added.get(term) ?? 0) < value) added.set(term, value);
    }
  }
  return added;
}
