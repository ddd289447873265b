import { dottedChainBefore, lineStart, lineTracker, type Reference } from '../focus.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { dirOf } from '../../../syntax/manifests.js';
import { languageModule } from '../../../syntax/modules.js';
import { candidateOf, findExported } from './import-scope.js';
import { followsDot, memberKey } from '../../index/usage.js';
import type { Candidate, ImportScope, SourceInput } from './types.js';

/** File-wide uses of imported names count, but less than uses in the function at the cursor. */
const FILE_WIDE_WEIGHT = 0.35;
const IMPORTED_BINDING_WEIGHT = 0.45;
const FILE_WIDE_LINES = 600;
/** A value's member (`x.name`) is found by name only, so it is less certain than a resolved import. */
const MEMBER_FACTOR = 0.45;
const UNRESOLVED_FACTOR = 0.3;
const METHODS_FACTOR = 0.5;
/** A method of the type the file declares the value with: as sure as a name resolved through an import, nearly. */
const TYPED_MEMBER_FACTOR = 0.9;
/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
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
      rankedMethods(index, file, ref)
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
  const members = memberResolver(input);
  for (const reference of [...input.focus.references, ...fileWideReferences(input, scope)]) {
    for (const [ref, factor] of resolve(index, file, input, reference, members)) add(ref, reference.weight * factor);
  }
  return [...out.values()];
}

/**
 * A type's methods, most used first: by the files of the workspace that call a method of that
 * name, and more when the current file does; ties by file and line, so the order never depends
 * on which file was indexed last.
 */
function rankedMethods(index: WorkspaceIndex, file: string, type: DeclarationRef): DeclarationRef[] {
  const here = new Set(index.file(file)?.uses ?? []);
  const worth = (ref: DeclarationRef) => index.usage.memberUses(ref.declaration.name) + (here.has(memberKey(ref.declaration.name)) ? HERE_USES : 0);
  return [...index.methodsOf(type.file, type.declaration.name)]
    .map((ref) => ({ ref, worth: worth(ref) }))
    .sort((a, b) => b.worth - a.worth || compare(a.ref.file, b.ref.file) || a.ref.declaration.line - b.ref.declaration.line)
    .map(({ ref }) => ref);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Declarations a reference may mean, each with how sure the match is (1 = resolved through an import). */
function resolve(index: WorkspaceIndex, file: string, input: SourceInput, reference: Reference, members: MemberResolver): Array<[DeclarationRef, number]> {
  const { languageId, scope } = input;
  const { name, qualifier } = reference;
  if (qualifier !== undefined) {
    const namespace = scope.namespaces.get(qualifier);
    if (namespace) return findExported(index, namespace, name).map((ref) => [ref, 1]);
    return members(name, qualifier);
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

type MemberResolver = (name: string, qualifier: string) => Array<[DeclarationRef, number]>;

/**
 * `x.name` where x is a value: methods `name` and types with a member `name`, in imported or
 * same-package files. When the file says x's type (`x *T`, `x: T`, `x := &T{`, `this` in class T),
 * that type's method is taken as resolved; otherwise every match, each less sure the more there are.
 * What the files within reach are, and each value's type, is worked out once per gather.
 */
function memberResolver(input: SourceInput): MemberResolver {
  const { index, file, focus } = input;
  let near: Set<string> | undefined;
  let types: Map<string, string> | undefined;
  // Read once per gather, and only when a method of the name is within reach.
  const typeOf = (qualifier: string): string | undefined => (types ??= declaredTypes(focus.text, focus.start)).get(qualifier);
  return (name, qualifier) => {
    near ??= filesWithinReach(input);
    const reach = near;
    const methods = index.declarationsNamed(name).filter((ref) => ref.declaration.container && reach.has(ref.file) && ref.file !== file);
    const type = qualifier === '' || methods.length === 0 ? undefined : typeOf(qualifier);
    if (type !== undefined) {
      const types = withBases(index, type, reach, file);
      const typed = methods.filter((ref) => types.includes(ref.declaration.container!));
      if (typed.length > 0) return typed.map((ref) => [ref, TYPED_MEMBER_FACTOR]);
    }
    const containers = index.containersOfMember(name).filter((ref) => reach.has(ref.file) && ref.file !== file);
    const all = [...methods, ...containers];
    if (all.length === 0 || all.length > MAX_MATCHES * 2) return [];
    return all.map((ref) => [ref, MEMBER_FACTOR / Math.sqrt(all.length)]);
  };
}

/**
 * The files whose members `x.name` may mean: those the file imports and its directory's. Where a
 * module's imports are its attributes (Python), a name imported through a package is declared in
 * the file the package re-exports it from (`from distutils.core import Command`, declared in
 * distutils/cmd.py): that file is within reach too.
 */
function filesWithinReach(input: SourceInput): Set<string> {
  const { index, file, scope } = input;
  const near = new Set([...scope.files, ...index.filesInDir(dirOf(file))]);
  if (languageModule(input.languageId)?.packages.importsReexport !== true) return near;
  for (const binding of scope.bindings.values()) for (const ref of findExported(index, binding.files, binding.imported)) near.add(ref.file);
  return near;
}

/**
 * A class and the classes it derives from, a few levels up, read from the class headers within reach
 * (`class Session(SessionRedirectMixin):`): `self.name(` is often a method a base class declares.
 * Only headers written `class T(…):` have bases here; other languages keep the type alone.
 */
function withBases(index: WorkspaceIndex, type: string, near: ReadonlySet<string>, file: string): string[] {
  const types = [type];
  // The class, its bases and theirs: three classes' headers read at most, eight names kept.
  for (let i = 0; i < types.length && i < 3 && types.length < 8; i++) {
    for (const ref of index.declarationsNamed(types[i]!)) {
      if (ref.declaration.kind !== 'class' || (ref.file !== file && !near.has(ref.file))) continue;
      const bases = BASES.exec(ref.declaration.text)?.[1] ?? '';
      for (const base of bases.matchAll(/(?:^|,)\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*)\s*(?=,|$)/gu)) if (!types.includes(base[1]!)) types.push(base[1]!);
    }
  }
  return types;
}
const BASES = /^[^\n]*?\bclass\s+[\p{L}_][\p{L}\p{N}_]*\s*\(([^()]*)\)\s*:/mu;

/**
 * The types the file declares values with, by pattern (cheap, no type checker): Go `x *T`,
 * `x []T`, `var x T`, `x := &T{` or `x := NewT(`; TS `x: T`, `x = new T(`; `this` (and `self`)
 * in a method of class T. One scan per gather of the text around the cursor's function (fields and
 * parameters are declared above it or near its start; a long file is not read whole); the last
 * declaration of a name wins.
 */
export function declaredTypes(text: string, before: number): Map<string, string> {
  const from = Math.max(0, before - 20_000);
  const window = text.slice(from, Math.min(text.length, before + 4000));
  const found = new Map<string, { at: number; type: string }>();
  for (const pattern of DECLARED_TYPE) {
    for (const match of window.matchAll(pattern)) {
      const known = found.get(match[1]!);
      if (!known || (match.index ?? 0) > known.at) found.set(match[1]!, { at: match.index ?? 0, type: match[2]! });
    }
  }
  const types = new Map([...found].map(([name, { type }]) => [name, type]));
  const own = lastCapture(window.slice(0, before - from), /\bclass\s+([\p{L}_$][\p{L}\p{N}_$]*)/gu);
  if (own) for (const self of ['this', 'self']) types.set(self, own);
  return types;
}

const IDENTIFIER = '(?<![\\p{L}\\p{N}_$.])([\\p{L}_$][\\p{L}\\p{N}_$]*)';
const DECLARED_TYPE = [
  new RegExp(`${IDENTIFIER}\\s*[?!]?:\\s*(?:readonly\\s+)?([\\p{Lu}_$][\\p{L}\\p{N}_$]*)`, 'gu'),
  new RegExp(`${IDENTIFIER}\\s+[*\\[\\]]*(?:[\\p{L}_][\\p{L}\\p{N}_]*\\.)?([\\p{Lu}][\\p{L}\\p{N}_]*)\\b(?!\\s*[:=(.])`, 'gu'),
  new RegExp(`${IDENTIFIER}\\s*:?=\\s*(?:&|new\\s+)?(?:[\\p{L}_][\\p{L}\\p{N}_]*\\.)?(?:New)?([\\p{Lu}][\\p{L}\\p{N}_$]*)\\s*[({<]`, 'gu'),
  // Python attributes of the instance: `self.x: T`, `self.x = T(…)` or `self.x = mod.T(…)`, for `self.x.name(`.
  /(?<![\p{L}\p{N}_.])(self\.[\p{L}_][\p{L}\p{N}_]*)\s*:\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{Lu}][\p{L}\p{N}_]*)/gu,
  /(?<![\p{L}\p{N}_.])(self\.[\p{L}_][\p{L}\p{N}_]*)\s*=\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{Lu}][\p{L}\p{N}_]*)\s*\(/gu,
];

function lastCapture(text: string, pattern: RegExp): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(pattern)) found = match[1];
  return found;
}

/**
 * Names of imports used anywhere in the file (Go `pkg.Name` and same-package calls, TS imported
 * bindings), weighted below the function's own: more for names used often and near the cursor.
 */
function fileWideReferences(input: SourceInput, scope: ImportScope): Reference[] {
  // A TS/JS import names exactly what the file uses, so each binding is a strong hint; its calls on values are read below.
  const namesUses = languageModule(input.languageId)?.packages.importsNameUses === true;
  const dotted = languageModule(input.languageId)?.packages.dottedNamespaces === true;
  const bindings: Reference[] = namesUses ? [...scope.bindings.keys()].map((name) => ({ name, weight: IMPORTED_BINDING_WEIGHT })) : [];
  const uses = new Map<string, { qualifier?: string; name: string; count: number; distance: number }>();
  // In a very long file only the lines within reach count: scanning all of it would cost more than the keystroke path has.
  const firstLine = Math.max(0, input.focus.cursorLine - FILE_WIDE_LINES);
  const text = input.focus.text.slice(lineStart(input.focus.text, firstLine), lineStart(input.focus.text, input.focus.cursorLine + FILE_WIDE_LINES));
  const lineAt = lineTracker(text, firstLine);
  for (const match of text.matchAll(GO_USE)) {
    const line = lineAt(match.index ?? 0);
    const called = match[3] !== undefined;
    const name = match[2] ?? match[1]!;
    // `a.B().Name(`: a method of whatever the chain gives (qualifier '').
    const qualifier = match[2] === undefined ? (followsDot(text, match.index ?? 0) ? (dotted ? (dottedChainBefore(text, match.index ?? 0) ?? '') : '') : undefined) : match[1];
    const member = qualifier !== undefined && !scope.namespaces.has(qualifier);
    // A method called on a value anywhere in the file is one the code is likely to call again.
    if (member ? !called : namesUses || (qualifier === undefined && !called)) continue;
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
  return [
    ...bindings,
    ...[...uses.values()].map(({ qualifier, name, count, distance }) => ({
      qualifier,
      name,
      weight: FILE_WIDE_WEIGHT * Math.min(1.2, (0.4 + 0.6 / (1 + distance / 40)) * (1 + 0.25 * Math.log2(count))),
    })),
  ];
}

/**
 * A name or `pkg.Name`, and whether a call follows. Identifiers are consumed whole from left to
 * right, so no lookbehind is needed (with them the scan took three times as long).
 */
const GO_USE = /([\p{L}_][\p{L}\p{N}_]*)(?:\.([\p{L}_][\p{L}\p{N}_]*))?(\s*\()?/gu;
