import type { LocatedDeclaration, LocatedFile } from '../types.js';
import type { RepoGraph } from './graph.js';
import type { LocalizationModel } from './model.js';
import { strongestSource } from './propagate.js';
import type { Seeds } from './seeds.js';

/** A file's score: its own rank, its best declaration's, and a little of the next ones' (several hits say more than one). */
const NEXT_DECLARATIONS_SHARE = 0.25;
const NEXT_DECLARATIONS = 3;
/** Seeds whose own weight is at least this share of what they ended with are explained by their match. */
const SEED_EXPLAINS = 0.5;

/** Ranked declarations, overloads merged (one entry per file and name, spanning them all). */
export function rankDeclarations(model: LocalizationModel, rank: Float64Array, seeds: Seeds, limit: number): LocatedDeclaration[] {
  const merged = new Map<string, LocatedDeclaration>();
  const { nodes } = model.lexical;
  for (const node of nodes) {
    const score = rank[node.id]!;
    if (score <= 0) continue;
    const key = `${node.file}\0${node.qualified}`;
    const { declaration } = node;
    const known = merged.get(key);
    if (known) {
      known.line = Math.min(known.line, declaration.line + 1);
      known.endLine = Math.max(known.endLine, declaration.endLine + 1);
      if (score > known.score) Object.assign(known, { score, why: explain(model, rank, seeds, node.id) });
      continue;
    }
    merged.set(key, { path: node.file, name: node.qualified, kind: declaration.kind, line: declaration.line + 1, endLine: declaration.endLine + 1, score, why: '' });
  }
  const ranked = [...merged.values()].sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1)).slice(0, limit);
  for (const entry of ranked) if (!entry.why) entry.why = explainByName(model, rank, seeds, entry);
  return ranked;
}

/** Ranked files: each scored from its own node and its declarations. */
export function rankFiles(model: LocalizationModel, rank: Float64Array, seeds: Seeds, limit: number): LocatedFile[] {
  const perFile = new Map<string, number[]>();
  for (const node of model.lexical.nodes) {
    const score = rank[node.id]!;
    if (score > 0) perFile.set(node.file, [...(perFile.get(node.file) ?? []), score]);
  }
  const scored = model.graph.files.map((path) => {
    const own = rank[model.graph.fileIds.get(path)!]!;
    const declarations = (perFile.get(path) ?? []).sort((a, b) => b - a);
    const rest = declarations.slice(1, 1 + NEXT_DECLARATIONS).reduce((sum, s) => sum + s, 0);
    return { path, score: own + (declarations[0] ?? 0) + NEXT_DECLARATIONS_SHARE * rest };
  });
  return scored
    .filter((file) => file.score > 0)
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1))
    .slice(0, limit)
    .map((file) => ({ ...file, why: explainFile(model, rank, seeds, file.path) }));
}

function explainByName(model: LocalizationModel, rank: Float64Array, seeds: Seeds, entry: LocatedDeclaration): string {
  const node = model.lexical.nodes.find((n) => n.file === entry.path && n.qualified === entry.name && n.declaration.line + 1 === entry.line)
    ?? model.lexical.nodes.find((n) => n.file === entry.path && n.qualified === entry.name);
  return node ? explain(model, rank, seeds, node.id) : '';
}

/** Why a node ranks: its own match when that carries it, else the neighbour it got the most from. */
function explain(model: LocalizationModel, rank: Float64Array, seeds: Seeds, id: number): string {
  const seedReason = seeds.reasons.get(id);
  const total = [...seeds.weights.values()].reduce((sum, w) => sum + w, 0);
  const own = (seeds.weights.get(id) ?? 0) / Math.max(total, Number.EPSILON);
  if (seedReason && own >= SEED_EXPLAINS * rank[id]!) return seedReason;
  const source = strongestSource(model.graph, rank, id);
  if (!source) return seedReason ?? 'near what the task names';
  const via = `${source.edge.relation} ${label(model, model.graph, source.from)}`;
  const sourceReason = seeds.reasons.get(source.from);
  return seedReason ? `${seedReason}; ${via}` : sourceReason ? `${via}, where ${sourceReason}` : via;
}

function explainFile(model: LocalizationModel, rank: Float64Array, seeds: Seeds, path: string): string {
  const id = model.graph.fileIds.get(path)!;
  const own = seeds.reasons.get(id);
  if (own) return own;
  let best: { id: number; score: number } | undefined;
  for (const node of model.lexical.nodes) if (node.file === path && (!best || rank[node.id]! > best.score)) best = { id: node.id, score: rank[node.id]! };
  if (best && best.score > rank[id]!) return `declares ${model.lexical.nodes[best.id]!.qualified}: ${explain(model, rank, seeds, best.id)}`;
  return explain(model, rank, seeds, id);
}

function label(model: LocalizationModel, graph: RepoGraph, id: number): string {
  const node = model.lexical.nodes[id];
  return node ? `${node.qualified} (${node.file})` : (graph.files[id - model.lexical.nodes.length] ?? '?');
}
