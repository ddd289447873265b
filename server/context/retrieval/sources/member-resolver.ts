import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import type { ChainLink } from '../../../syntax/language-module.js';
import { languageModule } from '../../../syntax/modules.js';
import { topK } from '../../../util/top-k.js';
import { compareStrings as compare } from '../../../util/compare.js';
import { assignedType } from './assigned-types.js';
import { declaredTypes, guessedType } from './declared-types.js';
import { filesImportedOrBeside, findExported } from './import-scope.js';
import { localTypes, methodsNamed } from './local-types.js';
import { shadowsNamesakes } from './receiver-types.js';
import type { SourceInput } from './types.js';
import { resultTypes } from './value-types.js';

/** A value's member (`x.name`) is found by name only, so it is less certain than a resolved import. */
const MEMBER_FACTOR = 0.45;
/** A method of the type the file declares the value with: as sure as a name resolved through an import, nearly. */
const TYPED_MEMBER_FACTOR = 0.9;
/** How many declarations a name found by name alone may mean (twice as many for a value's member). */
export const MAX_MATCHES = 4;

export type MemberResolver = ((name: string, qualifier: string, chain?: readonly ChainLink[]) => ReadonlyArray<[DeclarationRef, number]>) & {
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
export function memberResolver(input: SourceInput): MemberResolver {
  const { index, file } = input;
  const reach = reachOf(input);
  const { near } = reach;
  const builtins = languageModule(input.languageId)?.packages.builtinMembers;
  const ownScope = languageModule(input.languageId)?.packages.sharedPackageScope !== true;
  // Where the language reads local values (Go), their types come from how the function makes them.
  const local = localTypes(input, near);
  const typeOf = local ? (name: string) => local.typeOf(name)?.declaration.name : valueTypeReader(input, reach);
  const resolver = (name: string, qualifier: string, chain?: readonly ChainLink[]): ReadonlyArray<[DeclarationRef, number]> => {
    // `a.B().Name(`: the method of the type the chain gives, wherever that type is declared.
    const chained = chain ? local?.chainType(chain) : qualifier === '' ? undefined : local?.typeOf(qualifier);
    const typed = chained && chain ? methodsNamed(index, chained, name) : [];
    if (typed.length > 0) return typed.map((ref) => [ref, TYPED_MEMBER_FACTOR]);
    // A method of an interface the value is declared with: the interface's text lists it (most used first).
    if (chained?.declaration.kind === 'interface' && chained.file !== file && chained.declaration.members?.includes(name)) return [[chained, TYPED_MEMBER_FACTOR]];
    const methods = reach.methods(name);
    const type = qualifier === '' || methods.length === 0 ? undefined : typeOf(qualifier);
    if (type !== undefined) {
      const types = reach.bases(type);
      // A class the file declares itself is the one meant, not a namesake in another file (distutils' two
      // MSVCCompiler), where a file is its own scope (a Go type's methods are in its package's other files).
      const typed = methods.filter((ref) => types.includes(ref.declaration.container!) && !(ownScope && shadowsNamesakes(index, file, ref.declaration.container!)));
      if (typed.length > 0) return typed.map((ref) => [ref, TYPED_MEMBER_FACTOR]);
    }
    return builtins?.has(name) ? [] : reach.untyped(name);
  };
  return Object.assign(resolver, { typeOf, near, chainType: (chain: readonly ChainLink[]) => local?.chainType(chain), localType: (name: string) => local?.typeOf(name) });
}

/**
 * A value's type as the function declares it (`x: T`, `this.x` the field x), else as inferred: an imported value
 * (`timeoutManager`, declared `export const timeoutManager = new TimeoutManager()`) has the type its declaration
 * gives it; `x = f(…)` the type the callee makes or returns (`x = self.make(…)`: a method of self's type); another
 * value the type its name says, if there is one. The declarations are read once per gather, and only when asked.
 */
function valueTypeReader(input: SourceInput, reach: Reach): (qualifier: string) => string | undefined {
  const { index, file, focus, scope } = input;
  const { near } = reach;
  let types: Map<string, string> | undefined;
  const inferred = new Map<string, string | undefined>();
  const inferType = (value: string): string | undefined => {
    const binding = scope.bindings.get(value);
    if (binding) return findExported(index, binding.files, binding.imported).flatMap((ref) => resultTypes(index, ref))[0]?.declaration.name;
    const made = assignedType(input, value, (qualifier, name) => typeMethodsNamed({ index, type: declaredOrInferred(qualifier), name, file, reach }));
    return made ?? guessedType(index, file, value, near);
  };
  const declaredOrInferred = (qualifier: string): string | undefined => {
    types ??= declaredTypes(focus.text, focus.start, input.languageId);
    const value = types.has(qualifier) || !qualifier.startsWith('this.') ? qualifier : qualifier.slice('this.'.length);
    const declared = types.get(value);
    if (declared !== undefined || scope.namespaces.has(value)) return declared;
    // Unknown while it is worked out: `x = x.next()` asks for x's type again.
    if (!inferred.has(value)) inferred.set(value, undefined).set(value, inferType(value));
    return inferred.get(value);
  };
  return declaredOrInferred;
}

/**
 * What a file reaches and what `x.name` means there: none of it depends on the cursor or on the text being typed, only
 * on the file's imports and the index, so it is kept for one state of the index (its revision and generation) and for
 * a few files. The re-rank turn after a re-index fills it for the member names the file calls (definitionWarmSteps);
 * a gather then reads it (on python-stdlib's slowest first visits, working it out was a tenth of the gather). What it
 * returns is shared: not to be changed.
 */
export interface Reach {
  /** The files within reach (see filesWithinReach). */
  near: ReadonlySet<string>;
  /** The methods of this name declared within reach, in the index's order (not the current file's). */
  methods(name: string): readonly DeclarationRef[];
  /** `x.name` for an x of no known type (see untypedMatches). */
  untyped(name: string): ReadonlyArray<[DeclarationRef, number]>;
  /** A type and its bases within reach (see withBases). */
  bases(type: string): readonly string[];
}

const REACHES = new WeakMap<WorkspaceIndex, { at: string; files: Map<string, Reach> }>();
/** Files whose reach one state of the index keeps: the open ones, and a state rarely sees more than one. */
const MAX_REACHES = 16;

/** The file's Reach in the index's current state, made on first use. */
export function reachOf(input: Pick<SourceInput, 'index' | 'file' | 'languageId' | 'scope'>): Reach {
  const { index, file, languageId } = input;
  const at = `${index.revision}:${index.generation}`;
  let kept = REACHES.get(index);
  if (kept?.at !== at) REACHES.set(index, (kept = { at, files: new Map() }));
  const key = `${languageId}\0${file}`;
  let reach = kept.files.get(key);
  if (!reach) {
    if (kept.files.size >= MAX_REACHES) kept.files.clear();
    kept.files.set(key, (reach = madeReach(input)));
  }
  return reach;
}

function madeReach(input: Pick<SourceInput, 'index' | 'file' | 'languageId' | 'scope'>): Reach {
  const { index, file } = input;
  const near = filesWithinReach(input);
  // Per name, not per `x.name`: many values share a method name (`a.Close`, `b.Close`), and a common one has thousands of declarations.
  const methods = memoized((name) => index.declarationsNamed(name).filter((ref) => ref.declaration.container !== undefined && near.has(ref.file) && ref.file !== file));
  // What makes a match likelier: a type the file imports by name, then a file it imports.
  const byBinding = new Set([...input.scope.bindings.values()].map((binding) => binding.imported));
  const byFile = new Set(input.scope.files);
  const untyped = memoized((name) => untypedMatches({ index, file, near, byBinding, byFile }, name, methods(name)));
  const bases = memoized((type) => withBases(index, type, near, file));
  return { near, methods, untyped, bases };
}

/** `compute` kept by its argument. */
function memoized<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * `x.name` untyped means the same whatever x is: the methods of that name and the types with a member of that name
 * within reach. Any one of them shows the call's signature: the likeliest (a type the file imports by name, then a
 * file it imports) keeps most of the weight instead of all of them sharing it (or, past eight, none).
 */
function untypedMatches(
  input: { index: WorkspaceIndex; file: string; near: ReadonlySet<string>; byBinding: ReadonlySet<string>; byFile: ReadonlySet<string> },
  name: string,
  methods: readonly DeclarationRef[],
): Array<[DeclarationRef, number]> {
  const { index, file, near, byBinding, byFile } = input;
  const containers = index.containersOfMember(name).filter((ref) => near.has(ref.file) && ref.file !== file);
  const ranked = [...methods, ...containers].map((ref) => ({
    ref,
    rank: (byBinding.has(ref.declaration.container ?? ref.declaration.name) ? 0 : 2) + (byFile.has(ref.file) ? 0 : 1),
  }));
  const all = topK(ranked, MAX_MATCHES * 2, (a, b) => a.rank - b.rank || compare(a.ref.file, b.ref.file) || a.ref.declaration.line - b.ref.declaration.line);
  return all.map(({ ref }, i): [DeclarationRef, number] => [ref, MEMBER_FACTOR / (1 + i / 2)]);
}

/**
 * The files whose members `x.name` may mean: those the file imports and its directory's. Where a
 * module's imports are its attributes (Python), a name imported through a package is declared in
 * the file the package re-exports it from (`from distutils.core import Command`, declared in
 * distutils/cmd.py): that file is within reach too.
 */
function filesWithinReach(input: Pick<SourceInput, 'index' | 'file' | 'languageId' | 'scope'>): ReadonlySet<string> {
  const { index, scope } = input;
  const near = filesImportedOrBeside(input);
  if (languageModule(input.languageId)?.packages.importsReexport !== true) return near;
  for (const binding of scope.bindings.values()) for (const ref of findExported(index, binding.files, binding.imported)) near.add(ref.file);
  return near;
}

/** The methods of this name of a type and its bases within reach, the current file's included. */
function typeMethodsNamed(input: { index: WorkspaceIndex; type: string | undefined; name: string; file: string; reach: Reach }): DeclarationRef[] {
  const { index, type, name, file, reach } = input;
  if (type === undefined) return [];
  const { near } = reach;
  const types = reach.bases(type);
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
function withBases(index: WorkspaceIndex, type: string, near: ReadonlySet<string>, file: string): readonly string[] {
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
