import type { Declaration } from '../../../syntax/declarations.js';
import type { LanguageModule, NamedType } from '../../../syntax/language-module.js';
import type { ImportRecord } from '../../../syntax/imports.js';
import { languageModule } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { findExported } from './import-scope.js';

/** What has a value of a type: a function's result, a constant or variable (`export const focusManager = new FocusManager()`). */
const VALUE_KINDS = new Set(['function', 'method', 'constant', 'variable']);

/** Read once per declaration: the text never changes while the declaration object lives. */
const results = new WeakMap<Declaration, NamedType | null>();
const fields = new WeakMap<Declaration, Map<string, NamedType | null>>();

/**
 * The type of the value a function or method returns (`x := Open(…)`, `a.B().C(`), as the
 * language reads it from the declaration's signature, resolved where the function is declared.
 */
export function resultTypes(index: WorkspaceIndex, ref: DeclarationRef): readonly DeclarationRef[] {
  const { declaration } = ref;
  if (!VALUE_KINDS.has(declaration.kind)) return [];
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

/**
 * typesNamed's answers for one revision of an index, by file, then `q.name` or `name`: the sources ask for the same few
 * types from the same files again and again. The file apart, so an unqualified name (most) is looked up without a key
 * being built. `q.name` and a plain name spelt `q.name` share an answer, as they always have (a first answer is kept).
 */
const resolvedTypes = new WeakMap<WorkspaceIndex, { revision: number; byFile: Map<string, Map<string, readonly DeclarationRef[]>> }>();

/** The types a name means where `from` names it: of its package, of the files it imports, or of the package a qualifier imports. */
export function typesNamed(index: WorkspaceIndex, from: string, named: NamedType): readonly DeclarationRef[] {
  let known = resolvedTypes.get(index);
  if (!known || known.revision !== index.revision) resolvedTypes.set(index, (known = { revision: index.revision, byFile: new Map() }));
  let byName = known.byFile.get(from);
  if (!byName) known.byFile.set(from, (byName = new Map<string, readonly DeclarationRef[]>()));
  const key = named.qualifier === undefined ? named.name : `${named.qualifier}.${named.name}`;
  let types = byName.get(key);
  if (!types) byName.set(key, (types = findTypes(index, from, named)));
  return types;
}

function findTypes(index: WorkspaceIndex, from: string, named: NamedType): DeclarationRef[] {
  if (named.qualifier === undefined) {
    const local = index.topLevelNamedIn(dirOf(from), named.name).filter((ref) => isType(ref.declaration) && (ref.file === from || index.inSamePackage(from, ref.file)));
    if (local.length > 0) return local;
    // Where a file imports what it names (TS/JS), the type is in one of the files it imports.
    const imported = index.importedFiles(from);
    return index.declarationsNamed(named.name).filter((ref) => isType(ref.declaration) && imported.has(ref.file));
  }
  const module = languageModule(index.file(from)?.languageId ?? '');
  const entry = module && index.importsOf(from).find(({ record }) => qualifierOf(module, record) === named.qualifier);
  return entry ? findExported(index, entry.targets, named.name).filter((ref) => isType(ref.declaration)) : [];
}

const qualifiers = new WeakMap<ImportRecord, string | undefined>();

/** The name an import binds its package under, read once per record (Go's takes a regex over the path). */
function qualifierOf(module: LanguageModule, record: ImportRecord): string | undefined {
  if (qualifiers.has(record)) return qualifiers.get(record);
  const qualifier = module.packages.qualifierOf(record);
  qualifiers.set(record, qualifier);
  return qualifier;
}

export function isType(declaration: Declaration): boolean {
  return !declaration.container && (declaration.kind === 'type' || declaration.kind === 'interface' || declaration.kind === 'class');
}
