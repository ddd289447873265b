import type { Declaration } from '../../context/declarations.js';
import type { WorkspaceIndex } from '../../context/workspace-index.js';
import { codeWords } from './terms.js';

/** One declaration of the index as localization sees it, with a dense id for the graph. */
export interface DeclNode {
  id: number;
  file: string;
  declaration: Declaration;
  /** `Class.member`, `Receiver.Method` or `name`. */
  qualified: string;
}

/** BM25 documents of every declaration: the index's name, signature and doc comment, what it calls, and its file's name. */
export interface LexicalModel {
  nodes: DeclNode[];
  /** Per node: stemmed term → weighted frequency. */
  tf: Array<Map<string, number>>;
  lengths: number[];
  averageLength: number;
  df: Map<string, number>;
  /** Term → nodes holding it, so a query scores only candidates. */
  postings: Map<string, number[]>;
}

/** Field weights: a word in the name says more than one in the doc comment; callees and the file name say less. */
const NAME_WEIGHT = 3;
const CONTAINER_WEIGHT = 1.5;
const TEXT_WEIGHT = 1;
const CALL_WEIGHT = 0.5;
const FILE_WEIGHT = 1;
const K1 = 1.2;
const B = 0.75;

/** Builds the BM25 documents of an index's declarations. */
export function buildLexicalModel(index: WorkspaceIndex): LexicalModel {
  const nodes: DeclNode[] = [];
  const tf: Array<Map<string, number>> = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  const postings = new Map<string, number[]>();
  for (const record of index.records()) {
    const fileName = record.path.split('/').pop()!.replace(/\.[^.]*$/, '').replace(/[._-](test|spec)$/, '');
    const fileWords = codeWords(fileName);
    for (const declaration of record.declarations) {
      const id = nodes.length;
      const qualified = declaration.container ? `${declaration.container}.${declaration.name}` : declaration.name;
      nodes.push({ id, file: record.path, declaration, qualified });
      const terms = new Map<string, number>();
      const add = (words: readonly string[], weight: number) => {
        for (const word of words) terms.set(word, (terms.get(word) ?? 0) + weight);
      };
      add(codeWords(declaration.name), NAME_WEIGHT);
      if (declaration.container) add(codeWords(declaration.container), CONTAINER_WEIGHT);
      add(codeWords(declaration.text), TEXT_WEIGHT);
      add(codeWords((declaration.calls ?? []).join(' ')), CALL_WEIGHT);
      add(fileWords, FILE_WEIGHT);
      let length = 0;
      for (const [term, count] of terms) {
        length += count;
        df.set(term, (df.get(term) ?? 0) + 1);
        const list = postings.get(term);
        if (list) list.push(id);
        else postings.set(term, [id]);
      }
      tf.push(terms);
      lengths.push(length);
    }
  }
  const averageLength = lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length);
  return { nodes, tf, lengths, averageLength, df, postings };
}

/** BM25 scores of the nodes holding any of the weighted query terms, by node id. */
export function scoreLexical(model: LexicalModel, query: ReadonlyMap<string, number>): Map<number, number> {
  const scores = new Map<number, number>();
  const n = model.nodes.length;
  for (const [term, weight] of query) {
    const list = model.postings.get(term);
    if (!list) continue;
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    for (const id of list) {
      const f = model.tf[id]!.get(term)!;
      const norm = f + K1 * (1 - B + (B * model.lengths[id]!) / model.averageLength);
      scores.set(id, (scores.get(id) ?? 0) + weight * idf * ((f * (K1 + 1)) / norm));
    }
  }
  return scores;
}
