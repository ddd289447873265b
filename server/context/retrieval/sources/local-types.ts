import type { Declaration } from '../../../syntax/declarations.js';
import type { ChainLink, LocalValue, NamedType } from '../../../syntax/language-module.js';
import { languageModule } from '../../../syntax/modules.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { blankCommentsAndStrings } from '../../index/usage.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { Focus } from '../focus.js';
import { findExported } from './import-scope.js';
import type { SourceInput } from './types.js';
import { fieldTypes, isType, resultTypes, typesNamed } from './value-types.js';

/** How many steps a local value is followed through (`a := b; b := c.d; c := f()`). */
const LOCAL_DEPTH = 4;

/** What local values' types are read from: the index, the file and its imports, and the function's local values. */
export interface LocalTypeInput {
  index: WorkspaceIndex;
  file: string;
  namespaces: ReadonlyMap<string, readonly string[]>;
  near: ReadonlySet<string>;
  values: ReadonlyMap<string, LocalValue>;
  /** The language's reader of local values, for package-level ones. */
  read?: (code: string, until: number) => Map<string, LocalValue>;
  languageId?: string;
}

/**
 * The type of each local value the language's reading of the function's code names (see
 * LocalValue), resolved through the index: a type as declared, a call's result type (a function
 * of the package or of an imported one, or a method of the receiver's resolved type, else any
 * method of the name within reach), a field's declared type. Each name is resolved once, on demand.
 */
export function localTypeReader(input: LocalTypeInput): LocalTypeReader {
  const { index, file, namespaces, near, values, read, languageId } = input;
  const known = new Map<string, DeclarationRef | null>();
  const dir = dirOf(file);
  const typeOf = (name: string, depth: number): DeclarationRef | undefined => {
    const cached = known.get(name);
    if (cached !== undefined) return cached ?? undefined;
    known.set(name, null);
    const value = values.get(name) ?? packageValue({ index, file, name, read, languageId });
    const found = value && depth < LOCAL_DEPTH ? valueType(value, depth + 1) : undefined;
    known.set(name, found ?? null);
    return found;
  };
  const callee = (call: NamedType, depth: number): DeclarationRef[] => {
    const { qualifier, name } = call;
    // The package's own declarations are all in its directory: its names are looked up there, not among every namesake's.
    if (qualifier === undefined) return index.topLevelNamedIn(dir, name).filter((ref) => ref.file === file || index.inSamePackage(file, ref.file));
    const namespace = namespaces.get(qualifier);
    if (namespace) return findExported(index, namespace, name);
    const receiver = typeOf(qualifier, depth);
    const methods = receiver ? methodsNamed(index, receiver, name) : [];
    return methods.length > 0 ? methods : index.declarationsNamed(name).filter((ref) => ref.declaration.container && near.has(ref.file));
  };
  // `c.config.time()`: the first link (or two, through a package) as a local value, then link by link.
  const chainType = (links: readonly ChainLink[], depth: number): DeclarationRef | undefined => {
    const [first, second] = links;
    if (!first) return undefined;
    if (second !== undefined && namespaces.has(first.name)) {
      const start = second.called
        ? valueType({ call: { qualifier: first.name, name: second.name } }, depth)
        : packageMemberType({ index, files: namespaces.get(first.name)!, name: second.name, read, languageId });
      return followLinks(index, start, links.slice(2));
    }
    return followLinks(index, first.called ? valueType({ call: { name: first.name } }, depth) : typeOf(first.name, depth), links.slice(1));
  };
  const valueType = (value: LocalValue, depth: number): DeclarationRef | undefined => {
    if ('type' in value) return typesNamed(index, file, value.type)[0];
    if ('alias' in value) return typeOf(value.alias, depth);
    if ('chain' in value) return chainType(value.chain, depth);
    if ('field' in value) {
      if (namespaces.has(value.field.qualifier)) return undefined;
      const container = typeOf(value.field.qualifier, depth);
      return container && fieldTypes(index, container, value.field.name)[0];
    }
    for (const ref of callee(value.call, depth)) {
      // A conversion `T(x)` makes a T.
      if (isType(ref.declaration)) return ref;
      const result = resultTypes(index, ref)[0];
      if (result) return result;
    }
    return undefined;
  };
  return { typeOf: (name) => typeOf(name, 0), chainType: (links) => chainType(links, 0) };
}

/** The type of a local name, or of what a selector chain gives. */
export interface LocalTypeReader {
  typeOf(name: string): DeclarationRef | undefined;
  chainType(links: readonly ChainLink[]): DeclarationRef | undefined;
}

/** A long function is read this far around the cursor, besides its signature: the work must fit the keystroke path. */
const SIGNATURE_CHARS = 600;
const BEFORE_CURSOR_CHARS = 8000;
const AFTER_CURSOR_CHARS = 2000;

/**
 * The type of a local value of the cursor's function, where the language reads local values
 * (see localTypeReader); undefined for a language that does not. The function's code is read on
 * the first question.
 */
export function localTypes(input: SourceInput, near: ReadonlySet<string>): LocalTypes | undefined {
  const read = languageModule(input.languageId)?.declarations.localValues;
  if (!read) return undefined;
  const { focus, index, file, scope } = input;
  // Shared by the sources of one gather (the focus is made once per gather).
  let known = readers.get(focus);
  if (known?.index === index && known.file === file) return known.types;
  let reader: (LocalTypeReader & { names: readonly string[] }) | undefined;
  const open = () => {
    if (reader) return reader;
    const cursor = focus.cursorLineStart;
    const head = Math.min(focus.end, focus.start + SIGNATURE_CHARS);
    const from = Math.max(head, cursor - BEFORE_CURSOR_CHARS);
    const to = Math.max(from, Math.min(focus.end, cursor + AFTER_CURSOR_CHARS));
    // The signature and the lines around the cursor, with what lies between blanked to one gap.
    const code = blankCommentsAndStrings(`${focus.text.slice(focus.start, head)}\n${focus.text.slice(from, to)}`, input.languageId);
    const values = read(code, head - focus.start + 1 + (cursor - from));
    const types = localTypeReader({ index, file, namespaces: scope.namespaces, near, values, read, languageId: input.languageId });
    return (reader = { ...types, names: [...values.keys()] });
  };
  let all: Set<string> | undefined;
  const types: LocalTypes = {
    typeOf: (name) => open().typeOf(name),
    chainType: (links) => open().chainType(links),
    inPlay: () => (all ??= new Set(open().names.flatMap((name) => open().typeOf(name)?.declaration.name ?? []))),
  };
  readers.set(focus, (known = { index, file, types }));
  return types;
}

/** The types of the cursor's function's local values. */
export interface LocalTypes extends LocalTypeReader {
  /** The names of every local value's type: the types whose methods the function calls. */
  inPlay(): ReadonlySet<string>;
}

const readers = new WeakMap<Focus, { index: WorkspaceIndex; file: string; types: LocalTypes }>();

/** A package-level `var` of the current package, read as a local one (`var once sync.Once`, `var cmd = &Command{…}`). */
function packageValue(input: { index: WorkspaceIndex; file: string; name: string; read?: ValueReader; languageId?: string }): LocalValue | undefined {
  const { index, file, name, read, languageId } = input;
  if (!read) return undefined;
  // Of the current package: in its directory (`var err` is declared in hundreds of others).
  const declared = index.topLevelNamedIn(dirOf(file), name).find((ref) => ref.declaration.kind === 'variable' && (ref.file === file || index.inSamePackage(file, ref.file)));
  return declared && declaredValues(declared.declaration, read, languageId).get(name);
}

const VALUES = new WeakMap<Declaration, { read: ValueReader; languageId?: string; values: Map<string, LocalValue> }>();

/**
 * The values a package-level declaration's text declares, read once per declaration (its text never
 * changes; re-indexing makes a new one): `var cmd = &Command{…}` was read again on every gather.
 */
export function declaredValues(declaration: Declaration, read: ValueReader, languageId: string | undefined): Map<string, LocalValue> {
  const known = VALUES.get(declaration);
  if (known?.read === read && known.languageId === languageId) return known.values;
  const values = read(blankCommentsAndStrings(declaration.text, languageId), Infinity);
  VALUES.set(declaration, { read, languageId, values });
  return values;
}

type ValueReader = (code: string, until: number) => Map<string, LocalValue>;

/** What each link of a chain gives, from the type of the value before it: a method's result (an interface method's too) or a field's type. */
function followLinks(index: WorkspaceIndex, start: DeclarationRef | undefined, links: readonly ChainLink[]): DeclarationRef | undefined {
  let type = start;
  for (const link of links) {
    if (!type) return undefined;
    // A method's result; an interface's method (`Elem() Type`) is read as its fields are.
    const result = link.called ? methodsNamed(index, type, link.name).flatMap((ref) => resultTypes(index, ref))[0] : undefined;
    type = result ?? memberFieldType(index, type, link.name);
  }
  return type;
}

/** `pkg.Var` or `pkg.Type`: an imported package's type, or the type its variable's declaration gives it. */
function packageMemberType(input: { index: WorkspaceIndex; files: readonly string[]; name: string; read?: ValueReader; languageId?: string }): DeclarationRef | undefined {
  const { index, files, name, read, languageId } = input;
  const ref = findExported(index, files, name)[0];
  if (!ref || isType(ref.declaration)) return ref;
  const value = ref.declaration.kind === 'variable' && read ? declaredValues(ref.declaration, read, languageId).get(name) : undefined;
  return value && 'type' in value ? typesNamed(index, ref.file, value.type)[0] : undefined;
}

/** The methods of this name a type has: its own, else those of the types it embeds (within reach of its file), a level deep. */
export function methodsNamed(index: WorkspaceIndex, type: DeclarationRef, name: string): DeclarationRef[] {
  const own = index.methodsOf(type.file, type.declaration.name).filter((ref) => ref.declaration.name === name);
  if (own.length > 0) return own;
  return embedded(index, type).flatMap((ref) => index.methodsOf(ref.file, ref.declaration.name).filter((method) => method.declaration.name === name));
}

/** The declared type of a type's field, else of the field of a type it embeds, a level deep (`s.s.contents()`, `r.once.Do(`). */
function memberFieldType(index: WorkspaceIndex, type: DeclarationRef, field: string): DeclarationRef | undefined {
  return fieldTypes(index, type, field)[0] ?? embedded(index, type).flatMap((ref) => fieldTypes(index, ref, field))[0];
}

/** The types a type embeds, resolved within reach of its file. */
function embedded(index: WorkspaceIndex, type: DeclarationRef): DeclarationRef[] {
  if (!type.declaration.supertypes) return [];
  const reach = index.importedFiles(type.file);
  return type.declaration.supertypes.flatMap((name) =>
    index.declarationsNamed(name).filter((ref) => isType(ref.declaration) && (ref.file === type.file || reach.has(ref.file) || index.inSamePackage(type.file, ref.file))),
  );
}

const signatures = new WeakMap<Declaration, NamedType[]>();

/**
 * The named types a function's signature mentions (parameters and results, as the language's reader
 * of local values reads the declaration's text), resolved where the function is declared: what a
 * call to it is made with, so the code around the call often names them (`case *IntSliceFlag:` above
 * `stringifyIntSliceFlag(f)`).
 */
export function signatureTypes(index: WorkspaceIndex, ref: DeclarationRef): DeclarationRef[] {
  const { declaration } = ref;
  if (declaration.kind !== 'function' && declaration.kind !== 'method') return [];
  let named = signatures.get(declaration);
  if (!named) {
    const languageId = index.file(ref.file)?.languageId ?? '';
    const read = languageModule(languageId)?.declarations.localValues;
    const values = read ? read(blankCommentsAndStrings(declaration.text, languageId), Infinity) : new Map<string, LocalValue>();
    named = [...values.values()].flatMap((value) => ('type' in value ? [value.type] : []));
    signatures.set(declaration, named);
  }
  return named.flatMap((type) => typesNamed(index, ref.file, type).slice(0, 1));
}
