import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import type { ChainLink } from '../../../syntax/language-module.js';
import { memberKey, useSet } from '../../index/usage.js';
import { dirOf } from '../../../syntax/manifests.js';
import { findExported } from './import-scope.js';
import { languageModule } from '../../../syntax/modules.js';
import type { SourceInput } from './types.js';
import type { Reference } from '../focus.js';
import { callbackParameters } from './declared-types.js';
import { commentAbove, nameAffinity } from './name-affinity.js';
import { placedByName } from './near-names.js';
import { assignedCall, callResultType } from './assigned-types.js';
import type { Steps } from '../../../util/steps.js';

/** How deep `extends` / `implements` chains are followed: a few levels cover real hierarchies. */
const SUPERTYPE_DEPTH = 3;
/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
const TYPE_KINDS = new Set(['class', 'interface', 'type']);
/**
 * A file calling a member through the very value the current file uses (`focusManager.isFocused(`,
 * the module's one instance) counts this many times a file calling a member of that name on anything
 * (`.onFocus(` is called on queries and caches alike).
 */
const VALUE_USES = 4;
/** Each word a member's name shares with the function being written counts as this many files calling it (see nameAffinity). */
const AFFINITY_USES = 32;

/**
 * What a value of type `type` can be asked for, declared outside the current file, most used
 * first: a class's methods and an interface (or type literal) itself, whose text lists its
 * members, then the same for every supertype (`extends`, `implements`), so an inherited method or
 * one declared by an interface a class implements is found too. The type is looked up among the
 * declarations of that name in `near` files (imported or same package) and the current file.
 * `value`, the module-level value the type's members are called on, if one is, ranks first the
 * members other files call through it.
 */
export function typeMembers(input: {
  index: WorkspaceIndex;
  file: string;
  type: string;
  near: ReadonlySet<string>;
  value?: string;
  affinity?: (member: string) => number;
}): DeclarationRef[] {
  const { index, file, type, near, value, affinity } = input;
  const through = (name: string) => (value === undefined ? 0 : VALUE_USES * index.usage.workspaceUses(`${value}.${name}`)) + AFFINITY_USES * (affinity?.(name) ?? 0);
  const found: DeclarationRef[] = [];
  const seen = new Set<string>();
  const visit = (name: string, depth: number, within: ReadonlySet<string>, imported: readonly string[]) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const ref of typesNamed(index, file, name, within, imported)) {
      const methods = methodsByWorth(usedOrder(index, file, ref.file, name), through);
      if (ref.file !== file && ref.declaration.kind !== 'class') found.push(ref);
      found.push(...methods);
      if (depth === 0 || !ref.declaration.supertypes) continue;
      // A supertype is within reach of the file that names it, not necessarily of the current one.
      const imported = index.importsOf(ref.file).flatMap((entry) => entry.targets);
      const reach = new Set([ref.file, ...imported, ...index.filesInDir(dirOf(ref.file))]);
      for (const supertype of ref.declaration.supertypes) visit(supertype, depth - 1, reach, imported);
    }
  };
  visit(type, SUPERTYPE_DEPTH, near, []);
  return found;
}

/** A method with its place in the type's list and how used it is, before what the gather adds (see typeMembers). */
interface Used {
  method: DeclarationRef;
  worth: number;
  at: number;
}

const MOST_USED = (a: Used, b: Used) => b.worth - a.worth || a.method.declaration.line - b.method.declaration.line || a.at - b.at;

/**
 * The methods of type `name` declared in `scope` but not in `file`, nor those the language calls itself, most used
 * first (by the workspace, more by `file`): worked out once per type, file and state of the index, not on every gather
 * (python-stdlib's slowest lines sorted a class hierarchy's hundreds of methods each time).
 */
function usedOrder(index: WorkspaceIndex, file: string, scope: string, name: string): readonly Used[] {
  const at = `${index.revision}:${index.generation}`;
  let kept = USED_ORDERS.get(index);
  if (kept?.at !== at) USED_ORDERS.set(index, (kept = { at, orders: new Map() }));
  const key = `${scope}\0${name}\0${file}`;
  let order = kept.orders.get(key);
  if (!order) {
    const here = useSet(index.file(file)?.uses);
    const implicit = languageModule(index.file(file)?.languageId ?? '')?.packages.implicitMember;
    const worth = (ref: DeclarationRef) => {
      const key = memberKey(ref.declaration.name);
      return index.usage.workspaceUses(key) + (here.has(key) ? HERE_USES : 0);
    };
    const methods = index.methodsOf(scope, name).filter((method) => method.file !== file && !implicit?.(method.declaration.name));
    if (kept.orders.size >= MAX_USED_ORDERS) kept.orders.clear();
    kept.orders.set(key, (order = methods.map((method, at) => ({ method, worth: worth(method), at })).sort(MOST_USED)));
  }
  return order;
}
/**
 * Works out, in the re-rank turn, the order a gather's typeMembers reads for type `name` of `scope` (see
 * definitionWarmSteps): a type the file reaches, or the class of a method it calls.
 */
export function warmUsedOrder(index: WorkspaceIndex, file: string, scope: string, name: string): void {
  usedOrder(index, file, scope, name);
}
/** How many types' orders are kept for the index's current state (for tests). */
export function keptOrders(index: WorkspaceIndex): number {
  const kept = USED_ORDERS.get(index);
  return kept?.at === `${index.revision}:${index.generation}` ? kept.orders.size : 0;
}
const USED_ORDERS = new WeakMap<WorkspaceIndex, { at: string; orders: Map<string, readonly Used[]> }>();
/** Types kept for one state of the index: a gather asks about a few dozen. */
const MAX_USED_ORDERS = 1024;

/**
 * The methods of `order` most used first, each with the worth `extra` adds for the gather (the value it is called
 * through, its name's affinity): sorted again only when it adds to some, as the whole list once was, ties in its order.
 */
export function methodsByWorth(order: readonly Used[], extra: (name: string) => number): DeclarationRef[] {
  const added = order.map(({ method }) => extra(method.declaration.name));
  if (added.every((worth) => worth === 0)) return order.map(({ method }) => method);
  return order
    .map((used, i) => ({ ...used, worth: used.worth + added[i]! }))
    .sort(MOST_USED)
    .map(({ method }) => method);
}

/**
 * Classes, interfaces and type aliases named `name` in the current file or the files within reach,
 * else re-exported by an imported file (`from distutils.core import Command`, declared in cmd.py).
 */
function typesNamed(index: WorkspaceIndex, file: string, name: string, near: ReadonlySet<string>, imported: readonly string[]): DeclarationRef[] {
  const isType = (ref: DeclarationRef) => TYPE_KINDS.has(ref.declaration.kind) && !ref.declaration.container;
  const named = index.declarationsNamed(name).filter((ref) => isType(ref) && (ref.file === file || near.has(ref.file)));
  const found = (shadowsNamesakes(index, file, name) ? named.filter((ref) => ref.file === file) : named).slice(0, 4);
  return found.length > 0 || imported.length === 0 ? found : findExported(index, imported, name).filter(isType).slice(0, 4);
}

/**
 * Whether the file declares a type of this name that is not derived from a namesake (`class
 * Message(email.message.Message)`): then that type is the one meant, not a namesake beside it
 * (distutils' two MSVCCompiler classes, in two files of one folder).
 */
export function shadowsNamesakes(index: WorkspaceIndex, file: string, name: string): boolean {
  // Top-level declarations of the file are among its directory's (a common name has thousands elsewhere).
  const own = index.topLevelNamedIn(dirOf(file), name).filter((ref) => ref.file === file && TYPE_KINDS.has(ref.declaration.kind));
  return own.length > 0 && !own.some((ref) => ref.declaration.supertypes?.includes(name));
}

/**
 * Whether `type` is a class within reach, or an interface whose members the index holds apart (a TS
 * interface's methods and function-typed properties): its text lists its methods and each is a
 * snippet of its own (see CLASS_METHODS_FACTOR).
 */
export function isClass(index: WorkspaceIndex, type: string, near: ReadonlySet<string>): boolean {
  return index
    .declarationsNamed(type)
    .some(
      (ref) =>
        !ref.declaration.container &&
        near.has(ref.file) &&
        (ref.declaration.kind === 'class' || (ref.declaration.kind === 'interface' && index.methodsOf(ref.file, type).length > 0)),
    );
}

/** What has a value whose methods are called (`export const focusManager = new FocusManager()`), as opposed to a function or type. */
const IMPORTED_VALUE_KINDS = new Set(['constant', 'variable']);

/** Whether a name the file imports by name is a module-level value (a singleton, a configuration object). */
export function importedValue(input: SourceInput, name: string): boolean {
  const binding = input.scope.bindings.get(name);
  return binding !== undefined && findExported(input.index, binding.files, binding.imported).some((ref) => IMPORTED_VALUE_KINDS.has(ref.declaration.kind));
}

/**
 * A class's text lists its methods (an outline), so a method its outline, cut to the snippet cap,
 * leaves out is worth what the outline is: on query-core and rxjs such members were needed as often
 * as imported functions of twice their score. A type whose text does not list its methods (a Go
 * struct) keeps the definitions source's METHODS_FACTOR (raising it there cost urfave-cli's types and functions).
 */
export const CLASS_METHODS_FACTOR = 1;

/** Members of a value's declared type proposed for the line being written: below a name the code uses, above the popular API. */
const RECEIVER_FACTOR = 0.5;
const RECEIVER_MEMBERS = 12;
/**
 * Where a class is shown by its header alone (Python), no outline lists the members past those: a
 * distutils command's `self.copy_tree(` is the 26th of its base class's 30 methods by use. Twice as
 * many: python-stdlib methods 77.96 → 80.65 %, 32 no more; Go and TS gained nothing at 24.
 */
const HEADER_CLASS_RECEIVER_MEMBERS = 24;
/** How far down a value's type's members one whose name the code near the cursor uses is still offered. */
const NAMED_RECEIVER_MEMBERS = 48;
const SELF = new Set(['this', 'self']);
/** A value the function made but calls no method on yet: its type is in play, less surely than one the code calls methods on. */
const ASSIGNED_FACTOR = 0.5;

/** What the definitions source knows of the values around the cursor (see its memberResolver). */
export interface ValueTypes {
  typeOf: (name: string) => string | undefined;
  /** The type a selector chain gives, where the language reads local values. */
  chainType: (chain: readonly ChainLink[]) => DeclarationRef | undefined;
  /** The files within reach: imported, or in the current file's directory. */
  near: ReadonlySet<string>;
}

/**
 * The line being written often calls a method of a value the code around it already uses: for
 * each value whose type the file declares (`x: T`, a field `this.x` typed in its class, `this`
 * itself) and each imported class a member is selected from, the members of that type and its supertypes, most used first, so the methods not yet
 * called near the cursor are in the prompt too. As steps: one per reference and one per type.
 */
export function* receiverMemberSteps(input: SourceInput, references: readonly Reference[], { typeOf, near, chainType }: ValueTypes): Steps<Array<[DeclarationRef, number]>> {
  const receivers = new Map<string, number>();
  // A type a chain gives is found where it is declared, within reach or not.
  const declaredIn = new Map<string, string>();
  // The imported value a type's members are called on (`focusManager`): its members other files call through it rank first.
  const singletons = new Map<string, string>();
  // The class the cursor's method belongs to: its members are the method's siblings (`handle_read` beside `handle_error`), whose names share words for another reason.
  const own = new Set<string>();
  const parameters = callbackParameters(input.focus.text.slice(input.focus.start, input.focus.end));
  const assigned = languageModule(input.languageId)?.declarations.assignedValuesBringMembers === true;
  const note = (type: string | undefined, weight: number) => {
    if (type !== undefined) receivers.set(type, Math.max(receivers.get(type) ?? 0, weight));
  };
  for (const { qualifier, name, weight, chain } of references) {
    // A step per reference: the first value typed reads the declarations around the function (TS, Python), up to 24 KB of text.
    yield;
    // A callback's parameter (`.forEach((query) =>` above the cursor): the line being written calls its methods.
    if (qualifier === undefined && parameters.has(name)) note(typeOf(name), weight);
    // A value the function made (`done = locks.Event()`): the masked line is often the first to call its methods.
    // Its type is what the call makes, read from the index alone: the file's text above is not scanned for it.
    const made = qualifier === undefined && assigned ? assignedCall(input, name) : undefined;
    if (made)
      note(
        callResultType(input, made, () => []),
        weight * ASSIGNED_FACTOR,
      );
    // An imported value (`focusManager`, made `new FocusManager()`): its methods are what the file calls on it.
    if (qualifier === undefined && importedValue(input, name)) {
      const type = typeOf(name);
      note(type, weight);
      if (type !== undefined) singletons.set(type, name);
    }
    const chained = chain && chainType(chain);
    if (chained) {
      note(chained.declaration.name, weight);
      declaredIn.set(chained.declaration.name, chained.file);
    }
    if (qualifier === undefined || qualifier === '' || input.scope.namespaces.has(qualifier)) continue;
    const type = typeOf(qualifier);
    note(type, weight);
    if (SELF.has(qualifier) && type !== undefined) own.add(type);
    // `Cls.create(`: an imported class's own (static) members.
    note(input.scope.bindings.get(qualifier)?.imported, weight);
    // `this.field`: the field's declared type.
    if (SELF.has(qualifier)) note(typeOf(name), weight);
  }
  const out: Array<[DeclarationRef, number]> = [];
  const affinity = nameAffinity(input.focus.functionName, commentAbove(input.focus.text, input.focus.start));
  const receiverCount = languageModule(input.languageId)?.declarations.classTextIsHeader ? HEADER_CLASS_RECEIVER_MEMBERS : RECEIVER_MEMBERS;
  for (const [type, weight] of receivers) {
    yield;
    const factor = isClass(input.index, type, near) ? CLASS_METHODS_FACTOR : RECEIVER_FACTOR;
    const file = declaredIn.get(type);
    const reach = file === undefined || near.has(file) ? near : new Set([...near, file]);
    const members = typeMembers({ index: input.index, file: input.file, type, near: reach, value: singletons.get(type), affinity: own.has(type) ? undefined : affinity });
    for (const [ref, at] of placedByName(input.focus, members.slice(0, NAMED_RECEIVER_MEMBERS), receiverCount)) out.push([ref, (weight * factor) / (1 + at / 6)]);
  }
  return out;
}
