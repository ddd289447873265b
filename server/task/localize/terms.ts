/**
 * The words of a task and of code, brought to one form so prose ("emits", "subscribed") meets
 * identifiers (`emit`, `subscriber`): identifiers split at camelCase and snake_case, lower-cased,
 * lightly stemmed; English and commit-message filler dropped.
 */

import { CODE_STOPWORDS, PROSE_STOPWORDS } from './stopwords.js';

const WORD = /[\p{L}_$][\p{L}\p{N}_$]*/gu;
const CAMEL_SPLIT = /[_$]+|(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/** A light stemmer: plural, -ing and -ed endings and a final e, so inflections of a word meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  // emitted → emitt → emit; but keep -ll and -ss (call, class).
  if (w.length > 4 && /([b-df-hj-km-np-tv-z])\1$/.test(w) && !/(ll|ss)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The lower-case parts of one identifier: `shareReplay` → `share`, `replay`; `AJAX_ERROR` → `ajax`, `error`. */
export function identifierParts(identifier: string): string[] {
  return identifier
    .split(CAMEL_SPLIT)
    .filter((part) => part.length > 0)
    .map((part) => part.toLowerCase());
}

/**
 * Stemmed terms of code text (names, signatures, doc comments, paths): every identifier's parts,
 * and the whole identifier when it has several, so `windowTime` matches "window" and "windowtime".
 */
export function codeWords(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    let words = identifierWords.get(match[0]);
    if (!words) {
      const parts = identifierParts(match[0]);
      words = parts.filter((part) => part.length >= 2 && !CODE_STOPWORDS.has(part) && !PROSE_STOPWORDS.has(part)).map(stem);
      if (parts.length > 1) words.push(parts.join(''));
      if (identifierWords.size >= MAX_REMEMBERED) identifierWords.clear();
      identifierWords.set(match[0], words);
    }
    for (const word of words) out.push(word);
  }
  return out;
}

/**
 * The words of identifiers already split: a repository repeats its identifiers thousands of times,
 * and splitting and stemming each again made building the BM25 documents take seconds.
 */
const identifierWords = new Map<string, string[]>();
const MAX_REMEMBERED = 200_000;

/** What localization reads from a task's text. */
export interface TaskTerms {
  /** Stemmed words with their weights (a word of the scope counts more). */
  words: Map<string, number>;
  /** Identifiers written as code (camelCase, snake_case, dotted, backticked, called): names to look up as they are. */
  identifiers: string[];
  /** Adjacent words joined (`window time` → `windowtime`), to meet names written as one identifier. */
  joined: string[];
  /** The task's plain words in order, lower-case, prose filler dropped. */
  plain: string[];
  /** The Conventional Commits scope, `fix(map): …` → `map`, when the task has one. */
  scope?: string;
  /** Each stemmed word as the task wrote it (`cooky` → `cookies`), for reasons a user reads. */
  written: Map<string, string>;
}

/** The task's words as it wrote them (lower-case) for the stemmed terms among `terms`, each once, in order. */
export function asWritten(terms: readonly string[], written: ReadonlyMap<string, string>): string[] {
  return [...new Set(terms.map((term) => written.get(term) ?? term))];
}

const SCOPE = /^\s*[a-z]+(?:\(([^)]+)\))?!?:\s*/i;

/** Splits a task into the terms the localizer matches against the index. */
export function taskTerms(task: string): TaskTerms {
  const scopeMatch = SCOPE.exec(task);
  const scope = scopeMatch?.[1]?.trim();
  const body = scopeMatch ? task.slice(scopeMatch[0].length) : task;
  const words = new Map<string, number>();
  const add = (word: string, weight: number) => words.set(word, Math.max(words.get(word) ?? 0, weight));
  for (const word of codeWords(body)) add(word, 1);
  if (scope) for (const word of codeWords(scope)) add(word, 2);
  const written = new Map<string, string>();
  for (const match of `${scope ?? ''} ${body}`.matchAll(WORD)) for (const part of identifierParts(match[0])) if (!written.has(stem(part))) written.set(stem(part), part);
  const identifiers = new Set<string>();
  const text = `${scope ?? ''} ${body}`;
  for (const match of text.matchAll(/[\p{L}_$][\p{L}\p{N}_$.]*/gu)) {
    const raw = match[0].replace(/\.+$/, '');
    const at = match.index ?? 0;
    const code = /\p{Ll}\p{Lu}|_|\$|\./u.test(raw) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(raw) || text[at - 1] === '`';
    const called = text.slice(at + raw.length).startsWith('(');
    if (code || called || raw === scope) for (const piece of raw.split('.')) if (piece.length > 1) identifiers.add(piece);
  }
  const plain = [...body.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0].toLowerCase()).filter((w) => !PROSE_STOPWORDS.has(w));
  const joined = new Set<string>();
  for (let i = 0; i + 1 < plain.length; i++) {
    joined.add(plain[i]! + plain[i + 1]!);
    if (i + 2 < plain.length) joined.add(plain[i]! + plain[i + 1]! + plain[i + 2]!);
  }
  return { words, identifiers: [...identifiers], joined: [...joined], plain, scope, written };
}
