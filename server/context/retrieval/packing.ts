import type { RepoSnippet } from '../../core/prompt.js';
import { linesBetween } from '../../core/line-walk.js';
import { CHARS_PER_TOKEN, estimateTokens } from '../../core/tokens.js';
import { dirOf } from '../../syntax/manifests.js';
import type { Candidate } from './sources/types.js';
import { PackOrder, densityAt, FILE_OVERHEAD_TOKENS } from './pack-order.js';
import { innerLines, isMember, renderFiles, shownLength, truncate } from './packed-text.js';
import { compareStrings as compare } from '../../util/compare.js';

const MIN_USEFUL_TOKENS = 8;
/** No one snippet may take more than this share of the budget: a long struct or class must not crowd out ten signatures. */
const SNIPPET_SHARE = 0.12;
export const MIN_SNIPPET_CAP = 48;
/** Snippets nothing near the cursor names (an imported package's popular API, say) get a few lines at most. */
const LOW_SCORE = 0.3;
const LOW_SCORE_CAP = 48;

// Re-exported only so branches written against the old place still merge; the estimate lives in core/.
export { estimateTokens } from '../../core/tokens.js';

/**
 * Fills the token budget with the best candidates: by score and what each costs, its file's label
 * included until the file is packed (see PackOrder), each
 * declaration once with the scores of the sources that proposed it combined, a snippet already contained in a chosen one from the same file skipped. The result is one
 * snippet per file, labelled with its path, its parts in file order; files are ordered by their
 * best score, best last (nearest the code being completed), with the environment manifest
 * first. Every snippet is redacted. Identical input gives byte-identical output.
 */
export function packCandidates(candidates: readonly Candidate[], budgetTokens: number, options: { documented?: boolean } = {}): RepoSnippet[] {
  const shown = options.documented ? candidates.map((candidate) => (candidate.documented ? { ...candidate, content: candidate.documented } : candidate)) : candidates;
  // Not sorted: the pack order's heap breaks its ties as rankCandidates' order would, and only the head is ever popped.
  const { cut: ordered, ahead } = cutCandidates(shown, budgetTokens);
  const chosen: Candidate[] = [];
  const keys = new Set<string>();
  // Platform variants (Go build tags: x_linux.go, x_darwin.go …) often declare the same text in
  // one package; the same text in another package (bytes.Equal, bytealg.Equal) is another name.
  const contents = new Map<string, Set<string>>();
  const byFile = new Map<string, string[]>();
  let used = 0;
  let full = false;
  const costOf = (candidate: Candidate) => {
    const sameFile = byFile.get(candidate.path);
    return Math.ceil(shownLength(candidate, sameFile) / CHARS_PER_TOKEN) + 1 + (sameFile ? 0 : estimateTokens(candidate.path) + FILE_OVERHEAD_TOKENS);
  };
  // Only a class member's cost can change once its file is open (shownLength): the others are not priced again.
  const order = new PackOrder(ordered, { cost: costOf, ahead, settled: (candidate) => !candidate.content.endsWith('\n}') || !isMember(candidate), floor: leastCost });
  for (;;) {
    // Nothing smaller than a one-line signature in a new file fits any more; once one candidate did not fit,
    // nothing does once the room left is below the least any candidate not tried yet can cost.
    const room = budgetTokens - used;
    if (room < MIN_USEFUL_TOKENS || (full && room < order.cheapestLeft())) break;
    const candidate = order.next();
    if (!candidate) break;
    // What no longer fits is passed over before its text is compared with what was chosen: once the
    // budget is nearly full that is most of the candidates.
    const sameFile = byFile.get(candidate.path);
    const cost = costOf(candidate);
    if (used + cost > budgetTokens) {
      full = true;
      continue;
    }
    // The variant's and the overloads' keys are made only where they are asked: most candidates tried are not taken.
    const sameText = contents.get(candidate.content);
    if (keys.has(candidate.key) || sameText?.has(variantOf(candidate))) continue;
    const overloads = overloadKey(candidate.key);
    if (keys.has(overloads) || !NON_BLANK.test(candidate.content)) continue;
    if (sameFile) {
      // A class member whose signature line its class outline already shows adds nothing.
      const signatureLine = isMember(candidate) ? signatureOf(innerLines(candidate.content).trimEnd()) : '';
      if (sameFile.some((other) => other.includes(candidate.content) || (signatureLine !== '' && other.includes(signatureLine)))) continue;
      sameFile.push(candidate.content);
    } else {
      byFile.set(candidate.path, [candidate.content]);
    }
    used += cost;
    chosen.push(candidate);
    order.taken(candidate);
    keys.add(candidate.key);
    keys.add(overloads);
    if (sameText) sameText.add(variantOf(candidate));
    else contents.set(candidate.content, new Set([variantOf(candidate)]));
  }
  restoreBriefs(chosen, budgetTokens - used, Math.max(MIN_SNIPPET_CAP, Math.floor(budgetTokens * SNIPPET_SHARE)));
  return renderFiles(chosen);
}

/** A candidate's folder and class: platform variants of one declaration share them (and their text). */
function variantOf(candidate: Candidate): string {
  return `${dirOf(candidate.path)}\n${containerOf(candidate.key)}`;
}

/** What trim() leaves of a text is not empty (JavaScript's \s is the whitespace trim() strips). */
const NON_BLANK = /\S/;

/**
 * The least a candidate can ever cost packing (costOf in packCandidates): its file already open and, for a
 * member, its class header already packed (shownLength's inner lines, whose length is worked out without cutting them).
 */
function leastCost(candidate: Candidate): number {
  const { content } = candidate;
  if (!content.endsWith('\n}')) return estimateTokens(content) + 1;
  return Math.ceil(Math.max(0, content.length - 3 - content.indexOf('\n')) / CHARS_PER_TOKEN) + 1;
}

/**
 * A short form that left lines out (a Go struct's fields, a long TS alias's body), packed while the budget
 * still had room for the whole text (a small workspace's prompt, where nothing else competes), gets the
 * whole text back, best first: the lines cost nothing there. One that only elides within its lines (TS's
 * `Query<…>`) is kept: it reads as well.
 */
function restoreBriefs(chosen: Candidate[], room: number, cap: number): void {
  chosen.forEach((candidate, i) => {
    if (candidate.full === undefined || newlines(candidate.full) <= newlines(candidate.content)) return;
    const size = estimateTokens(candidate.full);
    const extra = size - estimateTokens(candidate.content);
    if (size > cap || extra > room) return;
    room -= extra;
    chosen[i] = { ...candidate, content: candidate.full };
  });
}

/** How many line breaks a text holds. */
const newlines = (text: string) => linesBetween(text, 0, text.length);

/** The order packing tries candidates in: one per declaration, cut to its cap, best density first. */
export function rankCandidates(candidates: readonly Candidate[], budgetTokens: number): Candidate[] {
  const { cut, ahead } = cutCandidates(candidates, budgetTokens);
  return cut
    .map((_, i) => i)
    .sort((a, b) => (ahead(a, b) ? -1 : ahead(b, a) ? 1 : 0))
    .map((i) => cut[i]!);
}

/**
 * One candidate per declaration, cut to its cap, in no particular order, and the ranking between two of
 * them (by index): best density first, then by key. Keys are unique here, so the ranking is total.
 */
function cutCandidates(candidates: readonly Candidate[], budgetTokens: number): { cut: Candidate[]; ahead: (a: number, b: number) => boolean } {
  const cap = Math.max(MIN_SNIPPET_CAP, Math.floor(budgetTokens * SNIPPET_SHARE));
  const cut: Candidate[] = [];
  for (const candidate of combine(candidates)) cut.push(truncate(candidate, candidate.score < LOW_SCORE ? Math.min(cap, LOW_SCORE_CAP) : cap));
  // Densities only where two candidates tie in the pack order: a few of the hundreds.
  const densities = new Float64Array(cut.length).fill(NaN);
  const densityOf = (i: number) => {
    let value = densities[i]!;
    if (Number.isNaN(value)) densities[i] = value = density(cut[i]!);
    return value;
  };
  const ahead = (a: number, b: number) => {
    const first = densityOf(a);
    const second = densityOf(b);
    return first !== second ? first > second : compare(cut[a]!.key, cut[b]!.key) < 0;
  };
  return { cut, ahead };
}

/**
 * One candidate per declaration. Sources that agree are more often right than either alone (on
 * the Go standard library, a declaration three sources proposed was needed several times as
 * often as one a single source proposed), so their scores combine as independent chances: 1 - Π(1 - score).
 */
function combine(candidates: readonly Candidate[]): Iterable<Candidate> {
  const byKey = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const known = byKey.get(candidate.key);
    if (!known) byKey.set(candidate.key, candidate);
    else byKey.set(candidate.key, withScore(known.score >= candidate.score ? known : candidate, 1 - (1 - known.score) * (1 - candidate.score)));
  }
  return byKey.values();
}

/**
 * A candidate with another score. Written out, not spread: candidates come in several shapes (with a
 * documented or full text or not), and a spread of so many shapes took a fifth of the packing.
 */
function withScore(candidate: Candidate, score: number): Candidate {
  const { key, path, line, content, documented, full, source } = candidate;
  const scored: Candidate = { key, path, line, content, score, source };
  if (documented !== undefined) scored.documented = documented;
  if (full !== undefined) scored.full = full;
  return scored;
}

/**
 * Worth per token, leaning towards worth: a 10-token signature at 0.2 goes before a 120-token
 * struct at 0.3, so more of the likely names fit the budget, yet a strong long snippet still beats
 * a weak short one.
 */
function density(candidate: Candidate): number {
  return densityAt(candidate, estimateTokens(candidate.content));
}

/** A class member (keyed `file#line:Class.name`), rendered inside its class header; a Go struct's last field is no signature. */
/**
 * The class a member's key names (`file#12:Stack.close` → `Stack`), else ''. Platform variants of a
 * method belong to one type; two classes of one folder whose methods read alike (Python's
 * `def close(self):`, whose text does not name its class) are two declarations.
 */
function containerOf(key: string): string {
  const at = key.lastIndexOf('#');
  const colon = key.indexOf(':', at);
  const dot = key.indexOf('.', colon + 1);
  return at >= 0 && colon > at && dot > colon + 1 ? key.slice(colon + 1, dot) : '';
}

/**
 * What the overloads of one declaration share (`file#12:.noop`, `file#13:.noop` → `file:.noop`): one
 * signature of a name shows the model it exists; three overloads of `noop` took a tenth of a
 * 256-token budget. Keys of another form stand for themselves.
 */
function overloadKey(key: string): string {
  const at = key.lastIndexOf('#');
  const colon = key.indexOf(':', at);
  return at > 0 && colon > at && /^#\d+$/.test(key.slice(at, colon)) ? `${key.slice(0, at)}${key.slice(colon)}` : key;
}

/**
 * A member's signature: its last line, unless that is a docstring's (Python's `def f(self):` then
 * `"""Return the name."""`): an empty or common docstring line is in many snippets, so a member
 * compared by it was taken for one its class's other parts already showed.
 */
function signatureOf(text: string): string {
  for (let end = text.length; end > 0;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (!STRING_LINE.test(line)) return line;
    end = start - 1;
  }
  return text.slice(text.lastIndexOf('\n') + 1).trim();
}
const STRING_LINE = /^[rRuUbB]{0,2}["']/;
