import type { Declaration } from '../../../syntax/declarations.js';
import type { LanguageModule, NamedType } from '../../../syntax/language-module.js';
import type { ImportRecord } from '../../../syntax/imports.js';
import { languageModule } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { DeclarationRef, IndexChange, WorkspaceIndex } from '../../index/workspace-index.js';
import { topLevelNames } from '../../index/change-log.js';
import { findExported, readsOf } from './import-scope.js';
import { keptFor, type KeptAcross } from './kept-across.js';

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

/** One typesNamed answer, with what working it out read of the index (see readsOf): the names looked up, files read whole. */
interface Answer {
  types: readonly DeclarationRef[];
  names: readonly string[];
  files: readonly string[];
}

/** Answers kept per index; past this many they start over (a few files' worth: a gather asks for some dozens). */
const MAX_ANSWERS = 4096;

/**
 * typesNamed's answers, by file, then `q.name` or `name`: the sources ask for the same few types from the same files
 * again and again. The file apart, so an unqualified name (most) is looked up without a key being built. `q.name` and a
 * plain name spelt `q.name` share an answer, as they always have (a first answer is kept). Kept across re-indexes: an
 * answer reads the declarations of the names it looked up and the asking file's imports, so a change drops the asking
 * file's answers and those that looked up a name the changed file declared (before or after), and a change that moved
 * import resolutions (a file added or removed, a package clause or imports edited) drops all.
 */
class ResolvedTypes implements KeptAcross {
  readonly byFile = new Map<string, Map<string, Answer>>();
  /** The answers that looked up each name, and that read each file whole: what a change reaches them by. */
  private readonly byName = new Map<string, Note[]>();
  private readonly byReadFile = new Map<string, Note[]>();
  private size = 0;
  /** Notes in the two tables, some of answers dropped since: they are emptied with the answers past a bound. */
  private notes = 0;

  constructor(public revision: number) {}

  forget(change: IndexChange): void {
    if (change.imports) return this.clear();
    this.size -= this.byFile.get(change.path)?.size ?? 0;
    this.byFile.delete(change.path);
    for (const name of topLevelNames(change)) this.dropNoted(this.byName, name);
    this.dropNoted(this.byReadFile, change.path);
  }

  clear(): void {
    this.byFile.clear();
    this.byName.clear();
    this.byReadFile.clear();
    this.size = 0;
    this.notes = 0;
  }

  /** The answers of file `from`, room made for one more. */
  answersOf(from: string): Map<string, Answer> {
    if (this.size >= MAX_ANSWERS || this.notes >= NOTES_PER_ANSWER * MAX_ANSWERS) this.clear();
    let answers = this.byFile.get(from);
    if (!answers) this.byFile.set(from, (answers = new Map<string, Answer>()));
    return answers;
  }

  add(from: string, key: string, answer: Answer): void {
    this.byFile.get(from)?.set(key, answer);
    this.size++;
    const note = { from, key, answer };
    for (const name of answer.names) noteIn(this.byName, name, note);
    for (const file of answer.files) noteIn(this.byReadFile, file, note);
    this.notes += answer.names.length + answer.files.length;
  }

  /** Drops the answers noted under `key`, those still kept (a note outlives an answer dropped another way). */
  private dropNoted(table: Map<string, Note[]>, key: string): void {
    for (const { from, key: asked, answer } of table.get(key) ?? []) {
      const answers = this.byFile.get(from);
      if (answers?.get(asked) !== answer) continue;
      answers.delete(asked);
      this.size--;
    }
    table.delete(key);
  }
}

/** An answer kept, where: the asking file and its key. */
interface Note {
  from: string;
  key: string;
  answer: Answer;
}

/** How many notes an answer leaves on average before the tables are emptied: most look up one name. */
const NOTES_PER_ANSWER = 4;

function noteIn(table: Map<string, Note[]>, key: string, note: Note): void {
  const notes = table.get(key);
  if (notes) notes.push(note);
  else table.set(key, [note]);
}

const resolvedTypes = new WeakMap<WorkspaceIndex, ResolvedTypes>();

/** The index's typesNamed answers, brought up to its revision (the re-rank turn does it ahead of the next gather). */
export function typesCurrent(index: WorkspaceIndex): ResolvedTypes {
  return keptFor(resolvedTypes, index, (revision) => new ResolvedTypes(revision));
}

/** The types a name means where `from` names it: of its package, of the files it imports, or of the package a qualifier imports. */
export function typesNamed(index: WorkspaceIndex, from: string, named: NamedType): readonly DeclarationRef[] {
  const known = typesCurrent(index);
  const key = named.qualifier === undefined ? named.name : `${named.qualifier}.${named.name}`;
  const found = known.byFile.get(from)?.get(key);
  if (found) return found.types;
  known.answersOf(from);
  const { value: types, reads } = readsOf(() => findTypes(index, from, named));
  reads.names.add(named.name);
  known.add(from, key, { types, names: [...reads.names], files: [...reads.files] });
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
