import type { Declaration } from '../../syntax/declarations.js';
import type { LocatedDeclaration, LocatedFile } from '../types.js';
import type { RepoGraph } from './graph.js';
import type { LocalizationModel } from './model.js';
import { strongestSource } from './propagate.js';
import type { Seeds } from './seeds.js';
import type { Tuning } from './tuning.js';
import { B, K1, type Bm25Documents } from './lexical.js';
import type { Steps } from '../../util/steps.js';
import { topKSteps } from '../../util/top-k.js';

/** Seeds whose own weight is at least this share of what they ended with are explained by their match. */
const SEED_EXPLAINS = 0.5;
const NEXT_DECLARATIONS = 3;

/** Final scores: rank with hubs discounted, files scored from their declarations, declarations lifted by their file. */
export interface Scored {
  declarations: Float64Array;
  files: Map<string, number>;
}

/** Nodes between two steps of the results: 8,192 of the Go standard library's took 8-13 ms in a step. */
const NODES_PER_STEP = 2048;
/** Files scored between two steps. */
const FILES_PER_STEP = 512;

/** Turns the walk's rank into the scores results are sorted by. */
export function* scoreNodeSteps(model: LocalizationModel, rank: Float64Array, tuning: Tuning): Steps<Scored> {
  const { graph } = model;
  const adjusted = Float64Array.from(rank);
  for (let id = 0; id < adjusted.length; id++) {
    if (id % NODES_PER_STEP === NODES_PER_STEP - 1) yield;
    if (adjusted[id] !== 0 && tuning.hubPenalty !== 0) adjusted[id]! /= (1 + inDegree(graph, id)) ** tuning.hubPenalty;
  }
  const perFile = new Map<string, number[]>();
  for (const node of model.lexical.nodes) {
    if (node.id % NODES_PER_STEP === 0) yield;
    // A change request changes behaviour, and behaviour lives in function and method bodies: a class
    // holds a change only when lines outside its members change, an interface or type only when the
    // task is about typings. The walk lifts classes and types from every member and user, so they are
    // weighed down here rather than in the walk.
    if (!holdsCode(node.declaration)) adjusted[node.id]! *= tuning.codelessWeight;
    const score = adjusted[node.id]!;
    if (score <= 0) continue;
    const list = perFile.get(node.file);
    if (list) list.push(score);
    else perFile.set(node.file, [score]);
  }
  const files = new Map<string, number>();
  const filePosition = new Map(model.lexical.filePaths.map((path, i) => [path, i]));
  for (const [i, path] of graph.files.entries()) {
    if (i % FILES_PER_STEP === FILES_PER_STEP - 1) yield;
    const declarations = (perFile.get(path) ?? []).sort((a, b) => b - a);
    const rest = declarations.slice(1, 1 + NEXT_DECLARATIONS).reduce((sum, s) => sum + s, 0);
    const score = adjusted[graph.fileIds.get(path)!]! + (declarations[0] ?? 0) + tuning.nextDeclarationsShare * rest;
    if (score > 0) files.set(path, score * sizePrior(model.lexical.files, filePosition.get(path), tuning.fileSizePrior));
  }
  yield;
  const declarations = adjusted.slice(0, model.lexical.nodes.length);
  for (const node of model.lexical.nodes) {
    if (node.id % NODES_PER_STEP === 0) yield;
    if (tuning.declarationSizePrior > 0) declarations[node.id]! *= sizePrior(model.lexical.declarations, node.id, tuning.declarationSizePrior);
    if (tuning.fileShare > 0) declarations[node.id]! += tuning.fileShare * (files.get(node.file) ?? 0);
  }
  return { declarations, files };
}

/** Whether a declaration holds code that runs: a function, a method, or a variable whose value calls something (an arrow function). */
export function holdsCode(declaration: Declaration): boolean {
  return declaration.kind === 'function' || declaration.kind === 'method' || (declaration.calls?.length ?? 0) > 0;
}

/**
 * Larger files and declarations change more often (the length prior of bug-localization work such
 * as BugLocator's rVSM): a document's length relative to the average, raised to a small power,
 * undoes part of what BM25's length norm takes away when the task's words are vague.
 */
function sizePrior(docs: Bm25Documents, id: number | undefined, power: number): number {
  if (power === 0 || id === undefined) return 1;
  const relative = (docs.lengthNorms[id]! / K1 - (1 - B)) / B;
  return Math.max(relative, 0.05) ** power;
}

/** How many other declarations call a node, or files import it. */
function inDegree(graph: RepoGraph, id: number): number {
  let count = 0;
  for (const edge of graph.out[id]!) if (edge.relation === 'called by' || edge.relation === 'imported by') count++;
  return count;
}

/** Ranked declarations, overloads merged (one entry per file and name, spanning them all). */
export function* rankDeclarationSteps(model: LocalizationModel, scored: Scored, rank: Float64Array, seeds: Seeds, limit: number): Steps<LocatedDeclaration[]> {
  const merged = new Map<string, LocatedDeclaration>();
  for (const node of model.lexical.nodes) {
    if (node.id % NODES_PER_STEP === 0) yield;
    const score = scored.declarations[node.id]!;
    if (score <= 0) continue;
    const key = `${node.file}\0${node.qualified}`;
    const { declaration } = node;
    const known = merged.get(key);
    if (known) {
      known.line = Math.min(known.line, declaration.line + 1);
      known.endLine = Math.max(known.endLine, declaration.endLine + 1);
      known.score = Math.max(known.score, score);
      continue;
    }
    merged.set(key, { path: node.file, name: node.qualified, kind: declaration.kind, line: declaration.line + 1, endLine: declaration.endLine + 1, score, why: '' });
  }
  yield;
  // The best few of tens of thousands, as a stable sort cut to them would order them.
  const ranked = yield* topKSteps(merged.values(), limit, (a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0), NODES_PER_STEP);
  // The node of each entry that ranked best explains it (overloads share an entry); one pass finds them all.
  const best = new Map<LocatedDeclaration, number>();
  const byKey = new Map(ranked.map((entry) => [`${entry.path}\0${entry.name}`, entry]));
  yield;
  for (const node of model.lexical.nodes) {
    if (node.id % NODES_PER_STEP === 0) yield;
    const entry = byKey.get(`${node.file}\0${node.qualified}`);
    const known = entry && best.get(entry);
    if (entry && (known === undefined || rank[node.id]! > rank[known]!)) best.set(entry, node.id);
  }
  for (const entry of ranked) {
    const id = best.get(entry);
    entry.why = id === undefined ? '' : explain(model, rank, seeds, id);
  }
  return ranked;
}

/** Ranked files, best first. */
export function* rankFileSteps(model: LocalizationModel, scored: Scored, rank: Float64Array, seeds: Seeds, limit: number): Steps<LocatedFile[]> {
  const ranked = [...scored.files]
    .map(([path, score]) => ({ path, score }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
  yield;
  const best = yield* bestNodeSteps(model, rank, new Set(ranked.map((file) => file.path)));
  return ranked.map((file) => ({ ...file, why: explainFile(model, rank, seeds, file.path, best.get(file.path)) }));
}

/** Each of these files' declaration that ranked best (the first in node order where several did), in one pass over the nodes. */
function* bestNodeSteps(model: LocalizationModel, rank: Float64Array, paths: ReadonlySet<string>): Steps<Map<string, number>> {
  const best = new Map<string, number>();
  for (const node of model.lexical.nodes) {
    if (node.id % NODES_PER_STEP === 0) yield;
    if (!paths.has(node.file)) continue;
    const known = best.get(node.file);
    if (known === undefined || rank[node.id]! > rank[known]!) best.set(node.file, node.id);
  }
  return best;
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

function explainFile(model: LocalizationModel, rank: Float64Array, seeds: Seeds, path: string, best: number | undefined): string {
  const id = model.graph.fileIds.get(path)!;
  const own = seeds.reasons.get(id);
  if (own) return own;
  if (best !== undefined && rank[best]! > rank[id]!) return `declares ${model.lexical.nodes[best]!.qualified}: ${explain(model, rank, seeds, best)}`;
  return explain(model, rank, seeds, id);
}

function label(model: LocalizationModel, graph: RepoGraph, id: number): string {
  const node = model.lexical.nodes[id];
  return node ? `${node.qualified} (${node.file})` : (graph.files[id - model.lexical.nodes.length] ?? '?');
}
