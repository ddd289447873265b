import type { WorkspaceIndex } from '../../context/index/workspace-index.js';
import { moduleForPath } from '../../syntax/modules.js';
import type { DeclNode, LexicalModel } from './lexical.js';
import { runSteps, type Steps } from '../../util/steps.js';
import { testSubjects } from './tests.js';

/** How two nodes are related, for the `why` of what propagation found. */
export type Relation =
  'calls' | 'called by' | 'member of' | 'has member' | 'declared in' | 'declares' | 'imports' | 'imported by' | 'tests' | 'tested by' | 'beside' | 'reexports' | 'reexported by';

export interface Edge {
  to: number;
  weight: number;
  relation: Relation;
}

/**
 * The repository as a graph: one node per declaration (ids 0…D-1, as in the lexical model) and one
 * per file (ids D…). Declarations link to what they call and to their class; files to their
 * declarations, their imports, their tests and their directory's other files. Outgoing weights of
 * a node sum to 1, each relation taking the share in RELATION_SHARE whatever its fan-out, so a
 * file with 200 neighbours in its directory passes on no more than one with 2.
 */
export interface RepoGraph {
  fileIds: Map<string, number>;
  files: string[];
  out: Edge[][];
  /** The same edges in flat arrays (node u's are offsets[u]…offsets[u+1]), so each step of the walk is a tight loop. */
  flat: FlatEdges;
}

export interface FlatEdges {
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/** The share of a node's outgoing weight each relation gets, when the node has any of it. */
const RELATION_SHARE: Record<Relation, number> = {
  calls: 1,
  'called by': 0.6,
  'member of': 0.6,
  'has member': 0.4,
  'declared in': 0.5,
  declares: 1,
  imports: 0.3,
  'imported by': 0.15,
  tests: 1,
  'tested by': 0.5,
  beside: 0.1,
  // A barrel passing a file's API on is already linked by its import; these edges carry no rank,
  // they only let a task about exports find the barrels of what it ranks (companions.ts).
  reexports: 0,
  'reexported by': 0,
};

/** Calls to names declared this many times or more with no better clue are left out: they would link everything. */
const MAX_AMBIGUOUS = 3;
/** Siblings of a file beyond this many are not linked: a folder of hundreds says little about any one. */
const MAX_SIBLINGS = 40;

/** Builds the graph over the lexical model's declaration nodes and files. */
export function buildGraph(index: WorkspaceIndex, lexical: Pick<LexicalModel, 'nodes' | 'filePaths'>): RepoGraph {
  return runSteps(graphSteps(index, lexical));
}

/** Nodes between two steps of the graph's build. */
const PER_STEP = 256;
/** Edges normalised between two steps, at most (about a millisecond). */
const EDGES_PER_STEP = 4096;
/** Files between two steps (resolving a file's imports the first time takes a while). */
const FILES_PER_STEP = 16;

/**
 * The same in steps (see lexicalModelSteps). The index may change between them: what it answers then (a file's
 * imports, its folder's files) is kept only where it names files of the lexical model.
 */
export function* graphSteps(index: WorkspaceIndex, lexical: Pick<LexicalModel, 'nodes' | 'filePaths'>): Steps<RepoGraph> {
  const { nodes } = lexical;
  const files = lexical.filePaths;
  const fileIds = new Map(files.map((path, i) => [path, nodes.length + i]));
  const raw: Array<Array<Edge>> = Array.from({ length: nodes.length + files.length }, () => []);
  const link = (from: number, to: number, relation: Relation, back: Relation, backWeight = 1) => {
    if (from === to) return;
    raw[from]!.push({ to, weight: 1, relation });
    raw[to]!.push({ to: from, weight: backWeight, relation: back });
  };
  const imported = new Map<string, Set<string>>();
  for (const [i, path] of files.entries()) {
    if (i % FILES_PER_STEP === 0) yield;
    const entries = index.importsOf(path);
    const targets = new Set(entries.flatMap((entry) => entry.targets));
    targets.delete(path);
    imported.set(path, targets);
    for (const target of targets) if (fileIds.has(target)) link(fileIds.get(path)!, fileIds.get(target)!, 'imports', 'imported by');
    const barrel = moduleForPath(path)?.packages.reexportsImports?.(path) === true;
    const passedOn = new Set(entries.filter((entry) => barrel || entry.record.reexport).flatMap((entry) => entry.targets));
    for (const target of passedOn) if (target !== path && fileIds.has(target)) link(fileIds.get(path)!, fileIds.get(target)!, 'reexports', 'reexported by');
  }
  const names = new NameTables(index, nodes);
  yield* names.fill();
  for (const node of nodes) {
    if (node.id % PER_STEP === 0) yield;
    // The declaration a file is named after (`map` in map.ts) is what the file is about.
    link(node.id, fileIds.get(node.file)!, 'declared in', 'declares', isNamesake(node) ? NAMESAKE_WEIGHT : 1);
    if (node.declaration.container) {
      const owner = names.near(node.file, node.declaration.container).find((id) => nodes[id]!.declaration.container === undefined);
      if (owner !== undefined) link(node.id, owner, 'member of', 'has member');
    }
    for (const call of node.declaration.calls ?? []) {
      for (const id of names.resolve(node, call, imported.get(node.file)!)) link(node.id, id, 'calls', 'called by');
    }
  }
  for (const [test, subject] of testSubjects(files, imported)) link(fileIds.get(test)!, fileIds.get(subject)!, 'tests', 'tested by');
  for (const [i, path] of files.entries()) {
    if (i % PER_STEP === 0) yield;
    const siblings = index.filesInDir(dirOf(path)).filter((other) => other !== path && fileIds.has(other));
    if (siblings.length > MAX_SIBLINGS) continue;
    for (const other of siblings) raw[fileIds.get(path)!]!.push({ to: fileIds.get(other)!, weight: 1, relation: 'beside' });
  }
  const out: Edge[][] = [];
  // A file's node holds an edge per declaration of the file: steps count edges as well as nodes.
  let edgesSinceYield = 0;
  for (const edges of raw) {
    if (out.length % PER_STEP === 0 || edgesSinceYield > EDGES_PER_STEP) {
      yield;
      edgesSinceYield = 0;
    }
    out.push(normalise(edges));
    edgesSinceYield += edges.length;
  }
  yield;
  return { fileIds, files, out, flat: yield* flattenSteps(out, PER_STEP * 8) };
}

/** How much more of a file's rank its namesake declaration gets than each other declaration. */
const NAMESAKE_WEIGHT = 5;

function isNamesake(node: DeclNode): boolean {
  const stem = node.file
    .slice(node.file.lastIndexOf('/') + 1)
    .replace(/\..*$/, '')
    .toLowerCase();
  return node.declaration.container === undefined && node.declaration.name.toLowerCase() === stem;
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/**
 * Declarations by name within a file, a folder (a Go package) and a class, so resolving each of a
 * large repository's calls is a few map lookups: a popular name (`String`, `Close`) is declared
 * thousands of times, and scanning them all per call made the graph take seconds.
 */
class NameTables {
  private readonly byFile = new Map<string, number[]>();
  private readonly byDir = new Map<string, number[]>();
  private readonly byContainer = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly nodes: readonly DeclNode[],
  ) {}

  /** Files every node under its names, in steps. */
  *fill(): Steps<void> {
    for (const node of this.nodes) {
      if (node.id % PER_STEP === 0) yield;
      const { name, container } = node.declaration;
      push(this.byFile, `${node.file}\0${name}`, node.id);
      push(this.byDir, `${dirOf(node.file)}\0${name}`, node.id);
      push(this.byName, name, node.id);
      if (container) push(this.byContainer, `${container}\0${name}`, node.id);
    }
  }

  /** Declarations of `name` in `file`, else in its package (Go: same folder and package clause; others: same folder). */
  near(file: string, name: string): number[] {
    const own = this.byFile.get(`${file}\0${name}`);
    if (own) return own;
    return (this.byDir.get(`${dirOf(file)}\0${name}`) ?? []).filter((id) => this.index.inSamePackage(file, this.fileOf(id)));
  }

  /** The declarations a call in `node`'s body most likely reaches: the same class, file, package or an imported file first. */
  resolve(node: DeclNode, call: string, imported: ReadonlySet<string>): number[] {
    const dot = call.lastIndexOf('.');
    const qualifier = dot >= 0 ? call.slice(0, dot) : undefined;
    const name = call.slice(dot + 1);
    if (qualifier === 'this') return (this.byContainer.get(`${node.declaration.container}\0${name}`) ?? []).filter((id) => this.fileOf(id) === node.file);
    if (qualifier === undefined) {
      const near = this.near(node.file, name);
      if (near.length > 0) return near;
    }
    // A Go file imports whole packages (hundreds of files): walk whichever list is shorter.
    const named = this.byName.get(name) ?? [];
    const viaImport =
      named.length <= imported.size ? named.filter((id) => imported.has(this.fileOf(id))) : [...imported].flatMap((file) => this.byFile.get(`${file}\0${name}`) ?? []);
    if (viaImport.length > 0) return viaImport;
    const byContainer = qualifier ? this.byContainer.get(`${qualifier}\0${name}`) : undefined;
    if (byContainer) return byContainer;
    const anywhere = this.byName.get(name) ?? [];
    return anywhere.length < MAX_AMBIGUOUS ? anywhere : [];
  }

  private fileOf(id: number): string {
    return this.nodes[id]!.file;
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/** Gives each relation of a node its share of the outgoing weight, split among that relation's edges by their raw weights. */
function normalise(edges: Edge[]): Edge[] {
  const sums = new Map<Relation, number>();
  for (const edge of edges) sums.set(edge.relation, (sums.get(edge.relation) ?? 0) + edge.weight);
  let total = 0;
  for (const relation of sums.keys()) total += RELATION_SHARE[relation];
  return edges.map((edge) => ({ ...edge, weight: total > 0 ? (RELATION_SHARE[edge.relation] / total) * (edge.weight / sums.get(edge.relation)!) : 0 }));
}

/** The adjacency lists as flat arrays (also how the on-disk model cache reads the graph back). */
export function flatten(out: readonly Edge[][]): FlatEdges {
  return runSteps(flattenSteps(out, out.length));
}

/** flatten with a step every `perStep` nodes: a large repository's graph has a million edges. */
function* flattenSteps(out: readonly Edge[][], perStep: number): Steps<FlatEdges> {
  const offsets = new Int32Array(out.length + 1);
  for (const [u, edges] of out.entries()) offsets[u + 1] = offsets[u]! + edges.length;
  // Each array in a step of its own: tens of megabytes made at once can bring on a full collection.
  yield;
  const targets = new Int32Array(offsets[out.length]!);
  yield;
  const weights = new Float64Array(targets.length);
  for (const [u, edges] of out.entries()) {
    if (u % perStep === perStep - 1) yield;
    for (const [i, edge] of edges.entries()) {
      targets[offsets[u]! + i] = edge.to;
      weights[offsets[u]! + i] = edge.weight;
    }
  }
  return { offsets, targets, weights };
}
