import type { Declaration } from '../../../syntax/declarations.js';
import { dirOf } from '../../../syntax/manifests.js';
import { languageModule } from '../../../syntax/modules.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import type { Steps } from '../../../util/steps.js';
import { candidateOf, findExported, importScope } from './import-scope.js';
import { rankedMethods } from './method-worth.js';
import { resultTypes } from './value-types.js';
import { signatureTypes } from './local-types.js';
import { wordsOf } from './near-names.js';
import { NAMED_METHODS } from './definitions.js';
import { warmUsedOrder } from './receiver-types.js';
import type { ImportScope } from './types.js';
import { reachOf, type Reach } from './member-resolver.js';

/** How far what a declaration brings is followed: its result and signature types, and theirs (a gather's add goes as deep on the lines that cost most). */
const DEPTH = 2;
/** Methods of one name within reach looked at per `.name` the file calls: an untyped call keeps a few of them, a typed one its type's. */
const METHODS_PER_NAME = 8;
/** Declarations worked out between two steps: a first visit reads a function's signature or ranks a type's methods (a millisecond for the largest). */
const PER_STEP = 4;

/**
 * What the definitions source works out the first time it meets a declaration, done in the re-rank turn for the
 * declarations the file's names reach (its record's uses: `pkg.Name`, names it calls, `.method`s): each one's key and
 * short forms, the types its result and signature name, and for a type its methods ranked as seen from the file and the
 * words of their names. Each is kept by declaration or across revisions (see rankedMethods, typesNamed), so the gather
 * after an update only reads them: on go-stdlib a line's first gather took half again as long as the next one on the
 * same revision, the difference being these first visits. It reads the file, not the cursor, and keeps no answer of its
 * own but the file's Reach (what `x.name` means there, which a gather would work out alike), so what a gather proposes
 * is unchanged.
 */
export function* definitionWarmSteps(index: WorkspaceIndex, file: string): Steps<void> {
  const record = index.file(file);
  if (!record) return;
  const scope = importScope(index, file);
  const reach = reachOf({ index, file, languageId: record.languageId, scope });
  const builtins = languageModule(record.languageId)?.packages.builtinMembers;
  const shared = languageModule(record.languageId)?.packages.sharedPackageScope === true;
  // Where values' types are read by pattern (TS, Python), a gather ranks their classes' members (receiverMembers): that
  // order is worked out here. Go reads local values instead; warming its types' orders cost its re-rank turn a millisecond
  // (a sixth) and its gather nothing.
  const members = languageModule(record.languageId)?.declarations.localValues === undefined;
  const seen = new Set<Declaration>();
  const pending: Array<{ ref: DeclarationRef; depth: number }> = [];
  const push = (ref: DeclarationRef, depth: number) => {
    if (ref.file === file || seen.has(ref.declaration)) return;
    seen.add(ref.declaration);
    pending.push({ ref, depth });
  };
  for (const use of record.uses ?? []) {
    for (const ref of meaningsOf({ index, file, scope, reach, shared, builtins }, use)) push(ref, DEPTH);
    // Depth first from each use, so a revision that moves on stops the turn with the nearest names done.
    for (let done = 0; pending.length > 0; done++) {
      if (done % PER_STEP === 0) yield;
      const { ref, depth } = pending.pop()!;
      for (const type of firstVisit({ index, file, members }, ref)) if (depth > 0) push(type, depth - 1);
    }
  }
}

/** Works out what a gather's first visit to `ref` would (and, with `members`, the order of its type's members), and returns the types it brings. */
function firstVisit(input: { index: WorkspaceIndex; file: string; members: boolean }, ref: DeclarationRef): readonly DeclarationRef[] {
  const { index, file } = input;
  candidateOf(ref, 0, 'definitions');
  const kind = ref.declaration.kind;
  // The members of a value's type, most used first (see receiverMembers): the type's, or the class of a method the file calls.
  const type = kind === 'type' || kind === 'class' || kind === 'interface' ? ref.declaration.name : ref.declaration.container;
  if (type !== undefined && input.members) warmUsedOrder(index, file, ref.file, type);
  if (kind === 'type' || kind === 'class') {
    for (const method of rankedMethods(index, file, ref, NAMED_METHODS)) {
      candidateOf(method, 0, 'definitions');
      wordsOf(method.declaration.name);
    }
  }
  return [...resultTypes(index, ref), ...signatureTypes(index, ref)];
}

/** The declarations a name the file uses may mean, as the definitions source resolves a reference to it without the cursor's local types. */
function meaningsOf(
  input: { index: WorkspaceIndex; file: string; scope: ImportScope; reach: Reach; shared: boolean; builtins: ReadonlySet<string> | undefined },
  use: string,
): readonly DeclarationRef[] {
  const { index, file, scope, reach } = input;
  const dot = use.lastIndexOf('.');
  const name = use.slice(dot + 1);
  if (dot >= 0) {
    const namespace = dot > 0 ? scope.namespaces.get(use.slice(0, dot)) : undefined;
    if (namespace) return findExported(index, namespace, name);
    // `x.name` or `.name`: a method of that name within reach, and what the name means on a value of no known type
    // (both kept in the file's Reach for the gathers of this state of the index).
    if (!input.builtins?.has(name)) reach.untyped(name);
    return reach.methods(name).slice(0, METHODS_PER_NAME);
  }
  const binding = scope.bindings.get(name);
  if (binding) return findExported(index, binding.files, binding.imported);
  if (input.shared) return index.topLevelNamedIn(dirOf(file), name).filter((ref) => ref.file !== file && index.inSamePackage(file, ref.file));
  return [];
}
