import type { Declaration } from '../../../syntax/declarations.js';
import { languageModule } from '../../../syntax/modules.js';
import { estimateTokens } from '../../../core/tokens.js';
import type { DeclarationRef, IndexChange, WorkspaceIndex } from '../../index/workspace-index.js';
import { memberKey, useSet } from '../../index/usage.js';
import { changedUses, methodContainers } from '../../index/change-log.js';
import { dirOf } from '../../../syntax/manifests.js';
import { keptFor, type KeptAcross } from './kept-across.js';
import { topK } from '../../../util/top-k.js';
import { MIN_SNIPPET_CAP } from '../packing.js';
import type { Candidate, SourceInput } from './types.js';
import { commentAbove, nameAffinity } from './name-affinity.js';

/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
/** Each file of the current package calling a method of the name counts this many files elsewhere: a package leans on a few methods of the types it uses. */
const PACKAGE_USES = 2;

/**
 * A type's methods, most used first (see methodWorth) as seen from `file` (its uses, its directory); ties by file and
 * line, so the order never depends on which file was indexed last. Ranked once per list of methods: the types of one
 * name a package declares once per platform (Go's runtime declares `sigctxt` in 31 files) share their methods, over a
 * thousand of them, and were each ranked anew.
 */
export function rankedMethods(index: WorkspaceIndex, file: string, type: DeclarationRef, count: number): readonly DeclarationRef[] {
  const methods = index.methodsOf(type.file, type.declaration.name);
  const languageId = index.file(type.file)?.languageId ?? '';
  const rankings = rankingsCurrent(index);
  const key = `${file}\0${count}\0${languageId}`;
  const known = rankings.get(methods, key);
  if (known) return known;
  const here = useSet(index.file(file)?.uses);
  const ranked = rankMethods({ index, here, dir: dirOf(file), methods, languageId, count });
  rankings.set(methods, key, type.declaration.name, ranked);
  return ranked;
}

/** Rankings kept per index; past this many they start over (a gather ranks a few dozen types). */
const MAX_RANKINGS = 2048;

/**
 * Method rankings by list of methods (the index keeps one list per type name and scope), then by the file they are seen
 * from, count and language. A type named in many functions of a file is ranked once, not on every gather, and kept
 * across re-indexes: a ranking reads its list of methods, the usage counts of their names and the viewing file's uses,
 * so a change drops the rankings of the types it declared methods of (before or after) and of the lists holding a
 * method whose name it gained or lost a use of (the only counts it moved, and the only uses of its own that changed).
 */
class Rankings implements KeptAcross {
  private readonly byList = new Map<readonly DeclarationRef[], Map<string, readonly DeclarationRef[]>>();
  /** The lists ranked, by the name of their type and by each method's member key: what a change reaches them by. */
  private readonly byType = new Map<string, Set<readonly DeclarationRef[]>>();
  private readonly byMember = new Map<string, Set<readonly DeclarationRef[]>>();
  private size = 0;

  constructor(public revision: number) {}

  get(methods: readonly DeclarationRef[], key: string): readonly DeclarationRef[] | undefined {
    return this.byList.get(methods)?.get(key);
  }

  set(methods: readonly DeclarationRef[], key: string, type: string, ranked: readonly DeclarationRef[]): void {
    if (this.size >= MAX_RANKINGS) this.clear();
    let byKey = this.byList.get(methods);
    if (!byKey) {
      this.byList.set(methods, (byKey = new Map<string, readonly DeclarationRef[]>()));
      noteList(this.byType, type, methods);
      for (const ref of methods) noteList(this.byMember, memberKey(ref.declaration.name), methods);
    }
    byKey.set(key, ranked);
    this.size++;
  }

  forget(change: IndexChange): void {
    for (const type of methodContainers(change)) this.dropLists(this.byType.get(type));
    for (const use of changedUses(change)) if (use.startsWith('.')) this.dropLists(this.byMember.get(use));
  }

  clear(): void {
    this.byList.clear();
    this.byType.clear();
    this.byMember.clear();
    this.size = 0;
  }

  private dropLists(lists: Set<readonly DeclarationRef[]> | undefined): void {
    for (const list of [...(lists ?? [])]) {
      this.size -= this.byList.get(list)?.size ?? 0;
      this.byList.delete(list);
      // Its other entries in the two tables go with it, so they never outgrow what is kept.
      for (const ref of list) this.byMember.get(memberKey(ref.declaration.name))?.delete(list);
      for (const lists of this.byType.values()) lists.delete(list);
    }
  }
}

function noteList(table: Map<string, Set<readonly DeclarationRef[]>>, key: string, list: readonly DeclarationRef[]): void {
  let lists = table.get(key);
  if (!lists) table.set(key, (lists = new Set()));
  lists.add(list);
}

const RANKINGS = new WeakMap<WorkspaceIndex, Rankings>();

/** The index's rankings, brought up to its revision (the re-rank turn does it ahead of the next gather). */
export function rankingsCurrent(index: WorkspaceIndex): Rankings {
  return keptFor(RANKINGS, index, (revision) => new Rankings(revision));
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
