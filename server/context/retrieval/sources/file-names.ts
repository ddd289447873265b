import { LRUCache } from 'lru-cache';
import { chainReference, lineTracker, QUALIFIER_CHARS, referenceKey, type ChainReading, type Reference } from '../focus.js';
import { followsDot } from '../../index/usage.js';
import { languageModule } from '../../../syntax/modules.js';
import { RECEIVER_CHAIN_CHARS } from '../../../syntax/language-module.js';
import type { WorkspaceIndex } from '../../index/workspace-index.js';
import type { LanguageId } from '../../../core/language.js';
import type { Steps } from '../../../util/steps.js';
import { importScope } from './import-scope.js';
import type { ImportScope } from './types.js';
import { NameUses } from './name-uses.js';

/**
 * One use of a name that the file-wide source may count, given the file's imports: a call, a package's `pkg.Name` or a value's
 * `x.Name()`, or a member selected from a chain (`a.B().Name`, read by the language's chain reader). Shared by every use
 * alike in a file, and never changed.
 */
export interface NameUse {
  /** What tells references apart (referenceKey). */
  readonly key: string;
  /** Its reference, weight 0. */
  readonly reference: Readonly<Reference>;
  readonly called: boolean;
}

/** A file's text with its uses of names in text order: where each starts, on which line, and what it is. */
export interface FileNames {
  readonly text: string;
  /** What it was read for (see readingOf): the same text read for another is read again. */
  readonly reading: string;
  readonly offsets: Int32Array;
  readonly lines: Int32Array;
  readonly uses: readonly NameUse[];
}

/**
 * How many names are read between two steps: a 4,000-line Python file holds some 40,000, and the scan's first run on a
 * file (code V8 has not optimised yet) took 4–6 ms of one turn per 10,000.
 */
const NAMES_PER_STEP = 1024;

/**
 * How far a use's reading looks back from it: the chain readers (RECEIVER_CHAIN_CHARS, QUALIFIER_CHARS), with a margin.
 * A use further than this past an edit (and past the next two characters that are not white space, which `followsDot`
 * reads back to) is read as it was, so its entry is kept.
 */
const READ_BEHIND = Math.max(RECEIVER_CHAIN_CHARS, QUALIFIER_CHARS) + 16;

/** An edit larger than this is read afresh rather than patched in. */
const MAX_PATCHED_CHARS = 64 * 1024;

/**
 * A text longer than this (the index's default limit on a file) has no names kept: finding what an edit changed compares
 * the texts, and patching copies every use (0.3 ms at the p50 on a 1,000,000-character Go file). Its gathers read their
 * lines, as before, which costs the same however long the file.
 */
const MAX_KEPT_CHARS = 1_000_000;

/**
 * Files' names per index, the last few files' texts each (a completion's, and the re-rank turn's after an update): the
 * files being worked in. Each holds its text, up to MAX_KEPT_CHARS, also after its document is closed.
 */
const KEPT = new WeakMap<WorkspaceIndex, LRUCache<string, FileNames>>();
const FILES_KEPT = 8;

/**
 * The uses of names in `text` (the file's current text), for the file-wide source. Worked out once per text: the re-rank turn
 * after an update reads the whole file off the keystroke path, and a keystroke since only has its edited lines read again,
 * the others' uses kept (moved by the edit's length). The same uses as a scan of the whole text, to the letter: a use
 * depends only on the characters from READ_BEHIND before it to the `(` after it. With nothing kept to start from, only
 * `within()` is read (the lines a gather counts: a long file's whole scan is the re-rank turn's to pay), and not kept.
 * Without an index (tests), read afresh.
 */
export function* fileNamesSteps(
  input: { index?: WorkspaceIndex; file: string; languageId: LanguageId; scope: Pick<ImportScope, 'namespaces'> },
  text: string,
  within?: () => { from: number; to: number; line: number },
): Steps<FileNames> {
  const kept = input.index && text.length <= MAX_KEPT_CHARS ? keptFor(input.index) : undefined;
  const reading = readingOf(input.languageId, input.scope);
  const cached = kept?.get(input.file);
  const known = cached?.reading === reading.key ? cached : undefined;
  if (known?.text === text) return known;
  const patched = known && (yield* patchedSteps(known, text, reading));
  const part = !patched && within?.();
  if (part && (part.from > 0 || part.to < text.length)) return yield* scanSteps(text, reading, part);
  const names = patched ?? (yield* scanSteps(text, reading, { from: 0, to: text.length, line: 0 }));
  kept?.set(input.file, names);
  return names;
}

/** How a file's names are read: in its language, with the names its imports give packages (see scanSteps). */
interface Reading {
  key: string;
  languageId: LanguageId;
  namespaces: readonly string[];
  /** Outside dotted module paths a chain's member is selected from a value ('' or `this.x`), never a package: one not called is dropped. */
  valueChains: boolean;
}

function readingOf(languageId: LanguageId, scope: Pick<ImportScope, 'namespaces'>): Reading {
  const namespaces = [...scope.namespaces.keys()].sort();
  const dotted = languageModule(languageId)?.packages.dottedNamespaces === true;
  const valueChains = !dotted && !namespaces.some((name) => name === '' || name.startsWith('this.'));
  return { key: `${languageId}\0${namespaces.join('\0')}`, languageId, namespaces, valueChains };
}

/** The re-rank turn's part: the file's names read and kept for the gathers after it (none for a text too long to keep). */
export function* keepFileNamesSteps(index: WorkspaceIndex, file: string, languageId: LanguageId, text: string): Steps<void> {
  if (text.length <= MAX_KEPT_CHARS) yield* fileNamesSteps({ index, file, languageId, scope: importScope(index, file) }, text);
}

function keptFor(index: WorkspaceIndex): LRUCache<string, FileNames> {
  let kept = KEPT.get(index);
  if (!kept) KEPT.set(index, (kept = new LRUCache<string, FileNames>({ max: FILES_KEPT })));
  return kept;
}

/** Where the first of the ascending `values` at or above `value` is (their length when none is). */
export function firstAtOrAfter(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * `known`'s uses patched for `text`: those before the edit and those well past it kept (the latter moved by the edit's
 * length and lines), the lines between read again. Undefined when the edit is too large to be worth it.
 */
function* patchedSteps(known: FileNames, text: string, reading: Reading): Steps<FileNames | undefined> {
  const old = known.text;
  const start = commonPrefix(old, text);
  const shift = text.length - old.length;
  const end = text.length - commonSuffix(old, text, start);
  if (end - start > MAX_PATCHED_CHARS) return undefined;
  // Back to the line of the last character before the edit that is not white space: a name there may be called by a `(` the edit wrote.
  let before = start - 1;
  while (before >= 0 && isWhiteSpace(text.charCodeAt(before))) before--;
  const from = before < 0 ? 0 : text.lastIndexOf('\n', before) + 1;
  // On past the edit, two characters that are not white space and READ_BEHIND, to the next line's start.
  let after = end;
  for (let seen = 0; after < text.length && seen < 2; after++) if (!isWhiteSpace(text.charCodeAt(after))) seen++;
  const reach = Math.min(text.length, after + READ_BEHIND);
  const to = reach === text.length || text.charCodeAt(reach - 1) === NEWLINE ? reach : nextLineStart(text, reach);
  const keptBefore = firstAtOrAfter(known.offsets, from);
  const keptAfter = firstAtOrAfter(known.offsets, to - shift);
  const line = keptBefore === 0 ? linesIn(text, 0, from) : known.lines[keptBefore - 1]! + linesIn(text, known.offsets[keptBefore - 1]!, from);
  const middle = yield* scanSteps(text, reading, { from, to, line });
  const moved = linesIn(text, from, to) - linesIn(old, from, to - shift);
  return {
    text,
    reading: reading.key,
    offsets: joined(known.offsets, keptBefore, middle.offsets, keptAfter, shift),
    lines: joined(known.lines, keptBefore, middle.lines, keptAfter, moved),
    uses: known.uses.slice(0, keptBefore).concat(middle.uses, known.uses.slice(keptAfter)),
  };
}

/** `known`'s values before `before`, then `middle`'s, then `known`'s from `after` on, moved by `by`: copied, not pushed one by one. */
function joined(known: Int32Array, before: number, middle: Int32Array, after: number, by: number): Int32Array {
  const out = new Int32Array(before + middle.length + known.length - after);
  out.set(known.subarray(0, before));
  out.set(middle, before);
  const at = before + middle.length;
  for (let i = after; i < known.length; i++) out[at + i - after] = known[i]! + by;
  return out;
}

/** The uses of names starting from `from` (a line's start, on line `line`) up to `to`, in steps. */
function* scanSteps(text: string, reading: Reading, { from, to, line }: { from: number; to: number; line: number }): Steps<FileNames> {
  const module = languageModule(reading.languageId);
  const { namespaces, valueChains } = reading;
  // Where imports name each binding (TS/JS, Python), a plain name is counted through them, not by its calls.
  const namesUses = module?.packages.importsNameUses === true;
  const chains: ChainReading = { dotted: module?.packages.dottedNamespaces === true, chainAt: module?.declarations.receiverChain };
  const lineAt = lineTracker(text, line, from);
  const offsets: number[] = [];
  const lines: number[] = [];
  const uses: NameUse[] = [];
  const shared = new Map<string, NameUse>();
  for (let use = new NameUses(text, from), read = 0; use.next() && use.nameStart < to;) {
    if (++read % NAMES_PER_STEP === 0) yield;
    const { called, nameStart: at } = use;
    const member = use.memberStart >= 0;
    const dotted = !member && followsDot(text, at);
    if (!member && !dotted && (namesUses || !called)) continue;
    // Nor is a member not called counted, unless of a package (`x.field`, most of a file's members): nothing is made for it.
    if (!called && (member ? !namedAt(namespaces, text, at, use.nameEnd) : valueChains)) continue;
    const first = text.slice(at, use.nameEnd);
    const reference: Reference = member ? { name: text.slice(use.memberStart, use.memberEnd), qualifier: first, weight: 0 } : { name: first, qualifier: undefined, weight: 0 };
    // `a.B().Name(`: a method of whatever the chain gives (qualifier '').
    if (dotted) chainReference(reference, text, at, chains);
    const key = referenceKey(reference);
    // A plain name and a member of a chain not read (qualifier '') share a key, not a reference; so do `x.y` and a chain `x .y`.
    const kind = `${called ? 'c' : '-'}${member ? 'm' : '-'}${reference.qualifier === undefined ? 'n' : 'q'}${key}`;
    let found = shared.get(kind);
    if (!found) shared.set(kind, (found = Object.freeze({ key, reference: Object.freeze(reference), called })));
    offsets.push(at);
    lines.push(lineAt(at));
    uses.push(found);
  }
  return { text, reading: reading.key, offsets: Int32Array.from(offsets), lines: Int32Array.from(lines), uses };
}

/** Whether `text` names one of `names` from `start` to `end`: the test for a package, with no string made for the name. */
function namedAt(names: readonly string[], text: string, start: number, end: number): boolean {
  for (let i = 0; i < names.length; i++) if (names[i]!.length === end - start && text.startsWith(names[i]!, start)) return true;
  return false;
}

const NEWLINE = 0x0a;

function nextLineStart(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

/** Line breaks in `text` from `from` up to `to`. */
function linesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** `\s`, as NameUses and followsDot read it (taking more for white space would only make more lines read again). */
function isWhiteSpace(code: number): boolean {
  return code < 0x80 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : SPACE.test(String.fromCharCode(code));
}
const SPACE = /^\s$/u;

/** How many characters the texts start with alike; compared a block at a time (a block's comparison is the engine's, not a loop here). */
function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let at = 0;
  for (let block = 4096; at < length;) {
    const end = Math.min(length, at + block);
    if (a.slice(at, end) !== b.slice(at, end)) break;
    at = end;
  }
  while (at < length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters the texts end with alike, not counting the first `prefix` of either. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const length = Math.min(a.length, b.length) - prefix;
  let size = 0;
  for (let block = 4096; size < length;) {
    const next = Math.min(length, size + block);
    if (a.slice(a.length - next, a.length - size) !== b.slice(b.length - next, b.length - size)) break;
    size = next;
  }
  while (size < length && a.charCodeAt(a.length - 1 - size) === b.charCodeAt(b.length - 1 - size)) size++;
  return size;
}
