import type { LocalizationModel } from './model.js';
import { nameKeys, nameMatches, pathMatches } from './names.js';
import { scoreLexical } from './lexical.js';
import { taskTerms } from './terms.js';

/** Where the walk starts, and why each start was chosen. */
export interface Seeds {
  /** Node id → weight (not normalised). */
  weights: Map<number, number>;
  /** Node id → the task words it matched, or that its name or path is named. */
  reasons: Map<number, string>;
}

/** How many lexical hits seed the walk: more only spreads the start over noise. */
const MAX_LEXICAL_SEEDS = 60;
/** A name or file the task spells out outweighs the best BM25 hit by this much. */
const NAME_BOOST = 1.5;
const PATH_BOOST = 1.5;
/** BM25 scores are raised to this power after scaling to 0…1, so the best hits dominate the start. */
const SHARPEN = 2;

/** The seeds of a task: BM25 hits over the declarations, declarations it names, files it names. */
export function taskSeeds(model: LocalizationModel, task: string): Seeds {
  const terms = taskTerms(task);
  const weights = new Map<number, number>();
  const reasons = new Map<number, string>();
  const lexical = [...scoreLexical(model.lexical, terms.words)].sort((a, b) => b[1] - a[1]).slice(0, MAX_LEXICAL_SEEDS);
  const best = lexical[0]?.[1] ?? 0;
  for (const [id, score] of lexical) {
    weights.set(id, (score / best) ** SHARPEN);
    const matched = [...terms.words.keys()].filter((word) => model.lexical.tf[id]!.has(word));
    reasons.set(id, `its name, signature or doc comment match the task's words (${matched.slice(0, 4).join(', ')})`);
  }
  const keys = nameKeys(terms, task);
  for (const [id, strength] of nameMatches(model.lexical.nodes, keys, terms.identifiers)) {
    weights.set(id, (weights.get(id) ?? 0) + NAME_BOOST * strength);
    reasons.set(id, `the task names it (${model.lexical.nodes[id]!.declaration.name})`);
  }
  for (const [file, strength] of pathMatches(model.graph.files, keys)) {
    const id = model.graph.fileIds.get(file)!;
    weights.set(id, (weights.get(id) ?? 0) + PATH_BOOST * strength);
    reasons.set(id, `the task names the file (${file.slice(file.lastIndexOf('/') + 1)})`);
  }
  return { weights, reasons };
}
