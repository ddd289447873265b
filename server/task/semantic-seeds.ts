import { createHash } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { ModelBackend } from '../model/backend.js';
import { topK } from '../util/top-k.js';
import { qualifiedName } from '../syntax/declarations.js';
import { typeMembers } from './localize/lexical.js';
import { semanticKey, type SemanticSeeds } from './localize/semantic.js';
import { unit, VectorStore } from './vector-store.js';

/** Texts per embedding request. */
const BATCH = 32;
/** Characters of a declaration embedded: its path, doc comment and signature (type bodies are cut). */
const TEXT_CHARS = 1000;
/** How many of the closest declarations seed the walk. */
const SEEDS = 20;
/** Rows scored between two turns of the event loop. */
const ROWS_PER_TURN = 2048;
/** Files whose declarations are hashed between two turns. */
const RECORDS_PER_TURN = 256;
/** Longest time one run spends embedding declarations not embedded before; the rest wait for the next run. */
export const DEFAULT_EMBED_BUDGET_MS = 60_000;

export interface SemanticSeedsInput {
  index: WorkspaceIndex;
  task: string;
  /** A backend whose model is the embedding model (task.embeddingsModel on the actions server). */
  backend: ModelBackend;
  model: string;
  cacheDir: string;
  signal: AbortSignal;
  budgetMs?: number;
  /** What the user should know: vectors still missing, a server that cannot embed. */
  warn: (message: string) => void;
}

interface Row {
  key: string;
  hash: string;
  text: string;
}

/**
 * The declarations closest to the task by an embedding model's vectors: each declaration's path, doc comment
 * and signature is embedded once (vectors are kept beside the index cache by the hash of what was embedded,
 * so only new or changed declarations cost a request), the task once per run. Throws the backend's
 * ModelError; the caller decides to go on without.
 */
export async function semanticSeeds(input: SemanticSeedsInput): Promise<SemanticSeeds> {
  const { backend, signal } = input;
  if (!backend.embed) throw new Error('this model server provider cannot embed text');
  const rows = await declarationRows(input.index, input.model);
  const store = await VectorStore.open(VectorStore.fileFor(input.cacheDir, input.index.root, input.model), input.model);
  const missing = rows.filter((row) => !store.get(row.hash));
  const deadline = performance.now() + (input.budgetMs ?? DEFAULT_EMBED_BUDGET_MS);
  let embedded = 0;
  for (let i = 0; i < missing.length && performance.now() < deadline; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const vectors = await backend.embed({ input: batch.map((row) => row.text), signal });
    batch.forEach((row, j) => store.put(row.hash, vectors[j]!));
    embedded += batch.length;
  }
  if (embedded < missing.length) input.warn(`embedded ${embedded} of ${missing.length} new declarations in the time allowed; the rest are embedded on the next runs`);
  if (embedded > 0) await store.save(new Set(rows.map((row) => row.hash)));
  const [query] = await backend.embed({ input: [input.task], signal });
  return closest(rows, store, unit(query!));
}

/** Every declaration of the index, keyed as localization names it, with the text embedded and its hash; yields as it goes. */
async function declarationRows(index: WorkspaceIndex, model: string): Promise<Row[]> {
  const rows: Row[] = [];
  const seen = new Set<string>();
  let records = 0;
  for (const record of [...index.records()]) {
    if (++records % RECORDS_PER_TURN === 0) await turn();
    // Members written inside a type are not localization's declarations (see typeMembers): their type is.
    const inTypes = typeMembers(record.declarations);
    for (const declaration of record.declarations) {
      if (inTypes.has(declaration)) continue;
      const key = semanticKey(record.path, qualifiedName(declaration));
      if (seen.has(key)) continue; // overloads: the first stands for them
      seen.add(key);
      const text = `${record.path}\n${declaration.text}`.slice(0, TEXT_CHARS);
      rows.push({ key, text, hash: createHash('sha1').update(model).update('\0').update(text).digest('hex').slice(0, 20) });
    }
  }
  return rows;
}

/** The SEEDS rows most similar to the query (a dot product of unit vectors), yielding to the event loop as it goes. */
async function closest(rows: readonly Row[], store: VectorStore, query: Float32Array): Promise<SemanticSeeds> {
  const scored: Array<[string, number]> = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % ROWS_PER_TURN === 0) await turn();
    const vector = store.get(rows[i]!.hash);
    if (!vector || vector.length !== query.length) continue;
    let dot = 0;
    for (let d = 0; d < vector.length; d++) dot += vector[d]! * query[d]!;
    scored.push([rows[i]!.key, dot]);
  }
  return new Map(topK(scored, SEEDS, (a, b) => b[1] - a[1]));
}
