import { lineStart, lineTracker, type Reference } from '../focus.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { dirOf } from '../../../syntax/manifests.js';
import { languageModule } from '../../../syntax/modules.js';
import { candidateOf, findExported } from './import-scope.js';
import type { Candidate, ImportScope, SourceInput } from './types.js';

/** File-wide uses of imported names count, but less than uses in the function at the cursor. */
const FILE_WIDE_WEIGHT = 0.35;
const IMPORTED_BINDING_WEIGHT = 0.45;
const FILE_WIDE_LINES = 600;
/** A value's member (`x.name`) is found by name only, so it is less certain than a resolved import. */
const MEMBER_FACTOR = 0.45;
const UNRESOLVED_FACTOR = 0.3;
const METHODS_FACTOR = 0.5;
const MAX_MATCHES = 4;

/**
 * Definitions of the names the cursor's function uses that are declared in other files:
 * through the file's imports first (Go package qualifiers, TS named, default and namespace
 * imports), then same-package names (Go), then members by name. Types come with their
 * methods' signatures.
 */
export function definitionCandidates(input: SourceInput): Candidate[] {
  const { index, file } = input;
  const { scope } = input;
  const out = new Map<string, Candidate>();
  const add = (ref: DeclarationRef, score: number) => {
    if (ref.file === file || score <= 0) return;
    const candidate = candidateOf(ref, score, 'definitions');
    const known = out.get(candidate.key);
    if (!known || known.score < score) out.set(candidate.key, candidate);
    if (ref.declaration.kind === 'type' || ref.declaration.kind === 'class') {
      index
        .methodsOf(ref.file, ref.declaration.name)
        .slice(0, 24)
        .forEach((method, i) => {
          if (ref.declaration.kind === 'class' && method.file === ref.file) return; // the class outline lists them
          const methodScore = (score * METHODS_FACTOR) / (1 + i / 8);
          const key = candidateOf(method, methodScore, 'definitions');
          const existing = out.get(key.key);
          if (!existing || existing.score < methodScore) out.set(key.key, key);
        });
    }
  };
  for (const reference of [...input.focus.references, ...fileWideReferences(input, scope)]) {
    for (const [ref, factor] of resolve(index, file, input.languageId, scope, reference)) add(ref, reference.weight * factor);
  }
  return [...out.values()];
}

/** Declarations a reference may mean, each with how sure the match is (1 = resolved through an import). */
function resolve(index: WorkspaceIndex, file: string, languageId: string, scope: ImportScope, reference: Reference): Array<[DeclarationRef, number]> {
  const { name, qualifier } = reference;
  if (qualifier !== undefined) {
    const namespace = scope.namespaces.get(qualifier);
    if (namespace) return findExported(index, namespace, name).map((ref) => [ref, 1]);
    return memberMatches(index, file, scope, name);
  }
  const binding = scope.bindings.get(name);
  if (binding) return findExported(index, binding.files, binding.imported).map((ref) => [ref, 1]);
  const named = index.declarationsNamed(name).filter((ref) => ref.file !== file && !ref.declaration.container);
  if (languageModule(languageId)?.packages.sharedPackageScope) {
    const samePackage = named.filter((ref) => index.inSamePackage(file, ref.file));
    if (samePackage.length > 0) return samePackage.map((ref) => [ref, 1]);
    return [];
  }
  const exported = named.filter((ref) => ref.declaration.exported);
  return exported.length > 0 && exported.length <= MAX_MATCHES ? exported.map((ref) => [ref, UNRESOLVED_FACTOR / exported.length]) : [];
}

/** `x.name` where x is a value: types with a member `name`, and methods `name`, in imported or same-package files. */
function memberMatches(index: WorkspaceIndex, file: string, scope: ImportScope, name: string): Array<[DeclarationRef, number]> {
  const near = new Set([...scope.files, ...index.filesInDir(dirOf(file))]);
  const containers = index.containersOfMember(name).filter((ref) => near.has(ref.file) && ref.file !== file);
  const methods = index.declarationsNamed(name).filter((ref) => ref.declaration.container && near.has(ref.file) && ref.file !== file);
  const all = [...methods, ...containers];
  if (all.length === 0 || all.length > MAX_MATCHES * 2) return [];
  return all.map((ref) => [ref, MEMBER_FACTOR / Math.sqrt(all.length)]);
}

/**
 * Names of imports used anywhere in the file (Go `pkg.Name` and same-package calls, TS imported
 * bindings), weighted below the function's own: more for names used often and near the cursor.
 */
function fileWideReferences(input: SourceInput, scope: ImportScope): Reference[] {
  // A TS/JS import names exactly what the file uses, so each binding is a strong hint.
  if (languageModule(input.languageId)?.packages.importsNameUses) return [...scope.bindings.keys()].map((name) => ({ name, weight: IMPORTED_BINDING_WEIGHT }));
  const uses = new Map<string, { qualifier?: string; name: string; count: number; distance: number }>();
  // In a very long file only the lines within reach count: scanning all of it would cost more than the keystroke path has.
  const firstLine = Math.max(0, input.focus.cursorLine - FILE_WIDE_LINES);
  const text = input.focus.text.slice(lineStart(input.focus.text, firstLine), lineStart(input.focus.text, input.focus.cursorLine + FILE_WIDE_LINES));
  const lineAt = lineTracker(text, firstLine);
  for (const match of text.matchAll(GO_USE)) {
    const line = lineAt(match.index ?? 0);
    const qualifier = match[2] === undefined ? undefined : match[1];
    const name = match[2] ?? match[1]!;
    if (qualifier !== undefined && !scope.namespaces.has(qualifier)) continue;
    if (qualifier === undefined && match[3] === undefined) continue; // a bare name that is not called
    const key = `${qualifier ?? ''}.${name}`;
    const distance = Math.abs(line - input.focus.cursorLine);
    const known = uses.get(key);
    if (known) {
      known.count++;
      known.distance = Math.min(known.distance, distance);
    } else {
      uses.set(key, { qualifier, name, count: 1, distance });
    }
  }
  return [...uses.values()].map(({ qualifier, name, count, distance }) => ({
    qualifier,
    name,
    weight: FILE_WIDE_WEIGHT * Math.min(1.2, (0.4 + 0.6 / (1 + distance / 40)) * (1 + 0.25 * Math.log2(count))),
  }));
}

/**
 * A name or `pkg.Name`, and whether a call follows. Identifiers are consumed whole from left to
 * right, so no lookbehind is needed (with them the scan took three times as long).
 */
const GO_USE = /([\p{L}_][\p{L}\p{N}_]*)(?:\.([\p{L}_][\p{L}\p{N}_]*))?(\s*\()?/gu;
