import type { Declaration } from '../../context/declarations.js';
import type { WorkspaceIndex } from '../../context/workspace-index.js';
import type { DeclNode } from './lexical.js';
import { testSubjects } from './tests.js';

/** How two nodes are related, for the `why` of what propagation found. */
export type Relation = 'calls' | 'called by' | 'member of' | 'has member' | 'declared in' | 'declares' | 'imports' | 'imported by' | 'tests' | 'tested by' | 'beside';

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
}

/** The share of a node's outgoing weight each relation gets, when the node has any of it. */
const RELATION_SHARE: Record<Relation, number> = {
  calls: 1, 'called by': 0.6, 'member of': 0.6, 'has member': 0.4, 'declared in': 0.5, declares: 1,
  imports: 0.3, 'imported by': 0.15, tests: 1, 'tested by': 0.5, beside: 0.1,
};

/** Calls to names declared this many times or more with no better clue are left out: they would link everything. */
const MAX_AMBIGUOUS = 3;
/** Siblings of a file beyond this many are not linked: a folder of hundreds says little about any one. */
const MAX_SIBLINGS = 40;

/** Builds the graph over the lexical model's declaration nodes. */
export function buildGraph(index: WorkspaceIndex, nodes: readonly DeclNode[]): RepoGraph {
  const byDeclaration = new Map<Declaration, number>(nodes.map((node) => [node.declaration, node.id]));
  const files = [...index.records()].map((record) => record.path);
  const fileIds = new Map(files.map((path, i) => [path, nodes.length + i]));
  const raw: Array<Array<Edge>> = Array.from({ length: nodes.length + files.length }, () => []);
  const link = (from: number, to: number, relation: Relation, back: Relation, backWeight = 1) => {
    if (from === to) return;
    raw[from]!.push({ to, weight: 1, relation });
    raw[to]!.push({ to: from, weight: backWeight, relation: back });
  };
  const imported = new Map<string, Set<string>>();
  for (const path of files) {
    const targets = new Set(index.importsOf(path).flatMap((entry) => entry.targets));
    targets.delete(path);
    imported.set(path, targets);
    for (const target of targets) if (fileIds.has(target)) link(fileIds.get(path)!, fileIds.get(target)!, 'imports', 'imported by');
  }
  for (const node of nodes) {
    // The declaration a file is named after (`map` in map.ts) is what the file is about.
    link(node.id, fileIds.get(node.file)!, 'declared in', 'declares', isNamesake(node) ? NAMESAKE_WEIGHT : 1);
    const { declaration } = node;
    if (declaration.container) {
      const owner = index.declarationsNamed(declaration.container).find((ref) => ref.file === node.file || index.inSamePackage(ref.file, node.file));
      const ownerId = owner && byDeclaration.get(owner.declaration);
      if (ownerId !== undefined) link(node.id, ownerId, 'member of', 'has member');
    }
    for (const call of declaration.calls ?? []) {
      for (const target of resolveCall(index, node, call, imported.get(node.file)!)) {
        const id = byDeclaration.get(target);
        if (id !== undefined) link(node.id, id, 'calls', 'called by');
      }
    }
  }
  for (const [test, subject] of testSubjects(files, imported)) link(fileIds.get(test)!, fileIds.get(subject)!, 'tests', 'tested by');
  for (const path of files) {
    const siblings = index.filesInDir(path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '.').filter((other) => other !== path && fileIds.has(other));
    if (siblings.length > MAX_SIBLINGS) continue;
    for (const other of siblings) raw[fileIds.get(path)!]!.push({ to: fileIds.get(other)!, weight: 1, relation: 'beside' });
  }
  return { fileIds, files, out: raw.map(normalise) };
}

/** How much more of a file's rank its namesake declaration gets than each other declaration. */
const NAMESAKE_WEIGHT = 5;

function isNamesake(node: DeclNode): boolean {
  const stem = node.file.slice(node.file.lastIndexOf('/') + 1).replace(/\..*$/, '').toLowerCase();
  return node.declaration.container === undefined && node.declaration.name.toLowerCase() === stem;
}

/** The declarations a call in `node`'s body most likely reaches: the same class, file, package or an imported file first. */
function resolveCall(index: WorkspaceIndex, node: DeclNode, call: string, imported: ReadonlySet<string>): Declaration[] {
  const dot = call.lastIndexOf('.');
  const qualifier = dot >= 0 ? call.slice(0, dot) : undefined;
  const name = call.slice(dot + 1);
  const candidates = index.declarationsNamed(name);
  if (candidates.length === 0) return [];
  const pick = (keep: (file: string, declaration: Declaration) => boolean) => candidates.filter((ref) => keep(ref.file, ref.declaration)).map((ref) => ref.declaration);
  if (qualifier === 'this') return pick((file, d) => file === node.file && d.container === node.declaration.container);
  const near = pick((file) => file === node.file || index.inSamePackage(node.file, file));
  if (near.length > 0 && qualifier === undefined) return near;
  const viaImport = pick((file, d) => imported.has(file) && (qualifier === undefined || d.container === undefined || d.container === qualifier));
  if (viaImport.length > 0) return viaImport;
  const byContainer = qualifier ? pick((_, d) => d.container === qualifier) : [];
  if (byContainer.length > 0) return byContainer;
  return candidates.length < MAX_AMBIGUOUS ? candidates.map((ref) => ref.declaration) : [];
}

/** Gives each relation of a node its share of the outgoing weight, split among that relation's edges by their raw weights. */
function normalise(edges: Edge[]): Edge[] {
  const sums = new Map<Relation, number>();
  for (const edge of edges) sums.set(edge.relation, (sums.get(edge.relation) ?? 0) + edge.weight);
  let total = 0;
  for (const relation of sums.keys()) total += RELATION_SHARE[relation];
  return edges.map((edge) => ({ ...edge, weight: (RELATION_SHARE[edge.relation] / total) * (edge.weight / sums.get(edge.relation)!) }));
}
