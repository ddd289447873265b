import { focusLineStart, type Reference } from '../focus.js';
import { languageModule } from '../../../syntax/modules.js';
import { fileNamesSteps, firstAtOrAfter } from './file-names.js';
import type { ImportScope, SourceInput } from './types.js';
import type { DeclarationRef } from '../../index/workspace-index.js';
import { findExported } from './import-scope.js';
import { runSteps, type Steps } from '../../../util/steps.js';
import { topK } from '../../../util/top-k.js';

/** File-wide uses of imported names count, but less than uses in the function at the cursor. */
const FILE_WIDE_WEIGHT = 0.35;
const IMPORTED_BINDING_WEIGHT = 0.45;
const FILE_WIDE_LINES = 600;
/**
 * How many of the file's names count at most: the weightiest (used nearest the cursor, most often). Each costs a
 * resolution and what that brings (a type's methods, its result types); ±600 lines of a dense file name some 300
 * (go-stdlib's slowest gathers: 230 of their 290 references), and the far ones rarely make a 1,024-token prompt.
 */
export const MAX_FILE_WIDE_NAMES = 64;

/**
 * Names of imports used anywhere in the file (Go `pkg.Name` and same-package calls, TS imported
 * bindings), weighted below the function's own: more for names used often and near the cursor.
 */
export function fileWideReferences(input: SourceInput, scope: ImportScope): Reference[] {
  return runSteps(fileWideReferenceSteps(input, scope));
}

/**
 * fileWideReferences as steps: the file's uses of names (fileNamesSteps: read once per text, in steps) counted over the lines
 * within reach of the cursor.
 */
export function* fileWideReferenceSteps(input: SourceInput, scope: ImportScope): Steps<Reference[]> {
  // A TS/JS import names exactly what the file uses, so each binding is a strong hint; its calls on values are read below.
  const namesUses = languageModule(input.languageId)?.packages.importsNameUses === true;
  const bindings: Reference[] = namesUses ? [...scope.bindings.keys()].map((name) => ({ name, weight: IMPORTED_BINDING_WEIGHT })) : [];
  // In a very long file only the lines within reach count: counting all of it would cost more than the keystroke path has.
  const { cursorLine } = input.focus;
  const first = Math.max(0, cursorLine - FILE_WIDE_LINES);
  const last = cursorLine + FILE_WIDE_LINES;
  const within = () => ({ from: focusLineStart(input.focus, first), to: focusLineStart(input.focus, last), line: first });
  // The names read for this file's imports: a member not called is there only when of a package.
  const names = yield* fileNamesSteps({ ...input, scope }, input.focus.text, within);
  const uses = new Map<string, { reference: Reference; count: number; distance: number }>();
  for (let i = firstAtOrAfter(names.lines, first); i < names.lines.length && names.lines[i]! < last; i++) {
    const { called, reference, key } = names.uses[i]!;
    const { qualifier } = reference;
    const selected = qualifier !== undefined && !scope.namespaces.has(qualifier);
    // A method called on a value anywhere in the file is one the code is likely to call again; so is a
    // module's member (`util.f(`), even where imports name each binding (Python's `from . import util`).
    if (selected ? !called : qualifier === undefined && (namesUses || !called)) continue;
    const distance = Math.abs(names.lines[i]! - cursorLine);
    const known = uses.get(key);
    if (known) {
      known.count++;
      known.distance = Math.min(known.distance, distance);
    } else {
      uses.set(key, { reference, count: 1, distance });
    }
  }
  const weighed = [...uses.values()].map(({ reference, count, distance }) => ({
    ...reference,
    weight: FILE_WIDE_WEIGHT * Math.min(1.2, (0.4 + 0.6 / (1 + distance / 40)) * (1 + 0.25 * Math.log2(count))),
  }));
  return [...bindings, ...weightiest(weighed, MAX_FILE_WIDE_NAMES)];
}

/** The `count` weightiest references (ties: the first in the text), in the order given. */
function weightiest(references: Reference[], count: number): Reference[] {
  if (references.length <= count) return references;
  const kept = new Set(topK(references, count, (a, b) => b.weight - a.weight));
  return references.filter((reference) => kept.has(reference));
}

/** An imported name the file uses nowhere yet: as likely as a name the function uses (see pendingBindings). */
const PENDING_BINDING_WEIGHT = 0.9;
/**
 * More names imported and unused than this say the imports are not kept tidy (or are being written
 * ahead of the code), not which one the line is about to use: then none is.
 */
const MAX_PENDING = 2;

/**
 * The names the file imports one by one (TS/JS, Python's `from m import a`) and uses nowhere but in
 * the import: the code being written is about to use them (the import came first, or the line that
 * used one is being rewritten), as Go's unused package imports (see importedApiCandidates). None when
 * more than MAX_PENDING are.
 */
export function pendingBindings(input: SourceInput, scope: ImportScope): string[] {
  if (languageModule(input.languageId)?.packages.importsNameUses !== true) return [];
  const pending = [...scope.bindings.keys()].filter((name) => pendingBinding(input.focus.text, name));
  return pending.length <= MAX_PENDING ? pending : [];
}

/**
 * The declarations of the pending names (see pendingBindings), each as sure as a name the function
 * uses. Their own snippets only, not their members: a class imported and not used yet says nothing of
 * which of its methods a value of another type is called with.
 */
export function pendingDeclarations(input: SourceInput): Array<[DeclarationRef, number]> {
  const { index, file, scope } = input;
  return pendingBindings(input, scope).flatMap((name) => {
    const binding = scope.bindings.get(name)!;
    return findExported(index, binding.files, binding.imported)
      .filter((ref) => ref.file !== file)
      .map((ref): [DeclarationRef, number] => [ref, PENDING_BINDING_WEIGHT]);
  });
}

/** Whether the text names `name` nowhere but in its first occurrence (the import). */
export function pendingBinding(text: string, name: string): boolean {
  let seen = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (IDENTIFIER_CHAR.test(text[at - 1] ?? ' ') || IDENTIFIER_CHAR.test(text[at + name.length] ?? ' ')) continue;
    if (++seen > 1) return false;
  }
  return true;
}
const IDENTIFIER_CHAR = /[\p{L}\p{N}_$]/u;
