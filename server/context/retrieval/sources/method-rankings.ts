import type { DeclarationRef, IndexChange, WorkspaceIndex } from '../../index/workspace-index.js';
import { memberKey } from '../../index/usage.js';
import { changedUses, methodContainers } from '../../index/change-log.js';
import { keptFor, type KeptAcross } from './kept-across.js';

/** A method with what ranks it apart from the viewing file's own uses: its member key, its worth, its place in the index's list. */
export interface Ranked {
  ref: DeclarationRef;
  key: string;
  worth: number;
  at: number;
}

/** Orders kept per index; past this many they start over (a gather meets a few dozen types). */
const MAX_ORDERS = 2048;

/**
 * Methods of a type in order of their worth across the workspace (see rankedMethods), by list of methods (the index keeps
 * one per type name and scope), then language. Kept across re-indexes: an order reads its list and the workspace's usage
 * counts of its methods' names, so a change drops the orders of the types it declared methods of (before or after) and of
 * the lists holding a method whose name it gained or lost a use of (the only counts it moved).
 */
class MethodOrders implements KeptAcross {
  private readonly byList = new Map<readonly DeclarationRef[], Map<string, readonly Ranked[]>>();
  /** The lists ordered, by the name of their type and by each method's member key: what a change reaches them by. */
  private readonly byType = new Map<string, Set<readonly DeclarationRef[]>>();
  private readonly byMember = new Map<string, Set<readonly DeclarationRef[]>>();
  /** The type each list was noted under in byType, so dropping a list does not visit every type. */
  private readonly typeOfList = new Map<readonly DeclarationRef[], string>();
  private size = 0;
  /** Orders worked out, for tests: one kept across an update is not worked out again. */
  made = 0;
  /** The orders cut for one viewing file's uses (a set per record), for this revision only (they read the orders and the directory's counts). */
  cuts = new WeakMap<ReadonlySet<string>, Map<readonly DeclarationRef[], Map<string, readonly DeclarationRef[]>>>();

  constructor(public revision: number) {}

  order(methods: readonly DeclarationRef[], key: string, type: string, make: () => readonly Ranked[]): readonly Ranked[] {
    const known = this.byList.get(methods)?.get(key);
    if (known) return known;
    if (this.size >= MAX_ORDERS) this.clear();
    let byKey = this.byList.get(methods);
    if (!byKey) {
      this.byList.set(methods, (byKey = new Map<string, readonly Ranked[]>()));
      noteList(this.byType, type, methods);
      this.typeOfList.set(methods, type);
      for (const ref of methods) noteList(this.byMember, memberKey(ref.declaration.name), methods);
    }
    const order = make();
    this.made++;
    byKey.set(key, order);
    this.size++;
    return order;
  }

  forget(change: IndexChange): void {
    this.cuts = new WeakMap();
    for (const type of methodContainers(change)) this.dropLists(this.byType.get(type));
    for (const use of changedUses(change)) if (use.startsWith('.')) this.dropLists(this.byMember.get(use));
  }

  clear(): void {
    this.cuts = new WeakMap();
    this.byList.clear();
    this.byType.clear();
    this.byMember.clear();
    this.typeOfList.clear();
    this.size = 0;
  }

  private dropLists(lists: Set<readonly DeclarationRef[]> | undefined): void {
    for (const list of [...(lists ?? [])]) {
      this.size -= this.byList.get(list)?.size ?? 0;
      this.byList.delete(list);
      // Its other entries in the two tables go with it, so they never outgrow what is kept.
      for (const ref of list) this.byMember.get(memberKey(ref.declaration.name))?.delete(list);
      const type = this.typeOfList.get(list);
      if (type !== undefined) this.byType.get(type)?.delete(list);
      this.typeOfList.delete(list);
    }
  }
}

function noteList(table: Map<string, Set<readonly DeclarationRef[]>>, key: string, list: readonly DeclarationRef[]): void {
  let lists = table.get(key);
  if (!lists) table.set(key, (lists = new Set()));
  lists.add(list);
}

const ORDERS = new WeakMap<WorkspaceIndex, MethodOrders>();

/** The index's method orders, brought up to its revision (the re-rank turn does it ahead of the next gather). */
export function rankingsCurrent(index: WorkspaceIndex): MethodOrders {
  return keptFor(ORDERS, index, (revision) => new MethodOrders(revision));
}

/** What raises a method above its order for one viewing file: the uses of its directory and its own. */
export interface Viewer {
  here: ReadonlySet<string>;
  /** Files of the viewing directory calling a method of each name (see UsageCounts.inDir). */
  inDir: ReadonlyMap<string, number> | undefined;
  dirFactor: number;
  hereFactor: number;
}

/**
 * The first `count` of an order once each method is worth `dirFactor` more per file of the viewing directory calling a
 * method of its name and `hereFactor` more when the viewing file does: cut once per revision, viewing file's uses, list
 * and `key` (which must name the directory, the language and the count).
 */
export function cutFor(input: {
  orders: MethodOrders;
  viewer: Viewer;
  methods: readonly DeclarationRef[];
  key: string;
  count: number;
  order: () => readonly Ranked[];
}): readonly DeclarationRef[] {
  const { orders, viewer, methods, key } = input;
  let byList = orders.cuts.get(viewer.here);
  if (!byList) orders.cuts.set(viewer.here, (byList = new Map<readonly DeclarationRef[], Map<string, readonly DeclarationRef[]>>()));
  let byKey = byList.get(methods);
  if (!byKey) byList.set(methods, (byKey = new Map<string, readonly DeclarationRef[]>()));
  let cut = byKey.get(key);
  if (!cut) byKey.set(key, (cut = raised(input.order(), viewer, input.count)));
  return cut;
}

/**
 * The first `count` in the order of worth (with what the viewer adds), file, line and place in the list: the methods
 * the viewer adds nothing to are in that order already, so the few it raises are sorted apart and the two merged.
 */
function raised(order: readonly Ranked[], viewer: Viewer, count: number): DeclarationRef[] {
  const up: Ranked[] = [];
  const rest: Ranked[] = [];
  for (const entry of order) {
    const more = viewer.dirFactor * (viewer.inDir?.get(entry.key) ?? 0) + (viewer.here.has(entry.key) ? viewer.hereFactor : 0);
    if (more > 0) up.push({ ...entry, worth: entry.worth + more });
    else if (rest.length < count) rest.push(entry);
  }
  up.sort(byWorth);
  const out: DeclarationRef[] = [];
  let i = 0;
  let j = 0;
  while (out.length < count && (i < up.length || j < rest.length)) {
    const a = up[i];
    const b = rest[j];
    if (a !== undefined && (b === undefined || byWorth(a, b) < 0)) {
      out.push(a.ref);
      i++;
    } else {
      out.push(b!.ref);
      j++;
    }
  }
  return out;
}

/** Methods in order of worth, then file, line and place in the list (ties in the first three keep the list's order, as a stable sort). */
export function byWorth(a: Ranked, b: Ranked): number {
  return b.worth - a.worth || (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : 0) || a.ref.declaration.line - b.ref.declaration.line || a.at - b.at;
}
