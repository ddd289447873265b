import type { WorkspaceIndex } from '../../context/index/workspace-index.js';
import { buildGraph, type RepoGraph } from './graph.js';
import { buildLexicalModel, type FieldWeights, type LexicalModel } from './lexical.js';

export interface LocalizationModel {
  lexical: LexicalModel;
  graph: RepoGraph;
}

/** One model per index, rebuilt when the index's generation moves: an editor or MCP client asking twice pays once. */
const built = new WeakMap<WorkspaceIndex, { generation: number; model: LocalizationModel }>();

/** The BM25 documents and the graph of an index, built on first use and kept until the index changes. */
export function localizationModel(index: WorkspaceIndex): LocalizationModel {
  const known = built.get(index);
  if (known && known.generation === index.generation) return known.model;
  const lexical = buildLexicalModel(index);
  const model = { lexical, graph: buildGraph(index, lexical.nodes) };
  built.set(index, { generation: index.generation, model });
  return model;
}

/** A model with other field weights, uncached: for tuning the weights on a benchmark. */
export function buildLocalizationModel(index: WorkspaceIndex, weights?: FieldWeights): LocalizationModel {
  const lexical = buildLexicalModel(index, weights);
  return { lexical, graph: buildGraph(index, lexical.nodes) };
}

/** Hands localize a model built earlier for this very index (read back from the on-disk cache), so it is not built again. */
export function adoptLocalizationModel(index: WorkspaceIndex, model: LocalizationModel): void {
  built.set(index, { generation: index.generation, model });
}
