import { abbreviationTerms } from './abbreviations.js';
import { CHANGE_STEMS } from './commit-words.js';
import type { LocalizationModel } from './model.js';
import { nameKeys, nameMatchSteps, pathMatches } from './names.js';
import { spelledNameTermSteps } from './spelled-names.js';
import { scoreLexical } from './lexical.js';
import { scopeFolderFiles } from './scope-folders.js';
import { semanticSeedWeights, type SemanticSeeds } from './semantic.js';
import { asWritten, taskTerms } from './terms.js';
import type { Tuning } from './tuning.js';
import { callersOf, hasUseIntent } from './usage-intent.js';
import type { Steps } from '../../util/steps.js';
import { topK } from '../../util/top-k.js';

const BY_SCORE = (a: [number, number], b: [number, number]) => b[1] - a[1];

/** Where the walk starts, and why each start was chosen. */
export interface Seeds {
  /** Node id → weight (not normalised). */
  weights: Map<number, number>;
  /** Node id → the task words it matched, or that its name or path is named. */
  reasons: Map<number, string>;
}

/**
 * The seeds of a task: BM25 hits over the declarations, declarations it names, files it names, and the declarations
 * an embedding model found close to it when one is configured. A step per kind of seed.
 */
export function* taskSeedSteps(model: LocalizationModel, task: string, tuning: Tuning, semantic?: SemanticSeeds): Steps<Seeds> {
  const terms = taskTerms(task);
  for (const [word, weight] of terms.words) if (CHANGE_STEMS.has(word)) terms.words.set(word, weight * tuning.changeWordWeight);
  if (tuning.abbreviationWeight > 0)
    for (const [term, weight] of abbreviationTerms(terms.words, model.lexical.declarations, tuning.abbreviationWeight)) terms.words.set(term, weight);
  yield;
  for (const [term, weight] of yield* spelledNameTermSteps(terms.plain, model.lexical.declarations)) if ((terms.words.get(term) ?? 0) < weight) terms.words.set(term, weight);
  const weights = new Map<number, number>();
  const reasons = new Map<number, string>();
  yield;
  const scored = scoreLexical(model.lexical.declarations, terms.words);
  yield;
  // The best of often thousands, as a stable sort cut to them would order them.
  const lexical = topK(scored, tuning.maxLexicalSeeds, BY_SCORE);
  const best = lexical[0]?.[1] ?? 0;
  for (const [id, score] of lexical) {
    weights.set(id, (score / best) ** tuning.sharpen);
    const matched = [...terms.words.keys()].filter((word) => model.lexical.declarations.tf[id]!.has(word));
    reasons.set(id, `its name, signature or doc comment match the task's words (${asWritten(matched, terms.written).slice(0, 4).join(', ')})`);
  }
  yield;
  const files = topK(scoreLexical(model.lexical.files, terms.words), tuning.maxFileSeeds, BY_SCORE);
  const bestFile = files[0]?.[1] ?? 0;
  for (const [index, score] of files) {
    const path = model.lexical.filePaths[index]!;
    const id = model.graph.fileIds.get(path)!;
    weights.set(id, tuning.fileLexicalWeight * (score / bestFile) ** tuning.sharpen);
    const matched = [...terms.words.keys()].filter((word) => model.lexical.files.tf[index]!.has(word));
    reasons.set(id, `its path, declarations and the names it uses match the task's words (${asWritten(matched, terms.written).slice(0, 4).join(', ')})`);
  }
  yield;
  if (semantic && tuning.semanticWeight > 0) addSemanticSeeds(model, semantic, tuning, { weights, reasons });
  const keys = nameKeys(terms, task);
  const named = yield* nameMatchSteps(model.lexical.nodes, keys, terms.identifiers);
  for (const [id, strength] of named) {
    weights.set(id, (weights.get(id) ?? 0) + tuning.nameBoost * strength);
    reasons.set(id, `the task names it (${model.lexical.nodes[id]!.declaration.name})`);
  }
  yield;
  if (tuning.callerBoost > 0 && hasUseIntent(task)) {
    for (const [id, { weight, of }] of callersOf(model, named)) {
      weights.set(id, (weights.get(id) ?? 0) + tuning.callerBoost * weight);
      reasons.set(id, `it uses ${of}, which the task removes or replaces`);
    }
  }
  for (const [file, strength] of pathMatches(model.graph.files, keys)) {
    const id = model.graph.fileIds.get(file)!;
    weights.set(id, (weights.get(id) ?? 0) + tuning.pathBoost * strength);
    reasons.set(id, `the task names the file (${file.slice(file.lastIndexOf('/') + 1)})`);
  }
  if (terms.scope) {
    const folders = scopeFolderFiles(model, terms.scope);
    for (const [file, folder] of folders) {
      const id = model.graph.fileIds.get(file)!;
      weights.set(id, (weights.get(id) ?? 0) + (tuning.scopeFolderBoost * tuning.pathBoost) / Math.sqrt(folders.size));
      reasons.set(id, `the task's scope (${terms.scope}) names its folder ${folder}/`);
    }
  }
  return { weights, reasons };
}

/** The declarations an embedding model found close to the task, weighted against the best BM25 hit's 1. */
function addSemanticSeeds(model: LocalizationModel, semantic: SemanticSeeds, tuning: Tuning, { weights, reasons }: Seeds): void {
  for (const { id, weight, similarity } of semanticSeedWeights(model, semantic, tuning.sharpen)) {
    weights.set(id, (weights.get(id) ?? 0) + tuning.semanticWeight * weight);
    if (!reasons.has(id)) reasons.set(id, `its embedding is close to the task's (cosine ${similarity.toFixed(2)})`);
  }
}
