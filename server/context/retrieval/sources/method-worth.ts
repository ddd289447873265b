import type { Declaration } from '../../../syntax/declarations.js';
import { languageModule } from '../../../syntax/modules.js';
import { estimateTokens } from '../../../core/tokens.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { memberKey } from '../../index/usage.js';
import { topK } from '../../../util/top-k.js';
import { MIN_SNIPPET_CAP } from '../packing.js';
import type { Candidate, SourceInput } from './types.js';
import { commentAbove, nameAffinity } from './name-affinity.js';

/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
/** Each file of the current package calling a method of the name counts this many files elsewhere: a package leans on a few methods of the types it uses. */
const PACKAGE_USES = 2;

/**
 * A type's methods, most used first (see methodWorth); ties by file and line, so the order never
 * depends on which file was indexed last. Ranked once per list of methods: the types of one name a
 * package declares once per platform (Go's runtime declares `sigctxt` in 31 files) share their
 * methods, over a thousand of them, and were each ranked anew.
 */
export function rankedMethods(index: WorkspaceIndex, here: ReadonlySet<string>, dir: string, type: DeclarationRef, count: number): readonly DeclarationRef[] {
  const methods = index.methodsOf(type.file, type.declaration.name);
  const languageId = index.file(type.file)?.languageId ?? '';
  return rankingsFor(index, here).get(methods, `${dir}\0${count}\0${languageId}`, () => rankMethods({ index, here, dir, methods, languageId, count }));
}

type Rankings = WeakMap<readonly DeclarationRef[], Map<string, readonly DeclarationRef[]>>;

/**
 * Method rankings of one revision of the index as seen from one file (its uses), by list of methods
 * (the index keeps one list per type name and package, unchanged within a revision): a type named in
 * many functions of a file is ranked once, not on every gather. Cleared with the revision (usage
 * counts and methods change only with it) and after a few dozen files.
 */
const RANKINGS = new WeakMap<WorkspaceIndex, { revision: number; byUses: Map<ReadonlySet<string>, Rankings> }>();

function rankingsFor(
  index: WorkspaceIndex,
  here: ReadonlySet<string>,
): { get: (methods: readonly DeclarationRef[], key: string, rank: () => readonly DeclarationRef[]) => readonly DeclarationRef[] } {
  let known = RANKINGS.get(index);
  if (!known || known.revision !== index.revision || known.byUses.size > 32)
    RANKINGS.set(index, (known = { revision: index.revision, byUses: new Map<ReadonlySet<string>, Rankings>() }));
  let table = known.byUses.get(here);
  if (!table) known.byUses.set(here, (table = new WeakMap()));
  const rankings = table;
  return {
    get: (methods, key, rank) => {
      let byKey = rankings.get(methods);
      if (!byKey) rankings.set(methods, (byKey = new Map<string, readonly DeclarationRef[]>()));
      let ranked = byKey.get(key);
      if (!ranked) byKey.set(key, (ranked = rank()));
      return ranked;
    },
  };
}

function rankMethods(input: {
  index: WorkspaceIndex;
  here: ReadonlySet<string>;
  dir: string;
  methods: readonly DeclarationRef[];
  languageId: string;
  count: number;
}): DeclarationRef[] {
  const worth = methodWorth(input.index, input.here, input.dir);
  // Methods the language calls itself (Python's dunders) are not what the code is about to call.
  const implicit = languageModule(input.languageId)?.packages.implicitMember;
  const ranked = input.methods.flatMap((ref) => (implicit?.(ref.declaration.name) ? [] : [{ ref, worth: worth(ref.declaration.name) }]));
  return topK(ranked, input.count, (a, b) => b.worth - a.worth || compare(a.ref.file, b.ref.file) || a.ref.declaration.line - b.ref.declaration.line).map(({ ref }) => ref);
}

/**
 * How used a method of a name is: by the files of the workspace that call a method of that name,
 * more by those of the current package (`dir`), and more still when the current file (whose uses
 * are `here`) does.
 */
export function methodWorth(index: WorkspaceIndex, here: ReadonlySet<string>, dir: string): (name: string) => number {
  // The directory's table looked up once: a large type has over a hundred methods.
  const inDir = index.usage.inDir(dir);
  return (name) => {
    const key = memberKey(name);
    return index.usage.workspaceUses(key) + PACKAGE_USES * (inDir?.get(key) ?? 0) + (here.has(key) ? HERE_USES : 0);
  };
}

/** Each word a method's name shares with the function being written counts as this many files calling it (as for a receiver's members). */
const AFFINITY_USES = 32;

/**
 * A class's ranked methods re-ranked with their names' affinity to the function being written and its
 * doc comment (see nameAffinity): `destroy()`, documented "removes this observer from the query",
 * calls `query.removeObserver`, however seldom other files do. Not a Go struct's, whose package's
 * vocabulary the names share (urfave-cli's `visibleFlags` lifted Context's flag methods: one target lost).
 */
export function affineFirst(input: SourceInput, worth: (name: string) => number): (type: DeclarationRef, methods: readonly DeclarationRef[]) => readonly DeclarationRef[] {
  const affinity = nameAffinity(input.focus.functionName, commentAbove(input.focus.text, input.focus.start));
  return (type, methods) => {
    if (type.declaration.kind !== 'class' || !methods.some((ref) => affinity(ref.declaration.name) > 0)) return methods;
    // Each word lifts the most used method that has it (the list is most used first), not every one.
    const claimed = new Set<string>();
    const valued = methods.map((ref, i) => ({ ref, i, value: worth(ref.declaration.name) + AFFINITY_USES * affinity(ref.declaration.name, claimed) }));
    return valued.sort((a, b) => b.value - a.value || a.i - b.i).map(({ ref }) => ref);
  };
}

/**
 * A long interface's candidate with its methods most used first, where the language says their order
 * means nothing: cut to its share of the budget, it then keeps the methods the code likely calls.
 */
export function membersInOrder(input: SourceInput, worth: (name: string) => number): (candidate: Candidate, declaration: Declaration) => Candidate {
  const reorder = languageModule(input.languageId)?.declarations.membersByWorth;
  return (candidate, declaration) => {
    if (!reorder || declaration.kind !== 'interface' || estimateTokens(candidate.content) <= MIN_SNIPPET_CAP) return candidate;
    const content = reorder(candidate.content, worth);
    return content === candidate.content ? candidate : { ...candidate, content };
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
