import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import type { Declaration } from '../../../syntax/declarations.js';
import { languageModule, moduleForPath } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { Candidate, ImportScope, SourceInput, SourceName } from './types.js';

/** Resolves the current file's imports once per request. */
export function importScope(index: WorkspaceIndex, file: string): ImportScope {
  const scope: ImportScope = { namespaces: new Map(), bindings: new Map(), files: [] };
  const module = languageModule(index.file(file)?.languageId ?? '');
  if (!module) return scope;
  for (const { record, targets } of index.importsOf(file)) {
    if (targets.length === 0) continue;
    for (const target of targets) if (!scope.files.includes(target)) scope.files.push(target);
    const bound = module.imports.bind(record, index.file(targets[0]!)?.packageName, targets);
    if (!bound) continue;
    if (bound.namespace) scope.namespaces.set(bound.namespace, targets);
    for (const { imported, local } of bound.names) scope.bindings.set(local, { imported, files: targets });
  }
  return scope;
}

/**
 * Declarations named `name` exported from `files`, following `export … from` re-exports a few
 * levels, as barrel files (index.ts) re-export their folder.
 */
export function findExported(index: WorkspaceIndex, files: readonly string[], name: string, depth = 3): DeclarationRef[] {
  reading?.names.add(name);
  // Fast path: the name is declared in one of the files (always so where imports name packages, mostly in TS).
  if (name !== 'default') {
    const direct = topLevelIn(index, files, name);
    if (direct.length > 0 || languageModule(index.file(files[0] ?? '')?.languageId ?? '')?.packages.importsPackages) return direct;
  }
  const found: DeclarationRef[] = [];
  for (const file of files) {
    const record = index.file(file);
    if (!record) continue;
    const own = record.declarations.filter((declaration) => declaration.name === name && !declaration.container);
    if (name === 'default' && own.length === 0) {
      // `export default function main` is recorded under its own name; take the file's first exported function or class.
      reading?.files.add(file);
      const fallback = record.declarations.find((declaration) => declaration.exported && (declaration.kind === 'function' || declaration.kind === 'class'));
      if (fallback) own.push(fallback);
    }
    if (own.length > 0) {
      found.push(...own.map((declaration) => ({ file, declaration })));
      continue;
    }
    if (depth === 0) continue;
    // Python: every name a module imports is an attribute of it, so a package's `__init__.py` re-exports what it imports.
    const importsReexport = languageModule(record.languageId)?.packages.importsReexport === true;
    for (const { record: entry, targets } of index.importsOf(file)) {
      if (!entry.reexport && !(importsReexport && entry.names)) continue;
      const named = entry.names?.find((spec) => spec.local === name);
      if (entry.names && !named) continue;
      found.push(...findExported(index, targets, named?.imported ?? name, depth - 1));
    }
  }
  return found;
}

/** What answers derived from findExported read of the index: the names looked up, and the files whose every declaration was read. */
export interface ExportReads {
  names: Set<string>;
  files: Set<string>;
}

/** The reads of the answer being worked out, if one is being traced (see readsOf). */
let reading: ExportReads | undefined;

/**
 * `compute()`, with what the findExported calls it makes read: a cache that keeps the answer across
 * re-indexes drops it when a file declaring one of those names, or one of those files, changes.
 */
export function readsOf<T>(compute: () => T): { value: T; reads: ExportReads } {
  const outer = reading;
  const reads: ExportReads = { names: new Set(), files: new Set() };
  reading = reads;
  try {
    return { value: compute(), reads };
  } finally {
    reading = outer;
    for (const name of reads.names) outer?.names.add(name);
    for (const file of reads.files) outer?.files.add(file);
  }
}

/** Top-level declarations named `name` in `files`, in declarationsNamed's order; through one directory's table when they share one (a Go package's files always do). */
function topLevelIn(index: WorkspaceIndex, files: readonly string[], name: string): DeclarationRef[] {
  const dir = sharedDir(files);
  const named = dir !== undefined ? index.topLevelNamedIn(dir, name) : index.declarationsNamed(name);
  return named.filter((ref) => !ref.declaration.container && files.includes(ref.file));
}

const SHARED_DIRS = new WeakMap<readonly string[], string | null>();

/** The directory all `files` are in, if one; worked out once per list (resolved imports' lists are kept and never changed). */
function sharedDir(files: readonly string[]): string | undefined {
  let dir = SHARED_DIRS.get(files);
  if (dir === undefined) {
    const first = files.length > 0 ? dirOf(files[0]!) : null;
    dir = first !== null && files.every((file) => dirOf(file) === first) ? first : null;
    SHARED_DIRS.set(files, dir);
  }
  return dir ?? undefined;
}

/**
 * What is made once per declaration: its key (one declaration may belong to two files of the same text: the
 * file is checked, and a key made again for another), its text without doc comment and its short form. One
 * record, so a candidate costs one lookup, not three: candidateOf runs some 500 times a gather.
 */
interface Made {
  file: string;
  key: string;
  compact?: string;
  brief?: string | null;
}
const MADE = new WeakMap<Declaration, Made>();

/** The declaration's record for `file`: its key made for that file, the texts kept (they depend on the declaration alone). */
function madeFor(file: string, declaration: Declaration): Made {
  const known = MADE.get(declaration);
  if (known?.file === file) return known;
  const made: Made = { file, key: `${file}#${declaration.line}:${declaration.container ?? ''}.${declaration.name}`, compact: known?.compact, brief: known?.brief };
  MADE.set(declaration, made);
  return made;
}

const NEAR = new WeakMap<SourceInput, ReadonlySet<string>>();

/** The files the current file imports and those of its directory, made once per gather (several sources ask). */
export function importedOrBeside(input: SourceInput): ReadonlySet<string> {
  let near = NEAR.get(input);
  if (!near) NEAR.set(input, (near = filesImportedOrBeside(input)));
  return near;
}

/** importedOrBeside's files, made anew. */
export function filesImportedOrBeside({ index, file, scope }: Pick<SourceInput, 'index' | 'file' | 'scope'>): Set<string> {
  return new Set([...scope.files, ...index.filesInDir(dirOf(file))]);
}

/** A declaration's identity as a candidate's key: `file#line:Container.name`. */
export function declarationKey(file: string, declaration: Declaration): string {
  return madeFor(file, declaration).key;
}

/**
 * Below this score a declaration is shown without its doc comment, so only the definitions of
 * names on the cursor's own line keep theirs: doc comments took a tenth of a 1,024-token budget
 * on the Go standard library, room for some twenty more signatures.
 */
export const DOC_SCORE = 0.95;

/**
 * Below this score a declaration the language has a short form for is shown in that form (a long TS
 * type alias as its head): the code near the cursor does not name it.
 */
export const BRIEF_SCORE = 0.6;

/** A declaration as a candidate: whole with its doc comment when the score is high, without it below DOC_SCORE, short below BRIEF_SCORE. */
export function candidateOf(ref: DeclarationRef, score: number, source: SourceName): Candidate {
  const { declaration } = ref;
  const made = madeFor(ref.file, declaration);
  const { key } = made;
  if (score >= DOC_SCORE) return { key, path: ref.file, line: declaration.line, content: declaration.text, score, source };
  const content = (made.compact ??= withoutDoc(declaration.text, declaration.docLinesAfter));
  if (score < BRIEF_SCORE) {
    const brief = made.brief === undefined ? (made.brief = moduleForPath(ref.file)?.declarations.brief?.(declaration, content) ?? null) : made.brief;
    if (brief !== null) return { key, path: ref.file, line: declaration.line, content: brief, documented: declaration.text, full: content, score, source };
  }
  // Two literals, not a spread of a conditional one: the spread took a third of this function's time, which runs some 500 times a gather.
  if (content === declaration.text) return { key, path: ref.file, line: declaration.line, content, score, source };
  return { key, path: ref.file, line: declaration.line, content, documented: declaration.text, score, source };
}

/**
 * A declaration's text without the comment lines above its signature (the first lines of a class
 * member keep their header), nor the `after` lines of documentation below it (a Python docstring's).
 */
export function withoutDoc(text: string, after = 0): string {
  const lines = text.split('\n');
  const header = /\{$/.test(lines[0] ?? '') && text.endsWith('\n}') ? lines.shift() : undefined;
  let start = 0;
  let inBlock = false;
  for (; start < lines.length; start++) {
    const line = lines[start]!.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/');
      continue;
    }
    break;
  }
  const rest = lines.slice(start, Math.max(start + 1, lines.length - after));
  return header === undefined ? rest.join('\n') : [header, ...rest].join('\n');
}
