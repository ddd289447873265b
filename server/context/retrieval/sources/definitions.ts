import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { referenceKey, type Reference } from '../focus.js';
import { dirOf } from '../../../syntax/manifests.js';
import { languageModule } from '../../../syntax/modules.js';
import { candidateOf, declarationKey, findExported } from './import-scope.js';
import type { Declaration } from '../../../syntax/declarations.js';
import { memberKey, useSet } from '../../index/usage.js';
import { CLASS_METHODS_FACTOR, receiverMemberSteps } from './receiver-types.js';
import type { Candidate, SourceInput } from './types.js';
import { estimateTokens } from '../../../core/tokens.js';
import { MIN_SNIPPET_CAP } from '../packing.js';
import { fieldTypes, resultTypes } from './value-types.js';
import { signatureTypes } from './local-types.js';
import { embeddersOf } from './embedders.js';
import { affineFirst, membersInOrder, methodWorth, rankedMethods } from './method-worth.js';
import { fileWideReferenceSteps, pendingDeclarations } from './file-wide.js';
import { calledNear, placedByName } from './near-names.js';
import { switchedSiblings } from './type-family.js';
import { runSteps, type Steps } from '../../../util/steps.js';
import { MAX_MATCHES, memberResolver, type MemberResolver } from './member-resolver.js';

const UNRESOLVED_FACTOR = 0.3;
const METHODS_FACTOR = 0.5;
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
  const { offer, add } = proposals(input, out, { affine, here });
  const members = memberResolver(input);
  const references = yield* referencesOf(input, scope);
  // The function's names and the file's overlap: each is resolved once per gather.
  const resolved = new Map<string, ReadonlyArray<[DeclarationRef, number]>>();
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
  impliedTypes(input, members, add);
  return yield* rendered(input, worth, out);
}

/**
 * How definitions are proposed into `out` (each declaration's best score): `offer` a declaration alone, `add` one
 * with what it brings (the types its result and signature name, a type's methods), each worked out once per gather.
 */
function proposals(
  input: SourceInput,
  out: Map<string, { ref: DeclarationRef; score: number }>,
  { affine, here }: { affine: ReturnType<typeof affineFirst>; here: ReadonlySet<string> },
) {
  const { index, file, scope } = input;
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
  const add = (ref: DeclarationRef, score: number, named = false): void => {
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
  return { offer, add };
}

/**
 * What the function's names say of types beyond the names themselves: a value of an interface type is often asserted to
 * an interface that embeds it (`f.(RequiredFlag)`); the current file's own functions are not proposed, but what their
 * signatures name is.
 */
function impliedTypes(input: SourceInput, members: MemberResolver, add: (ref: DeclarationRef, score: number) => void): void {
  const { index, file } = input;
  const dir = dirOf(file);
  for (const { qualifier, name, weight } of input.focus.references) {
    const type = qualifier === undefined ? members.localType(name) : undefined;
    const embedders = type?.declaration.kind === 'interface' ? embeddersOf(index, type) : [];
    // Shared by √k: an interface many others embed (prometheus.Collector) says less of which one is meant.
    for (const embedder of embedders) add(embedder, (weight * VALUE_TYPE_FACTOR) / Math.sqrt(embedders.length));
  }
  for (const { qualifier, name, weight } of input.focus.references) {
    if (qualifier !== undefined) continue;
    for (const ref of index.topLevelNamedIn(dir, name)) if (ref.file === file) for (const type of signatureTypes(index, ref)) add(type, weight * SIGNATURE_FACTOR);
  }
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

/** Declarations a reference may mean, each with how sure the match is (1 = resolved through an import). */
function resolve(index: WorkspaceIndex, file: string, input: SourceInput, reference: Reference, members: MemberResolver): ReadonlyArray<[DeclarationRef, number]> {
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
