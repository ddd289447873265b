import type { WorkspaceIndex } from '../../index/workspace-index.js';
import { LRUCache } from 'lru-cache';
import { asciiFast } from '../../../util/ascii-pattern.js';
import { detached } from '../../../util/detached.js';
import type { DeclarationRules } from '../../../syntax/language-module.js';
import { languageModule } from '../../../syntax/modules.js';
import type { Steps } from '../../../util/steps.js';

/**
 * The types the file declares values with, by the patterns of the file's language (cheap, no type checker; see
 * DeclarationRules.declaredTypes): TS `x: T`, `#x: T`, `x = new T(`; Python `x: T`, `self.x = T(…)`; `this` (and
 * `self`) in a method of class T; in TS the parameter of a callback over a typed collection
 * (`this.items.forEach((item) =>`: an element of `items`). One scan per gather of the text around
 * the cursor's function (fields and parameters are declared above it or near its start; a long
 * file is not read whole); the last declaration of a name wins.
 *
 * The window's text above the function is read in pieces whose scans are kept (see pieceStarts): while the user
 * types in a function, that text does not change, and the scan of it was most of this function's time (13–15 % of
 * query-core's and the Python library's slowest gathers). What the pieces give is what one scan of the window gives.
 */
export function declaredTypes(text: string, before: number, languageId: string): Map<string, string> {
  const rules = languageModule(languageId)?.declarations.declaredTypes;
  if (!rules) return declaredTypesInOneScan(text, before, languageId);
  const { from, to } = windowAround(text, before);
  const starts = pieceStarts(text, from, before);
  const ends = [...starts.slice(1), to];
  // The last piece holds the function, the first starts wherever the window does (unless at the file's start): neither is worth keeping.
  const keeps = (i: number) => i < starts.length - 1 && (i > 0 || starts[0] === 0);
  const scans = kept(rules);
  const known = starts.map((start, i) => (keeps(i) ? scans.get(text.slice(start, ends[i])) : undefined));
  const stretches: Array<{ start: number; scan: Scan }> = [];
  for (let i = 0; i < starts.length;) {
    const found = known[i];
    if (found) {
      stretches.push({ start: starts[i]!, scan: found });
      i++;
      continue;
    }
    // Pieces not kept yet are read in one scan with their neighbours (a first visit reads the window once), then split.
    let j = i;
    while (j < starts.length && !known[j]) j++;
    stretches.push({ start: starts[i]!, scan: scanAndKeep({ text, starts, ends, rules }, i, j, Math.min(ends[j - 1]!, before), keeps) });
    i = j;
  }
  return declaredIn(text, from, stretches);
}

/** Files longer than this are not read ahead whole (their pieces would crowd the kept scans of every other file out). */
const MAX_READ_AHEAD_CHARS = 400_000;
/**
 * About how many characters are scanned between two steps: a twentieth of a millisecond of patterns on ASCII text, up
 * to 3 ms where the text has a letter past ASCII (`ß` in a comment), which only the slower Unicode patterns read right.
 */
const READ_AHEAD_STEP_CHARS = 2000;
/** A piece longer than this is not read ahead (one step would hold the thread too long): a gather scans it as before. */
const READ_AHEAD_MAX_PIECE = 4 * READ_AHEAD_STEP_CHARS;

/**
 * Scans and keeps every piece of an open file (see declaredTypes), in steps, for the re-rank turn after the file is
 * opened or re-indexed: the first completion in any of its functions then reads the text above the function from
 * what was kept, and scans only the window's first piece and the function's own. Pieces kept already cost a lookup.
 */
export function* readDeclaredTypesAhead(text: string, languageId: string): Steps<void> {
  const rules = languageModule(languageId)?.declarations.declaredTypes;
  if (!rules || text.length === 0 || text.length > MAX_READ_AHEAD_CHARS) return;
  const starts = pieceStarts(text, 0, text.length - 1);
  const ends = [...starts.slice(1), text.length];
  const scans = kept(rules);
  for (let i = 0; i < starts.length;) {
    yield;
    if (ends[i]! - starts[i]! > READ_AHEAD_MAX_PIECE || scans.get(text.slice(starts[i], ends[i])) !== undefined) {
      i++;
      continue;
    }
    // Pieces not kept yet, up to a step's worth, in one scan, then split as declaredTypes splits them.
    let j = i + 1;
    while (j < starts.length && ends[j]! - starts[i]! <= READ_AHEAD_STEP_CHARS && !scans.has(text.slice(starts[j], ends[j]))) j++;
    scanAndKeep({ text, starts, ends, rules }, i, j, ends[j - 1]!, () => true);
    i = j;
  }
}

/**
 * Pieces `i` to `j` (not included) read in one scan, class headers up to `classesUntil` (an offset in `text`), then
 * split into each piece's own scan; those `keeps` allows are kept by their text. Returns the one scan.
 */
function scanAndKeep(
  pieces: { text: string; starts: readonly number[]; ends: readonly number[]; rules: DeclaredTypeRules },
  i: number,
  j: number,
  classesUntil: number,
  keeps: (piece: number) => boolean,
): Scan {
  const { text, starts, ends, rules } = pieces;
  const start = starts[i]!;
  const scan = scanOf(text.slice(start, ends[j - 1]), rules, classesUntil - start);
  const parts = splitAt(
    scan,
    starts.slice(i, j).map((at) => at - start),
  );
  const scans = kept(rules);
  for (let k = i; k < j; k++) if (keeps(k)) scans.set(detached(text.slice(starts[k], ends[k])), parts[k - i]);
  return scan;
}

/** declaredTypes by one scan of the whole window: what its pieces must give (the test holds them to it), and all a language without patterns needs. */
export function declaredTypesInOneScan(text: string, before: number, languageId: string): Map<string, string> {
  const { from, to } = windowAround(text, before);
  const rules = languageModule(languageId)?.declarations.declaredTypes ?? NO_RULES;
  return declaredIn(text, from, [{ start: from, scan: scanOf(text.slice(from, to), rules, before - from) }]);
}

/** The text around the function that starts at `before`: 20,000 characters above it, 4,000 from it. */
function windowAround(text: string, before: number): { from: number; to: number } {
  return { from: Math.max(0, before - 20_000), to: Math.min(text.length, before + 4000) };
}

const NO_RULES: DeclaredTypeRules = { patterns: [], elementCallbacks: false };

/**
 * What a stretch of the window holds, by offset in it: each pattern's matches in order (name, type), the element
 * calls (the callback's parameter), the class headers (the class's name).
 */
interface Scan {
  readonly declared: ReadonlyArray<ReadonlyArray<readonly [number, string, string]>>;
  readonly calls: ReadonlyArray<readonly [number, string]>;
  readonly classes: ReadonlyArray<readonly [number, string]>;
}

/** A stretch's scan; class headers only up to `classesUntil` (the function's start, where the stretch holds it). */
function scanOf(stretch: string, rules: DeclaredTypeRules, classesUntil: number): Scan {
  return {
    declared: rules.patterns.map((pattern) => [...pattern.matchAll(stretch)].map((match) => [match.index ?? 0, match[1]!, match[2]!] as const)),
    calls: rules.elementCallbacks ? [...ELEMENT_CALL.matchAll(stretch)].map((match) => [match.index ?? 0, match[1]!] as const) : [],
    classes: [...CLASS_NAME.matchAll(stretch.slice(0, classesUntil))].map((match) => [match.index ?? 0, match[1]!] as const),
  };
}

/** A stretch's scan split at `cuts` (increasing offsets in it, the first 0): one scan per part, by offset in the part. */
function splitAt(scan: Scan, cuts: readonly number[]): Scan[] {
  const split = <T extends readonly [number, ...string[]]>(found: readonly T[]): T[][] => {
    const parts: T[][] = cuts.map(() => []);
    let part = 0;
    for (const entry of found) {
      while (part + 1 < cuts.length && entry[0] >= cuts[part + 1]!) part++;
      parts[part]!.push([entry[0] - cuts[part]!, ...entry.slice(1)] as unknown as T);
    }
    return parts;
  };
  const declared = scan.declared.map(split);
  const calls = split(scan.calls);
  const classes = split(scan.classes);
  return cuts.map((_, i) => ({ declared: declared.map((parts) => parts[i]!), calls: calls[i]!, classes: classes[i]! }));
}

/** The declared types the window's stretches give, as one scan of the window from `from` would (the stretches in order). */
function declaredIn(text: string, from: number, stretches: ReadonlyArray<{ start: number; scan: Scan }>): Map<string, string> {
  const found = new Map<string, { at: number; type: string }>();
  const note = (name: string, at: number, type: string) => {
    const known = found.get(name);
    if (!known || at > known.at) found.set(name, { at, type });
  };
  const patterns = stretches[0]?.scan.declared.length ?? 0;
  for (let pattern = 0; pattern < patterns; pattern++)
    for (const { start, scan } of stretches) for (const [at, name, type] of scan.declared[pattern]!) note(name, start + at, type);
  // After the declarations: a callback may come before the field it iterates is declared.
  for (const { start, scan } of stretches) {
    for (const [offset, parameter] of scan.calls) {
      const at = start + offset;
      const name = COLLECTION_BEFORE.exec(text.slice(Math.max(from, at - 60), at))?.[1];
      const collection = name === undefined ? undefined : found.get(name);
      if (collection) note(parameter, at, collection.type);
    }
  }
  const types = new Map([...found].map(([name, { type }]) => [name, type]));
  let own: string | undefined;
  for (const { scan } of stretches) own = scan.classes[scan.classes.length - 1]?.[1] ?? own;
  if (own) for (const self of ['this', 'self']) types.set(self, own);
  return types;
}

type DeclaredTypeRules = NonNullable<DeclarationRules['declaredTypes']>;

/**
 * Where the window's pieces start, from `from` to the last one that starts by `before`: after each blank line, at the
 * first `)` that no scan can read across. None of the patterns (nor ELEMENT_CALL, nor CLASS_NAME) matches a `)`, and
 * none looks past one for what it needs (the lookbehind sees a `)` or nothing, the lookaheads the same), so a scan of
 * the pieces finds the window's matches; but `Map<…,` reads anything but `<`, `>` and `,` (ANNOTATED), so a `)` after
 * an unclosed `Map<` (in the window) is passed over. The places depend on the text, not on where the window starts
 * (but for such a `Map<` above it): a piece above the function has the same text, and the same scan, keystroke after
 * keystroke. The test holds the scan of the pieces to the scan of the window, for every language's patterns.
 */
export function pieceStarts(text: string, from: number, before: number): number[] {
  // Every search is made in the window's text above the function: nothing before the window or past the function is read.
  const above = text.slice(from, before + 1);
  const starts = [0];
  const open = unclosedMaps(above);
  BLANK_LINE.lastIndex = 0;
  for (let blank = BLANK_LINE.exec(above); blank; blank = BLANK_LINE.exec(above)) {
    let at = above.indexOf(')', BLANK_LINE.lastIndex);
    while (at >= 0 && open(at)) at = above.indexOf(')', at + 1);
    if (at < 0) break;
    if (at > starts[starts.length - 1]!) starts.push(at);
    BLANK_LINE.lastIndex = at;
  }
  return starts.map((at) => from + at);
}

const BLANK_LINE = /\n[ \t\r]*\n/g;
const MAP_CLAUSE_END = /[<>,]/g;

/**
 * Whether a `Map<` of `text` is still open at a place (no `<`, `>` or `,` after it yet), for places asked in
 * increasing order: each `Map<` and the end of its clause are looked for once.
 */
function unclosedMaps(text: string): (at: number) => boolean {
  let map = -1;
  let next = text.indexOf('Map<');
  let closed = -1;
  return (at) => {
    if (next < 0 || next >= at) return map >= 0 && closed >= at;
    while (next >= 0 && next < at) {
      map = next;
      next = text.indexOf('Map<', map + 4);
    }
    MAP_CLAUSE_END.lastIndex = map + 4;
    closed = MAP_CLAUSE_END.exec(text)?.index ?? text.length;
    return closed >= at;
  };
}

/**
 * Scans of the pieces above the functions being written, by the piece's text, for each language's rules. Bounded by
 * the characters they hold (a copy each: a slice would keep its whole file alive).
 */
const KEPT_CHARS = 1_000_000;
const keptByRules = new Map<DeclaredTypeRules, LRUCache<string, Scan>>();

function kept(rules: DeclaredTypeRules): LRUCache<string, Scan> {
  let scans = keptByRules.get(rules);
  if (!scans) keptByRules.set(rules, (scans = new LRUCache<string, Scan>({ maxSize: KEPT_CHARS, sizeCalculation: (_, key) => Math.max(1, key.length) })));
  return scans;
}

/**
 * `items.forEach((item) =>`, `this.#items.slice().find(x =>`: the callback's first parameter is an
 * element of the collection (whose element type the declarations above give it). The scan looks for
 * the call (a literal dot and method name are found fast) and reads the collection's name back from it.
 */
const ELEMENT_CALL = asciiFast(/\.\s*(?:forEach|map|filter|find|findLast|some|every|flatMap)\s*\(\s*(?:async\s+)?\(?\s*([\p{L}_$][\p{L}\p{N}_$]*)/gu);
/** The first parameters of the callbacks `text` passes to a collection's methods (`.forEach((query) =>`): each is an element of some collection. */
export function callbackParameters(text: string): Set<string> {
  return new Set([...ELEMENT_CALL.matchAll(text)].map((match) => match[1]!));
}
const COLLECTION_BEFORE = /([\p{L}_$][\p{L}\p{N}_$]*)\s*(?:\.\s*slice\s*\(\s*\)\s*)?$/u;

/**
 * A class header, at the start of its line: docstrings and comments say `class` too (shelve.py's
 * "a dictionary-like class for …" made `self` a `for`, so its own and its bases' methods went untyped).
 */
const CLASS_NAME = asciiFast(/^[ \t]*(?:(?:export|default|abstract|declare)[ \t]+)*class[ \t]+([\p{L}_$][\p{L}\p{N}_$]*)/gmu);

const TYPE_KINDS = new Set(['class', 'interface', 'type']);
/** Names this short (`i`, `el`, `cb`) say nothing of their type. */
const MIN_GUESS_LENGTH = 3;

/**
 * The type a value's name suggests when nothing declares it (`query` → `Query`,
 * `durationSubscriber` → `DurationSubscriber`, else `Subscriber`, `_timestampProvider` →
 * `TimestampProvider`): the longest camel-case suffix, capitalised, that names a type of the
 * current file's language, one within reach (`near`) first. Callback parameters and values a call
 * returns are mostly named after their type.
 */
export function guessedType(index: WorkspaceIndex, file: string, value: string, near: ReadonlySet<string>): string | undefined {
  const name = value.replace(/^[_#$]+/, '');
  if (name.length < MIN_GUESS_LENGTH || !/^[a-z]/.test(name)) return undefined;
  const languageId = index.file(file)?.languageId;
  let anywhere: string | undefined;
  for (let at = 0; at < name.length; at++) {
    if (at > 0 && !/[A-Z]/.test(name[at]!)) continue;
    const type = name[at]!.toUpperCase() + name.slice(at + 1);
    if (type.length < MIN_GUESS_LENGTH) break;
    for (const ref of index.declarationsNamed(type)) {
      if (!TYPE_KINDS.has(ref.declaration.kind) || ref.declaration.container) continue;
      if (ref.file === file || near.has(ref.file)) return type;
      if (anywhere === undefined && index.file(ref.file)?.languageId === languageId) anywhere = type;
    }
  }
  return anywhere;
}
