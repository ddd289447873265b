import type { Declaration } from '../../../syntax/declarations.js';
import type { NamedType } from '../../../syntax/language-module.js';
import { languageModule } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { findExported } from './import-scope.js';

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
  if (named.qualifier === undefined) return index.topLevelNamedIn(dirOf(from), named.name).filter((ref) => isType(ref.declaration) && index.inSamePackage(from, ref.file));
  const module = languageModule(index.file(from)?.languageId ?? '');
  const entry = index.importsOf(from).find(({ record }) => module?.packages.qualifierOf(record) === named.qualifier);
  return entry ? findExported(index, entry.targets, named.name).filter((ref) => isType(ref.declaration)) : [];
}

function isType(declaration: Declaration): boolean {
  return !declaration.container && (declaration.kind === 'type' || declaration.kind === 'interface' || declaration.kind === 'class');
}
