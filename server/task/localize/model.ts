import type { WorkspaceIndex } from '../../context/index/workspace-index.js';
import { buildGraph, graphSteps, type RepoGraph } from './graph.js';
import { buildLexicalModel, lexicalModelSteps, type FieldWeights, type LexicalModel } from './lexical.js';
import { runSteps, type Steps } from '../../util/steps.js';

export interface LocalizationModel {
  lexical: LexicalModel;
  graph: RepoGraph;
}

/** One model per index, rebuilt when the index's generation moves: an editor or MCP client asking twice pays once. */
const built = new WeakMap<WorkspaceIndex, { generation: number; model: LocalizationModel }>();

/** The BM25 documents and the graph of an index, built on first use and kept until the index changes. */
export function localizationModel(index: WorkspaceIndex): LocalizationModel {
  return runSteps(localizationModelSteps(index));
}

/**
 * The same in steps, for the language server to run in slices: on the Go standard library (3,819 files) the build
 * took 6.5 s of CPU, which held every request of the editor behind it. The model is kept for the generation the index
 * had when the build began, so a build that edits outran is done again by the next caller.
 */
export function* localizationModelSteps(index: WorkspaceIndex): Steps<LocalizationModel> {
  const known = built.get(index);
  if (known && known.generation === index.generation) return known.model;
  const generation = index.generation;
  const lexical = yield* lexicalModelSteps(index);
  const model = { lexical, graph: yield* graphSteps(index, lexical) };
  built.set(index, { generation, model });
  return model;
}

/** A model with other field weights, uncached: for tuning the weights on a benchmark. */
export function buildLocalizationModel(index: WorkspaceIndex, weights?: FieldWeights): LocalizationModel {
  const lexical = buildLexicalModel(index, weights);
  return { lexical, graph: buildGraph(index, lexical) };
}

/** Hands localize a model built earlier for this very index (read back from the on-disk cache), so it is not built again. */
export function adoptLocalizationModel(index: WorkspaceIndex, model: LocalizationModel): void {
  built.set(index, { generation: index.generation, model });
}
