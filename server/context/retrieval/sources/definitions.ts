import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { referenceKey, type Reference } from '../focus.js';
import { dirOf } from '../../../syntax/manifests.js';
import { languageModule } from '../../../syntax/modules.js';
import { candidateOf, declarationKey, findExported, importedOrBeside } from './import-scope.js';
import type { Declaration } from '../../../syntax/declarations.js';
import { memberKey, useSet } from '../../index/usage.js';
import { CLASS_METHODS_FACTOR, receiverMemberSteps, shadowsNamesakes } from './receiver-types.js';
import type { Candidate, SourceInput } from './types.js';
import { declaredTypes, guessedType } from './declared-types.js';
import { estimateTokens } from '../../../core/tokens.js';
import { MIN_SNIPPET_CAP } from '../packing.js';
import { topK } from '../../../util/top-k.js';
import { fieldTypes, resultTypes } from './value-types.js';
import { localTypes, methodsNamed, signatureTypes } from './local-types.js';
import { embeddersOf } from './embedders.js';
import { affineFirst, membersInOrder, methodWorth, rankedMethods } from './method-worth.js';
import { fileWideReferenceSteps, pendingDeclarations } from './file-wide.js';
import { assignedType } from './assigned-types.js';
import { calledNear, placedByName } from './near-names.js';
import { switchedSiblings } from './type-family.js';
import type { ChainLink } from '../../../syntax/language-module.js';
import { runSteps, type Steps } from '../../../util/steps.js';

/** A value's member (`x.name`) is found by name only, so it is less certain than a resolved import. */
const MEMBER_FACTOR = 0.45;
const UNRESOLVED_FACTOR = 0.3;
const METHODS_FACTOR = 0.5;
/** A method of the type the file declares the value with: as sure as a name resolved through an import, nearly. */
const TYPED_MEMBER_FACTOR = 0.9;
const MAX_MATCHES = 4;
/** The type of a value a resolved call returns, or a field holds, against the call's or field's own score. */
const VALUE_TYPE_FACTOR = 0.35;
/** A type a called function's signature names (what the call is made with), against the call's own score. */
const SIGNATURE_FACTOR = 0.25;
/** How many of a type's methods (most used first) are offered, and how far down one whose name the code near the cursor uses is still offered. */
const TYPE_METHODS = 24;
export const NAMED_METHODS = 64;
/**
 * A class shown by its header alone (Python) brings its methods only when the code near the cursor names it or a call
 * that returns it (all imported ones: 3× the candidates, no more recall); else see broughtMethods.
 */
const HEADER_CLASS_METHODS_MIN = 0.5;

/**
 * Definitions of the names the cursor's function uses that are declared in other files:
 * through the file's imports first (Go package qualifiers, TS named, default and namespace
 * imports), then same-package names (Go), then members by name. Types come with their
 * methods' signatures.
 */
export function definitionCandidates(input: SourceInput): Candidate[] {
  return runSteps(definitionSteps(input));
}

/** How many candidates are rendered between two steps (go-stdlib's slowest lines have hundreds, some over a millisecond each). */
const RENDERED_PER_STEP = 4;

/** definitionCandidates as steps: it yields before each reference it resolves, and while rendering. */
export function* definitionSteps(input: SourceInput): Steps<Candidate[]> {
  const { index, file, scope } = input;
  // Each declaration's best score, rendered once at the end (go-stdlib rendered 214,765 for 146,423 candidates).
  const out = new Map<string, { ref: DeclarationRef; score: number }>();
  const here = useSet(index.file(file)?.uses);
  const dir = dirOf(file);
  const worth = methodWorth(index, here, dir);
  const affine = affineFirst(input, worth);
  const offer = (ref: DeclarationRef, score: number, key = declarationKey(ref.file, ref.declaration)) => {
    const known = out.get(key);
    if (!known || known.score < score) out.set(key, { ref, score });
  };
  // A type named by many references (urfave-cli's Command, by dozens) gets its methods ranked
  // once; a later reference with no higher score would change none of their scores.
  const typeScores = new Map<Declaration, number>();
  // What a declaration brings (its result and signature types, a type's placed methods) is worked out once per gather.
  const typesOf = perDeclaration((ref) => [resultTypes(index, ref), signatureTypes(index, ref)] as const);
  const placedMethods = perDeclaration((ref) => placedByName(input.focus, affine(ref, rankedMethods(index, file, ref, NAMED_METHODS)), TYPE_METHODS));
  const add = (ref: DeclarationRef, score: number, named = false) => {
    if (ref.file === file || score <= 0) return;
    const key = declarationKey(ref.file, ref.declaration);
    const known = out.get(key);
    // Proposed before at least as high: its methods and result type were too (many calls return one type).
    if (known && known.score >= score) return;
    offer(ref, score, key);
    // What the value a call returns is: its methods are what the code calls next (`f, _ := Open(…)`, `a.B().C(`),
    // a class shown by its header too when the code near the cursor names the call (`locks.make_event().`).
    const [results, signature] = typesOf(ref);
    for (const type of results) add(type, score * VALUE_TYPE_FACTOR, score >= HEADER_CLASS_METHODS_MIN);
    for (const type of signature) add(type, score * SIGNATURE_FACTOR);
    if (ref.declaration.kind !== 'type' && ref.declaration.kind !== 'class') return;
    if ((typeScores.get(ref.declaration) ?? -Infinity) >= score) return;
    typeScores.set(ref.declaration, score);
    const brings = broughtMethods({ index, ref, faint: score < HEADER_CLASS_METHODS_MIN && !named, here, scope });
    if (!brings) return;
    const factor = ref.declaration.kind === 'class' ? CLASS_METHODS_FACTOR : METHODS_FACTOR;
    // A method the file calls near the cursor (on any value) is worth up to twice the type's share: placed first
    // it would still score no higher than the type's most used method (go-stdlib +2 methods, query-core +2, rxjs +4).
    const called = calledNear(input.focus);
    for (const [method, at] of placedMethods(ref)) if (brings(method)) offer(method, (score * factor * (1 + (called.get(method.declaration.name) ?? 0))) / (1 + at / 8));
  };
  const members = memberResolver(input);
  const references = yield* referencesOf(input, scope);
  // The function's names and the file's overlap: each is resolved once per gather.
  const resolved = new Map<string, Array<[DeclarationRef, number]>>();
  for (const reference of references) {
    yield;
    const key = reference.qualifier === undefined ? `\0.${reference.name}` : referenceKey(reference);
    let meanings = resolved.get(key);
    if (!meanings) resolved.set(key, (meanings = resolve(index, file, input, reference, members)));
    for (const [ref, factor] of meanings) {
      add(ref, reference.weight * factor);
      // `s.field` of a struct: `s.field.Name(` calls a method of the field's declared type.
      if (reference.qualifier !== undefined) for (const type of fieldTypes(index, ref, reference.name)) add(type, reference.weight * factor * VALUE_TYPE_FACTOR);
    }
    // The type a chain gives: its other methods are what the code calls on it next (`binary.BigEndian.PutUint32(`).
    const chained = reference.chain && members.chainType(reference.chain);
    if (chained) add(chained, reference.weight * VALUE_TYPE_FACTOR);
  }
  for (const [ref, score] of [...(yield* receiverMemberSteps(input, references, members)), ...pendingDeclarations(input), ...switchedSiblings(input)]) offer(ref, score);
  // A value of an interface type is often asserted to an interface that embeds it (`f.(RequiredFlag)`).
  for (const { qualifier, name, weight } of input.focus.references) {
    const type = qualifier === undefined ? members.localType(name) : undefined;
    const embedders = type?.declaration.kind === 'interface' ? embeddersOf(index, type) : [];
    // Shared by √k: an interface many others embed (prometheus.Collector) says less of which one is meant.
    for (const embedder of embedders) add(embedder, (weight * VALUE_TYPE_FACTOR) / Math.sqrt(embedders.length));
  }
  // The current file's own functions are not proposed, but what their signatures name is.
  for (const { qualifier, name, weight } of input.focus.references) {
    if (qualifier !== undefined) continue;
    for (const ref of index.topLevelNamedIn(dir, name)) if (ref.file === file) for (const type of signatureTypes(index, ref)) add(type, weight * SIGNATURE_FACTOR);
  }
  return yield* rendered(input, worth, out);
}

/**
 * Which of a type's methods it brings. A class outline lists its own methods, but one longer than the smallest snippet
 * cap is often cut to the fields and the first methods: then they are offered too (packing passes over a member whose
 * signature a packed outline shows). A class shown by its header alone (Python) scored below HEADER_CLASS_METHODS_MIN
 * (`faint`) brings none, unless the file constructs it somewhere (`Cls(…)`, `_Cls(…)` for `from m import Cls as
 * _Cls`): then the methods the file calls (on any value, `Cls(x).method()` elsewhere in the file). So attrs'
 * `_AnnotationExtractor`, whose one use in the function is the line being written, 637 lines above the others.
 * All its methods instead: python-stdlib lost 2 targets.
 */
function broughtMethods(input: {
  index: WorkspaceIndex;
  ref: DeclarationRef;
  faint: boolean;
  here: ReadonlySet<string>;
  scope: SourceInput['scope'];
}): ((method: DeclarationRef) => boolean) | undefined {
  const { index, ref, here, scope } = input;
  const header = languageModule(index.file(ref.file)?.languageId ?? '')?.declarations.classTextIsHeader === true;
  if (!header) {
    const listed = ref.declaration.kind === 'class' && estimateTokens(ref.declaration.text) <= MIN_SNIPPET_CAP;
    return (method) => !listed || method.file !== ref.file;
  }
  if (!input.faint) return () => true;
  const type = ref.declaration.name;
  if (!here.has(type) && !aliasedCalls(scope, here).has(type)) return undefined;
  return (method) => here.has(memberKey(method.declaration.name));
}

const aliased = new WeakMap<SourceInput['scope'], ReadonlySet<string>>();

/** The declared names of what the file imports under another name and calls (`from m import Cls as _Cls`, `_Cls(…)`), once per gather. */
function aliasedCalls(scope: SourceInput['scope'], here: ReadonlySet<string>): ReadonlySet<string> {
  let names = aliased.get(scope);
  if (!names) {
    const found = new Set<string>();
    for (const [local, binding] of scope.bindings) if (local !== binding.imported && here.has(local)) found.add(binding.imported);
    aliased.set(scope, (names = found));
  }
  return names;
}

/** The names the function uses, then the file's, in steps of their own: reading the file's is a scan of up to 1,200 lines. */
function* referencesOf(input: SourceInput, scope: SourceInput['scope']): Steps<Reference[]> {
  yield;
  return [...input.focus.references, ...(yield* fileWideReferenceSteps(input, scope))];
}

/** The declarations proposed as candidates, a few at a time: a long type renders in a millisecond or more. */
function* rendered(input: SourceInput, worth: (name: string) => number, out: ReadonlyMap<string, { ref: DeclarationRef; score: number }>): Steps<Candidate[]> {
  const ordered = membersInOrder(input, worth);
  const candidates: Candidate[] = [];
  for (const { ref, score } of out.values()) {
    if (candidates.length % RENDERED_PER_STEP === 0) yield;
    candidates.push(ordered(candidateOf(ref, score, 'definitions'), ref.declaration));
  }
  return candidates;
}

/** `compute` memoised by declaration (a gather's refs to one declaration are alike but not one object). */
function perDeclaration<T>(compute: (ref: DeclarationRef) => T): (ref: DeclarationRef) => T {
  const known = new Map<Declaration, T>();
  return (ref) => {
    let value = known.get(ref.declaration);
    if (value === undefined) known.set(ref.declaration, (value = compute(ref)));
    return value;
  };
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
    return members(name, qualifier, reference.chain);
  }
  const binding = scope.bindings.get(name);
  if (binding) return findExported(index, binding.files, binding.imported).map((ref) => [ref, 1]);
  if (languageModule(languageId)?.packages.sharedPackageScope) {
    const samePackage = index.topLevelNamedIn(dirOf(file), name).filter((ref) => ref.file !== file && index.inSamePackage(file, ref.file));
    return samePackage.map((ref) => [ref, 1]);
  }
  const named = index.declarationsNamed(name).filter((ref) => ref.file !== file && !ref.declaration.container);
  const exported = named.filter((ref) => ref.declaration.exported);
  return exported.length > 0 && exported.length <= MAX_MATCHES ? exported.map((ref) => [ref, UNRESOLVED_FACTOR / exported.length]) : [];
}

type MemberResolver = ((name: string, qualifier: string, chain?: readonly ChainLink[]) => Array<[DeclarationRef, number]>) & {
  typeOf: (name: string) => string | undefined;
  /** The type of a local value, where the language reads local values. */
  localType: (name: string) => DeclarationRef | undefined;
  /** The type a selector chain gives, where the language reads local values. */
  chainType: (chain: readonly ChainLink[]) => DeclarationRef | undefined;
  /** The files within reach: imported, or in the current file's directory. */
  near: ReadonlySet<string>;
};

/**
 * `x.name` where x is a value: methods `name` and types with a member `name`, in imported or
 * same-package files. When the file says x's type (`x *T`, `x: T`, `x := &T{`, `this` in class T),
 * that type's method is taken as resolved; otherwise every match, each less sure the more there are
 * (none for a built-in type's method name: `parts.append(` means list's).
 * What the files within reach are, and each value's type, is worked out once per gather.
 */
function memberResolver(input: SourceInput): MemberResolver {
  const { index, file, focus, scope } = input;
  const near = filesWithinReach(input);
  const builtins = languageModule(input.languageId)?.packages.builtinMembers;
  const ownScope = languageModule(input.languageId)?.packages.sharedPackageScope !== true;
  let types: Map<string, string> | undefined;
  const inferred = new Map<string, string | undefined>();
  const bases = new Map<string, string[]>();
  // An imported value (`timeoutManager`, declared `export const timeoutManager = new TimeoutManager()`)
  // has the type its declaration gives it; another value the type its name says, if there is one.
  const inferType = (value: string): string | undefined => {
    const binding = scope.bindings.get(value);
    if (binding) return findExported(index, binding.files, binding.imported).flatMap((ref) => resultTypes(index, ref))[0]?.declaration.name;
    // `x = f(…)`: the type the callee makes or returns (`x = self.make(…)`: a method of self's type), else the type the name says.
    const made = assignedType(input, value, (qualifier, name) => typeMethodsNamed({ index, type: declaredOrInferred(qualifier), name, near, file }));
    return made ?? guessedType(index, file, value, near);
  };
  // Read once per gather, and only when a method of the name is within reach. `this.x` is the field x.
  const declaredOrInferred = (qualifier: string): string | undefined => {
    types ??= declaredTypes(focus.text, focus.start, input.languageId);
    const value = types.has(qualifier) || !qualifier.startsWith('this.') ? qualifier : qualifier.slice('this.'.length);
    const declared = types.get(value);
    if (declared !== undefined || scope.namespaces.has(value)) return declared;
    // Unknown while it is worked out: `x = x.next()` asks for x's type again.
    if (!inferred.has(value)) inferred.set(value, undefined).set(value, inferType(value));
    return inferred.get(value);
  };
  // Where the language reads local values (Go), their types come from how the function makes them.
  const local = localTypes(input, near);
  const typeOf = local ? (name: string) => local.typeOf(name)?.declaration.name : declaredOrInferred;
  // Per name, not per `x.name`: many values share a method name (`a.Close`, `b.Close`), and a common one has thousands of declarations.
  const methodsByName = new Map<string, DeclarationRef[]>();
  let bound: ReadonlySet<string> | undefined;
  let imported: ReadonlySet<string> | undefined;
  const resolver = (name: string, qualifier: string, chain?: readonly ChainLink[]): Array<[DeclarationRef, number]> => {
    // `a.B().Name(`: the method of the type the chain gives, wherever that type is declared.
    const chained = chain ? local?.chainType(chain) : qualifier === '' ? undefined : local?.typeOf(qualifier);
    const typed = chained && chain ? methodsNamed(index, chained, name) : [];
    if (typed.length > 0) return typed.map((ref) => [ref, TYPED_MEMBER_FACTOR]);
    // A method of an interface the value is declared with: the interface's text lists it (most used first).
    if (chained?.declaration.kind === 'interface' && chained.file !== file && chained.declaration.members?.includes(name)) return [[chained, TYPED_MEMBER_FACTOR]];
    let methods = methodsByName.get(name);
    if (!methods) methodsByName.set(name, (methods = index.declarationsNamed(name).filter((ref) => ref.declaration.container && near.has(ref.file) && ref.file !== file)));
    const type = qualifier === '' || methods.length === 0 ? undefined : typeOf(qualifier);
    if (type !== undefined) {
      let types = bases.get(type);
      if (!types) bases.set(type, (types = withBases(index, type, near, file)));
      // A class the file declares itself is the one meant, not a namesake in another file (distutils' two
      // MSVCCompiler), where a file is its own scope (a Go type's methods are in its package's other files).
      const typed = methods.filter((ref) => types.includes(ref.declaration.container!) && !(ownScope && shadowsNamesakes(index, file, ref.declaration.container!)));
      if (typed.length > 0) return typed.map((ref) => [ref, TYPED_MEMBER_FACTOR]);
    }
    if (builtins?.has(name)) return [];
    let matches = untypedByName.get(name);
    if (!matches) untypedByName.set(name, (matches = untyped(name, methods)));
    return matches;
  };
  // Untyped, `x.name` means the same whatever x is: worked out once per name.
  const untypedByName = new Map<string, Array<[DeclarationRef, number]>>();
  const untyped = (name: string, methods: readonly DeclarationRef[]): Array<[DeclarationRef, number]> => {
    const containers = index.containersOfMember(name).filter((ref) => near.has(ref.file) && ref.file !== file);
    // Any one of them shows the call's signature: the likeliest (a type the file imports by name, then a
    // file it imports) keeps most of the weight instead of all of them sharing it (or, past eight, none).
    const byBinding = (bound ??= new Set([...scope.bindings.values()].map((binding) => binding.imported)));
    const byFile = (imported ??= new Set(scope.files));
    const ranked = [...methods, ...containers].map((ref) => ({
      ref,
      rank: (byBinding.has(ref.declaration.container ?? ref.declaration.name) ? 0 : 2) + (byFile.has(ref.file) ? 0 : 1),
    }));
    const all = topK(ranked, MAX_MATCHES * 2, (a, b) => a.rank - b.rank || compare(a.ref.file, b.ref.file) || a.ref.declaration.line - b.ref.declaration.line);
    return all.map(({ ref }, i) => [ref, MEMBER_FACTOR / (1 + i / 2)]);
  };
  return Object.assign(resolver, { typeOf, near, chainType: (chain: readonly ChainLink[]) => local?.chainType(chain), localType: (name: string) => local?.typeOf(name) });
}

/**
 * The files whose members `x.name` may mean: those the file imports and its directory's. Where a
 * module's imports are its attributes (Python), a name imported through a package is declared in
 * the file the package re-exports it from (`from distutils.core import Command`, declared in
 * distutils/cmd.py): that file is within reach too.
 */
function filesWithinReach(input: SourceInput): ReadonlySet<string> {
  const { index, scope } = input;
  if (languageModule(input.languageId)?.packages.importsReexport !== true) return importedOrBeside(input);
  const near = new Set(importedOrBeside(input));
  for (const binding of scope.bindings.values()) for (const ref of findExported(index, binding.files, binding.imported)) near.add(ref.file);
  return near;
}

/** The methods of this name of a type and its bases within reach, the current file's included. */
function typeMethodsNamed(input: { index: WorkspaceIndex; type: string | undefined; name: string; near: ReadonlySet<string>; file: string }): DeclarationRef[] {
  const { index, type, name, near, file } = input;
  if (type === undefined) return [];
  const types = withBases(index, type, near, file);
  return index
    .declarationsNamed(name)
    .filter((ref) => ref.declaration.container !== undefined && types.includes(ref.declaration.container) && (ref.file === file || near.has(ref.file)));
}

/**
 * A class and the classes it derives from, a few levels up, read from the class headers within reach
 * (`class Session(SessionRedirectMixin):`): `self.name(` is often a method a base class declares.
 * Only headers written `class T(…):` have bases here; other types bring the supertypes the index
 * recorded for them (Go's embedded types).
 */
function withBases(index: WorkspaceIndex, type: string, near: ReadonlySet<string>, file: string): string[] {
  const types = [type];
  // The class, its bases and theirs: three classes' headers read at most, eight names kept.
  for (let i = 0; i < types.length && i < 3 && types.length < 8; i++) {
    for (const ref of index.declarationsNamed(types[i]!)) {
      if (ref.file !== file && !near.has(ref.file)) continue;
      if (ref.declaration.kind !== 'class') {
        // The types a Go struct embeds or an interface includes: their methods are its own.
        for (const embedded of ref.declaration.supertypes ?? []) if (!types.includes(embedded)) types.push(embedded);
        continue;
      }
      const bases = BASES.exec(ref.declaration.text)?.[1] ?? '';
      for (const base of bases.matchAll(/(?:^|,)\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*)\s*(?=,|$)/gu)) if (!types.includes(base[1]!)) types.push(base[1]!);
    }
  }
  return types;
}
const BASES = /^[^\n]*?\bclass\s+[\p{L}_][\p{L}\p{N}_]*\s*\(([^()]*)\)\s*:/mu;
