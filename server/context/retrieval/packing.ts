import { LRUCache } from 'lru-cache';
import type { RepoSnippet } from '../../core/prompt.js';
import { linesBetween } from '../../core/line-walk.js';
import { CHARS_PER_TOKEN, estimateTokens } from '../../core/tokens.js';
import { dirOf } from '../../syntax/manifests.js';
import { redactSecrets } from '../index/secrets.js';
import type { Candidate } from './sources/types.js';
import { PackOrder, densityAt, FILE_OVERHEAD_TOKENS } from './pack-order.js';

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

/**
 * Cut texts by cap, then by the text cut: the same declarations are cut on every gather (a large
 * type's text, to the same few caps), and cutting one line by line cost a sixth of the packing.
 */
const CUTS = new Map<number, LRUCache<string, string>>();

/** A snippet cut at a line boundary to `cap` tokens, ending with an ellipsis comment (and its closing brace when it had one). */
function truncate(candidate: Candidate, cap: number): Candidate {
  if (estimateTokens(candidate.content) <= cap) return candidate;
  let byText = CUTS.get(cap);
  if (!byText) CUTS.set(cap, (byText = new LRUCache<string, string>({ max: 2048 })));
  let content = byText.get(candidate.content);
  if (content === undefined) byText.set(candidate.content, (content = cut(candidate, cap).content));
  return { ...candidate, content };
}

function cut(candidate: Candidate, cap: number): Candidate {
  if (estimateTokens(candidate.content) <= cap) return candidate;
  // The members' signatures are worth more than the first member's long comment: an interface
  // cut after its first method's doc showed none of the methods the code was about to call.
  const bare = withoutInnerComments(candidate.content);
  if (bare !== candidate.content) return cut({ ...candidate, content: bare }, cap);
  const lines = candidate.content.split('\n');
  const closing = lines[lines.length - 1] === '}' ? '}' : '';
  const kept: string[] = [];
  let size = closing.length + 8;
  for (const line of lines) {
    if (Math.ceil((size + line.length + 1) / CHARS_PER_TOKEN) > cap) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (kept.length === 0) return { ...candidate, content: '' };
  const indent = /^\s*/.exec(kept[kept.length - 1] ?? '')?.[0] || '\t';
  return { ...candidate, content: [...kept, `${indent}// …`, ...(closing ? [closing] : [])].join('\n') };
}

/** A snippet without its comment lines after the first line (`//`, and `/* … *\/` blocks on lines of their own). */
function withoutInnerComments(content: string): string {
  const lines = content.split('\n');
  let inBlock = false;
  const kept = lines.filter((line, i) => {
    const trimmed = line.trim();
    if (i === 0) return true;
    if (inBlock) {
      inBlock = !trimmed.includes('*/');
      return false;
    }
    if (trimmed.startsWith('/*')) {
      inBlock = !trimmed.includes('*/');
      return false;
    }
    return !trimmed.startsWith('//');
  });
  return kept.length === lines.length ? content : kept.join('\n');
}

function renderFiles(chosen: Candidate[]): RepoSnippet[] {
  const byFile = new Map<string, Candidate[]>();
  for (const candidate of chosen) {
    const parts = byFile.get(candidate.path);
    if (parts) parts.push(candidate);
    else byFile.set(candidate.path, [candidate]);
  }
  const files = [...byFile.entries()].map(([path, parts]) => ({
    path,
    best: Math.max(...parts.map((part) => part.score)),
    environment: parts.some((part) => part.source === 'environment'),
    content: mergeParts(parts.sort((a, b) => a.line - b.line || compare(a.key, b.key)).map((part) => part.content)),
  }));
  files.sort((a, b) => Number(b.environment) - Number(a.environment) || a.best - b.best || compare(a.path, b.path));
  return files.map((file) => ({ path: file.path, content: redactSecrets(file.content) }));
}

/**
 * Joins a file's parts; consecutive members of one class (each rendered as `class X {`, member,
 * `}`) are merged under one header.
 */
function mergeParts(parts: string[]): string {
  const merged: string[] = [];
  // The lines of the last merged part, kept up to date as members join it: split again for each member, a
  // large class's text was split and hashed once per method packed from it (most of packing's allocation on TS).
  let known: Set<string> | undefined;
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    // Whether `part` opens with the `class X {` line `previous` opens with, compared without cutting it out.
    const headerEnd = part.indexOf('\n');
    if (
      previous !== undefined &&
      headerEnd > 0 &&
      part.charCodeAt(headerEnd - 1) === OPEN_BRACE &&
      previous.charCodeAt(headerEnd) === NEWLINE &&
      samePrefix(part, previous, headerEnd) &&
      previous.endsWith('\n}') &&
      part.endsWith('\n}')
    ) {
      const lines = (known ??= new Set(previous.split('\n')));
      const added = innerLines(part)
        .split('\n')
        .filter((line) => !lines.has(line) || line.trim().startsWith('/'));
      // The merged text's lines are the previous ones and those added (its closing brace was there before).
      for (const line of added) lines.add(line);
      merged[merged.length - 1] = added.length > 0 ? `${previous.slice(0, -2)}\n${added.join('\n')}\n}` : previous;
    } else {
      merged.push(part);
      known = undefined;
    }
  }
  return merged.join('\n');
}

/**
 * The length of what a candidate adds to its file's snippet: a class member whose `class X {` header a
 * part already packed from the file opens costs only its own lines, as mergeParts renders it (a long
 * generic header counted once per method kept half the methods of a class out of the budget). Worked
 * out without cutting any text: the pack order asks it again for a file's candidates each time one of
 * them is taken, and those strings were much of what packing allocated.
 */
function shownLength(candidate: Candidate, sameFile: readonly string[] | undefined): number {
  const { content } = candidate;
  // The cheap test first: most candidates (Go's methods among them) do not end with a brace line.
  if (!sameFile || !content.endsWith('\n}') || !isMember(candidate)) return content.length;
  const headerEnd = content.indexOf('\n');
  if (headerEnd < 1 || content.charCodeAt(headerEnd - 1) !== OPEN_BRACE) return content.length;
  // A loop, not some(): its closure was made each time, and the pack order asks this hundreds of times a gather.
  for (const other of sameFile) {
    // innerLines' length.
    if (other.charCodeAt(headerEnd) === NEWLINE && samePrefix(content, other, headerEnd)) return Math.max(0, content.length - 3 - headerEnd);
  }
  return content.length;
}

const OPEN_BRACE = 0x7b;
const NEWLINE = 0x0a;

/** Whether two texts begin with the same `length` characters. */
function samePrefix(a: string, b: string, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** A wrapped member's lines without its `class X {` header and closing brace. */
function innerLines(content: string): string {
  if (!content.endsWith('\n}')) return content;
  const firstBreak = content.indexOf('\n');
  return firstBreak < 0 ? content : content.slice(firstBreak + 1, -2);
}

/** A class member (keyed `file#line:Class.name`), rendered inside its class header; a Go struct's last field is no signature. */
function isMember(candidate: Candidate): boolean {
  // What /#\d+:[^.]+\./ tests, by hand: a tenth of the packing's time went to that pattern.
  const { key } = candidate;
  for (let at = key.indexOf('#'); at >= 0; at = key.indexOf('#', at + 1)) {
    let colon = at + 1;
    while (colon < key.length && key[colon]! >= '0' && key[colon]! <= '9') colon++;
    if (colon === at + 1 || key[colon] !== ':') continue;
    const dot = key.indexOf('.', colon + 1);
    if (dot > colon + 1) return true;
  }
  return false;
}

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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
