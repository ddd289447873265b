import type { Declaration } from '../../../syntax/declarations.js';
import { languageModule } from '../../../syntax/modules.js';
import { estimateTokens } from '../../../core/tokens.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { memberKey, useSet } from '../../index/usage.js';
import { dirOf } from '../../../syntax/manifests.js';
import { byWorth, cutFor, rankingsCurrent, type Ranked } from './method-rankings.js';
import { MIN_SNIPPET_CAP } from '../packing.js';
import type { Candidate, SourceInput } from './types.js';
import { commentAbove, nameAffinity } from './name-affinity.js';

/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
/** Each file of the current package calling a method of the name counts this many files elsewhere: a package leans on a few methods of the types it uses. */
const PACKAGE_USES = 2;

/**
 * A type's methods, most used first (see methodWorth) as seen from `file` (its uses, its directory); ties by file and
 * line, so the order never depends on which file was indexed last. Ordered once per list of methods, directory and
 * language, without the file's own uses, and kept across re-indexes (see MethodOrders): the types of one name a package
 * declares once per platform (Go's runtime declares `sigctxt` in 31 files) share their methods, over a thousand of them,
 * and were each ranked anew. The file's uses then only raise the methods it calls, in one pass over the order.
 */
export function rankedMethods(index: WorkspaceIndex, file: string, type: DeclarationRef, count: number): readonly DeclarationRef[] {
  const methods = index.methodsOf(type.file, type.declaration.name);
  const languageId = index.file(type.file)?.languageId ?? '';
  const dir = dirOf(file);
  const orders = rankingsCurrent(index);
  const order = () => orders.order(methods, languageId, type.declaration.name, () => orderMethods({ index, methods, languageId }));
  const viewer = { here: useSet(index.file(file)?.uses), inDir: index.usage.inDir(dir), dirFactor: PACKAGE_USES, hereFactor: HERE_USES };
  return cutFor({ orders, viewer, methods, key: `${dir}\0${languageId}\0${count}`, count, order });
}

/** Every method of the list but those the language calls itself (Python's dunders), by how many files of the workspace call it. */
function orderMethods(input: { index: WorkspaceIndex; methods: readonly DeclarationRef[]; languageId: string }): Ranked[] {
  const { usage } = input.index;
  const implicit = languageModule(input.languageId)?.packages.implicitMember;
  const ranked = input.methods.flatMap((ref, at) => {
    if (implicit?.(ref.declaration.name)) return [];
    const key = memberKey(ref.declaration.name);
    return [{ ref, key, worth: usage.workspaceUses(key), at }];
  });
  return ranked.sort(byWorth);
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
