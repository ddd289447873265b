import type { Declaration } from '../../../syntax/declarations.js';
import type { LocalValue, NamedType } from '../../../syntax/language-module.js';
import { languageModule } from '../../../syntax/modules.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { findExported } from './import-scope.js';
import { lineStart } from '../focus.js';
import { blankCommentsAndStrings } from '../../index/usage.js';
import type { SourceInput } from './types.js';
import type { Focus } from '../focus.js';

/** Read once per declaration: the text never changes while the declaration object lives. */
const results = new WeakMap<Declaration, NamedType | null>();
const fields = new WeakMap<Declaration, Map<string, NamedType | null>>();

/**
 * The type of the value a function or method returns (`x := Open(…)`, `a.B().C(`), as the
 * language reads it from the declaration's signature, resolved where the function is declared.
 */
export function resultTypes(index: WorkspaceIndex, ref: DeclarationRef): readonly DeclarationRef[] {
  const { declaration } = ref;
  if (declaration.kind !== 'function' && declaration.kind !== 'method') return [];
  let named = results.get(declaration);
  if (named === undefined) {
    named = languageModule(index.file(ref.file)?.languageId ?? '')?.declarations.resultType?.(declaration.text) ?? null;
    results.set(declaration, named);
  }
  return named ? typesNamed(index, ref.file, named) : [];
}

/** The declared type of a struct's field (`s.field.Name(` is a method of that type), resolved where the struct is declared. */
export function fieldTypes(index: WorkspaceIndex, container: DeclarationRef, field: string): readonly DeclarationRef[] {
  const { declaration } = container;
  if (!isType(declaration) || !declaration.members?.includes(field)) return [];
  let byField = fields.get(declaration);
  if (!byField) fields.set(declaration, (byField = new Map<string, NamedType | null>()));
  let named = byField.get(field);
  if (named === undefined) {
    named = languageModule(index.file(container.file)?.languageId ?? '')?.declarations.fieldType?.(declaration.text, field) ?? null;
    byField.set(field, named);
  }
  return named ? typesNamed(index, container.file, named) : [];
}

function typesNamed(index: WorkspaceIndex, from: string, named: NamedType): DeclarationRef[] {
  if (named.qualifier === undefined) return index.declarationsNamed(named.name).filter((ref) => isType(ref.declaration) && index.inSamePackage(from, ref.file));
  const module = languageModule(index.file(from)?.languageId ?? '');
  const entry = index.importsOf(from).find(({ record }) => module?.packages.qualifierOf(record) === named.qualifier);
  return entry ? findExported(index, entry.targets, named.name).filter((ref) => isType(ref.declaration)) : [];
}

function isType(declaration: Declaration): boolean {
  return !declaration.container && (declaration.kind === 'type' || declaration.kind === 'interface' || declaration.kind === 'class');
}

/** How many steps a local value is followed through (`a := b; b := c.d; c := f()`). */
const LOCAL_DEPTH = 4;

/**
 * The type of each local value the language's reading of the function's code names (see
 * LocalValue), resolved through the index: a type as declared, a call's result type (a function
 * of the package or of an imported one, or a method of the receiver's resolved type, else any
 * method of the name within reach), a field's declared type. Each name is resolved once, on demand.
 */
export function localTypeReader(input: {
  index: WorkspaceIndex;
  file: string;
  namespaces: ReadonlyMap<string, readonly string[]>;
  near: ReadonlySet<string>;
  values: ReadonlyMap<string, LocalValue>;
}): (name: string) => DeclarationRef | undefined {
  const { index, file, namespaces, near, values } = input;
  const known = new Map<string, DeclarationRef | null>();
  const typeOf = (name: string, depth: number): DeclarationRef | undefined => {
    const cached = known.get(name);
    if (cached !== undefined) return cached ?? undefined;
    known.set(name, null);
    const value = values.get(name);
    const found = value && depth < LOCAL_DEPTH ? valueType(value, depth + 1) : undefined;
    known.set(name, found ?? null);
    return found;
  };
  const callee = (call: NamedType, depth: number): DeclarationRef[] => {
    const { qualifier, name } = call;
    if (qualifier === undefined) return index.declarationsNamed(name).filter((ref) => !ref.declaration.container && (ref.file === file || index.inSamePackage(file, ref.file)));
    const namespace = namespaces.get(qualifier);
    if (namespace) return findExported(index, namespace, name);
    const receiver = typeOf(qualifier, depth);
    const methods = receiver ? index.methodsOf(receiver.file, receiver.declaration.name).filter((ref) => ref.declaration.name === name) : [];
    return methods.length > 0 ? methods : index.declarationsNamed(name).filter((ref) => ref.declaration.container && near.has(ref.file));
  };
  const valueType = (value: LocalValue, depth: number): DeclarationRef | undefined => {
    if ('type' in value) return typesNamed(index, file, value.type)[0];
    if ('alias' in value) return typeOf(value.alias, depth);
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
  return (name) => typeOf(name, 0);
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
  let reader: { typeOf: (name: string) => DeclarationRef | undefined; names: readonly string[] } | undefined;
  const open = () => {
    if (reader) return reader;
    const cursor = lineStart(focus.text, focus.cursorLine);
    const head = Math.min(focus.end, focus.start + SIGNATURE_CHARS);
    const from = Math.max(head, cursor - BEFORE_CURSOR_CHARS);
    const to = Math.max(from, Math.min(focus.end, cursor + AFTER_CURSOR_CHARS));
    // The signature and the lines around the cursor, with what lies between blanked to one gap.
    const code = blankCommentsAndStrings(`${focus.text.slice(focus.start, head)}\n${focus.text.slice(from, to)}`, input.languageId);
    const values = read(code, head - focus.start + 1 + (cursor - from));
    return (reader = { typeOf: localTypeReader({ index, file, namespaces: scope.namespaces, near, values }), names: [...values.keys()] });
  };
  let all: Set<string> | undefined;
  const types: LocalTypes = {
    typeOf: (name) => open().typeOf(name),
    inPlay: () => (all ??= new Set(open().names.flatMap((name) => open().typeOf(name)?.declaration.name ?? []))),
  };
  readers.set(focus, (known = { index, file, types }));
  return types;
}

/** The types of the cursor's function's local values. */
export interface LocalTypes {
  typeOf(name: string): DeclarationRef | undefined;
  /** The names of every local value's type: the types whose methods the function calls. */
  inPlay(): ReadonlySet<string>;
}

const readers = new WeakMap<Focus, { index: WorkspaceIndex; file: string; types: LocalTypes }>();
