import type { LocalizationModel } from './model.js';

/**
 * Declarations an embedding model found close to a task: `path\0qualified name` → cosine similarity of the
 * declaration's vector to the task's, for the few best (task/semantic-seeds.ts makes them). Keyed by name
 * rather than by the model's node ids, so they can be computed before the model is built or read back.
 */
export type SemanticSeeds = ReadonlyMap<string, number>;

/** The key of a declaration in SemanticSeeds. */
export function semanticKey(path: string, qualified: string): string {
  return `${path}\0${qualified}`;
}

const idsByKey = new WeakMap<LocalizationModel, Map<string, number[]>>();

/** Node ids and weights (similarity over the best one's, sharpened) of the seeds this model holds. */
export function semanticSeedWeights(model: LocalizationModel, seeds: SemanticSeeds, sharpen: number): Array<{ id: number; weight: number; similarity: number }> {
  let ids = idsByKey.get(model);
  if (!ids) {
    ids = new Map();
    for (const node of model.lexical.nodes) {
      const key = semanticKey(node.file, node.qualified);
      const list = ids.get(key);
      if (list) list.push(node.id);
      else ids.set(key, [node.id]);
    }
    idsByKey.set(model, ids);
  }
  const best = Math.max(0, ...seeds.values());
  if (best <= 0) return [];
  const weights: Array<{ id: number; weight: number; similarity: number }> = [];
  for (const [key, similarity] of seeds) {
    if (similarity <= 0) continue;
    // Overloads share a key: the first node stands for them, as results merge them into one entry.
    const id = ids.get(key)?.[0];
    if (id !== undefined) weights.push({ id, weight: (similarity / best) ** sharpen, similarity });
  }
  return weights;
}
