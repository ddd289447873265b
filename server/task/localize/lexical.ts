import { qualifiedName, type Declaration } from '../../syntax/declarations.js';
import type { WorkspaceIndex } from '../../context/index/workspace-index.js';
import { declarationSourceSteps } from './source-text.js';
import { codeWords } from './terms.js';
import { runSteps, type Steps } from '../../util/steps.js';

/** One declaration of the index as localization sees it, with a dense id for the graph. */
export interface DeclNode {
  id: number;
  file: string;
  declaration: Declaration;
  /** `Class.member`, `Receiver.Method` or `name`. */
  qualified: string;
}

/** Weighted term frequencies of a set of documents, ready for BM25. */
export interface Bm25Documents {
  tf: Array<Map<string, number>>;
  /** Term → documents holding it with the term's weighted frequency there, so a query scores only candidates without a lookup per hit. */
  postings: Map<string, Posting>;
  /** Per document: K1 · (1 − B + B · length / average length), BM25's length norm, computed once. */
  lengthNorms: Float64Array;
}

export interface Posting {
  ids: number[];
  frequencies: number[];
}

/**
 * BM25 documents of every declaration (the index's name, signature and doc comment, what it
 * calls, its file's name) and of every file (its path, its declarations' names and every name it
 * uses, which is what the index keeps of its bodies).
 */
export interface LexicalModel {
  nodes: DeclNode[];
  declarations: Bm25Documents;
  /** In the order of `filePaths`. */
  files: Bm25Documents;
  filePaths: string[];
}

/**
 * Field weights: a word in the name says more than one in the doc comment; callees, uses, the file
 * name and the body (identifiers and comments the index does not keep) say less.
 */
export interface FieldWeights {
  name: number;
  container: number;
  text: number;
  calls: number;
  fileName: number;
  /** The declaration's own source lines and its full doc comment, read from disk. */
  body: number;
  filePath: number;
  fileDeclarations: number;
  fileUses: number;
  /** Every declaration's source, in the whole-file document. */
  fileBody: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = {
  name: 3,
  container: 1.5,
  text: 1,
  calls: 0.5,
  fileName: 1,
  body: 0.3,
  filePath: 3,
  fileDeclarations: 1,
  fileUses: 0.5,
  fileBody: 0.2,
};
/** BM25's term-saturation and length-normalisation constants. */
export const K1 = 1.2;
export const B = 0.75;

/** Builds the BM25 documents of an index's declarations and files. */
export function buildLexicalModel(index: WorkspaceIndex, weights: FieldWeights = DEFAULT_FIELD_WEIGHTS): LexicalModel {
  return runSteps(lexicalModelSteps(index, weights));
}

/**
 * The same, a file per step: on the Go standard library the whole build takes seconds, which the language server
 * runs in slices (the editor's task command) so the editor's other requests are answered meanwhile. The files are
 * the index's when the build starts: one that changes meanwhile is read as it was then.
 */
export function* lexicalModelSteps(index: WorkspaceIndex, weights: FieldWeights = DEFAULT_FIELD_WEIGHTS): Steps<LexicalModel> {
  const nodes: DeclNode[] = [];
  const declarationTerms: Array<Map<string, number>> = [];
  const fileTerms: Array<Map<string, number>> = [];
  const filePaths: string[] = [];
  for (const record of [...index.records()]) {
    yield;
    const fileWords = codeWords(
      record.path
        .split('/')
        .pop()!
        .replace(/\.[^.]*$/, '')
        .replace(/[._-](test|spec)$/, ''),
    );
    const file = new Map<string, number>();
    add(file, codeWords(record.path.replace(/\.[^./]*$/, '')), weights.filePath);
    add(file, codeWords((record.uses ?? []).join(' ')), weights.fileUses);
    const sources = weights.body > 0 || weights.fileBody > 0 ? yield* declarationSourceSteps(index.root, record) : undefined;
    yield;
    const inTypes = typeMembers(record.declarations);
    let charsSinceYield = 0;
    for (const [i, declaration] of record.declarations.entries()) {
      // A generated file holds thousands of declarations, a long function thousands of lines.
      if (i % DOCUMENTS_PER_STEP === DOCUMENTS_PER_STEP - 1 || charsSinceYield > CHARS_PER_STEP) {
        yield;
        charsSinceYield = 0;
      }
      if (inTypes.has(declaration)) continue;
      nodes.push({ id: nodes.length, file: record.path, declaration, qualified: qualifiedName(declaration) });
      const terms = new Map<string, number>();
      add(terms, codeWords(declaration.name), weights.name);
      if (declaration.container) add(terms, codeWords(declaration.container), weights.container);
      add(terms, codeWords(declaration.text), weights.text);
      add(terms, codeWords((declaration.calls ?? []).join(' ')), weights.calls);
      add(terms, fileWords, weights.fileName);
      const body = sources?.[i];
      charsSinceYield += declaration.text.length + (body?.length ?? 0);
      if (body) {
        const words = codeWords(body);
        add(terms, words, weights.body);
        add(file, words, weights.fileBody);
      }
      declarationTerms.push(terms);
      add(file, codeWords(declaration.name), weights.fileDeclarations);
    }
    fileTerms.push(file);
    filePaths.push(record.path);
  }
  const declarations = yield* bm25DocumentSteps(declarationTerms, DOCUMENTS_PER_STEP);
  // A file's document holds every word of its source: its steps end by terms (TERMS_PER_STEP) more often than by count.
  const files = yield* bm25DocumentSteps(fileTerms, DOCUMENTS_PER_STEP);
  return { nodes, declarations, files, filePaths };
}

/**
 * Members written inside an interface or a type alias (indexed as methods so that completions find
 * `retryer.cancel(`): lines of the type's own declaration, which is where a task changes them; as
 * entries of their own, thousands of one-line signatures would shift every BM25 statistic. A Go
 * method of a struct type is declared outside the type and stays.
 */
export function typeMembers(declarations: readonly Declaration[]): Set<Declaration> {
  // By name: a file of a thousand types and methods made a million comparisons.
  const types = new Map<string, Declaration[]>();
  for (const declaration of declarations) {
    if (declaration.kind !== 'interface' && declaration.kind !== 'type') continue;
    const named = types.get(declaration.name);
    if (named) named.push(declaration);
    else types.set(declaration.name, [declaration]);
  }
  const inside = (member: Declaration) =>
    member.container !== undefined && (types.get(member.container) ?? []).some((type) => type.line <= member.line && member.endLine <= type.endLine);
  return new Set(declarations.filter((member) => member.kind === 'method' && inside(member)));
}

function add(terms: Map<string, number>, words: readonly string[], weight: number): void {
  for (const word of words) terms.set(word, (terms.get(word) ?? 0) + weight);
}

/** BM25 documents from each document's weighted term frequencies (also how the on-disk model cache reads them back). */
export function bm25Documents(tf: Array<Map<string, number>>): Bm25Documents {
  return runSteps(bm25DocumentSteps(tf, tf.length));
}

/** Declarations between two steps. */
const DOCUMENTS_PER_STEP = 64;
/** Characters of declarations' text and source split into words between two steps, at most (a few milliseconds). */
const CHARS_PER_STEP = 32 * 1024;

/** Distinct terms of documents added to the postings between two steps, at most (a file's document holds thousands). */
const TERMS_PER_STEP = 8192;

function* bm25DocumentSteps(tf: Array<Map<string, number>>, perStep: number): Steps<Bm25Documents> {
  const lengths: number[] = [];
  const postings = new Map<string, Posting>();
  let termsSinceYield = 0;
  for (const [id, terms] of tf.entries()) {
    if (id % perStep === 0 || termsSinceYield > TERMS_PER_STEP) {
      yield;
      termsSinceYield = 0;
    }
    termsSinceYield += terms.size;
    let length = 0;
    for (const [term, count] of terms) {
      length += count;
      const posting = postings.get(term);
      if (posting) {
        posting.ids.push(id);
        posting.frequencies.push(count);
      } else postings.set(term, { ids: [id], frequencies: [count] });
    }
    lengths.push(length);
  }
  const averageLength = lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length);
  const lengthNorms = Float64Array.from(lengths, (length) => K1 * (1 - B + (B * length) / Math.max(averageLength, Number.EPSILON)));
  return { tf, postings, lengthNorms };
}

/** BM25 scores of the documents holding any of the weighted query terms, by document id. */
export function scoreLexical(docs: Bm25Documents, query: ReadonlyMap<string, number>): Map<number, number> {
  const n = docs.tf.length;
  const sums = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched: number[] = [];
  for (const [term, weight] of query) {
    const posting = docs.postings.get(term);
    if (!posting) continue;
    const { ids, frequencies } = posting;
    const idf = Math.log(1 + (n - ids.length + 0.5) / (ids.length + 0.5));
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const f = frequencies[i]!;
      if (seen[id] === 0) {
        seen[id] = 1;
        touched.push(id);
      }
      sums[id]! += weight * idf * ((f * (K1 + 1)) / (f + docs.lengthNorms[id]!));
    }
  }
  return new Map(touched.map((id) => [id, sums[id]!]));
}
