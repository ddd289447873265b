import type { Declaration, DeclarationKind } from '../syntax/declarations.js';
import type { Edge, Relation, RepoGraph } from './localize/graph.js';
import type { Bm25Documents, DeclNode, LexicalModel, Posting } from './localize/lexical.js';
import type { LocalizationModel } from './localize/model.js';
import { lazyArray, LookupMap } from './lazy-views.js';

/*
 * The localization model as flat sections (typed arrays, and strings joined by NUL), read back
 * without the workspace index and without building what a query does not touch: postings are
 * found by binary search in the sorted term list when a query asks for them, a document's term
 * map and a node's edge list are made when first read, and a declaration's text, members and
 * calls are parsed only when something reads one of them.
 */

export type Section = Int32Array | Float64Array | Uint8Array;

/** Sections in this order; strings are UTF-8 in u8 sections. */
export interface Layout {
  kinds: string[];
  relations: Relation[];
  sections: Section[];
}

/**
 * Section i of a stored layout, whole or elements from…to: a decoded model reads only the parts a
 * query touches (the postings of its terms, the term maps and edges of the nodes it reaches).
 */
export type SectionReader = (index: number, from?: number, to?: number) => Section;

/** A stored layout, read through a {@link SectionReader}. */
export interface StoredLayout {
  kinds: string[];
  relations: Relation[];
  count: number;
  section: SectionReader;
}

const RELATIONS: Relation[] = [
  'calls',
  'called by',
  'member of',
  'has member',
  'declared in',
  'declares',
  'imports',
  'imported by',
  'tests',
  'tested by',
  'beside',
  'reexports',
  'reexported by',
];
/** Declaration fields kept in flat sections; every other field is in the JSON of the rest. */
type Eager = 'name' | 'kind' | 'container' | 'exported' | 'line' | 'endLine';
const SEP = '\0';
/** Strings 6, nodes 5, two document sets of 7, the graph 7. */
const SECTIONS = 32;

/** The model as sections: strings, nodes, both document sets, the graph. */
export function encodeModel({ lexical, graph }: LocalizationModel): Layout {
  const terms = [...new Set([...lexical.declarations.postings.keys(), ...lexical.files.postings.keys()])].sort();
  const termIds = new Map(terms.map((term, i) => [term, i]));
  const kinds = [...new Set(lexical.nodes.map((node) => node.declaration.kind))];
  const fileIds = new Map(lexical.filePaths.map((path, i) => [path, i]));
  const nodes = lexical.nodes;
  const rests = nodes.map(({ declaration }) => (declaration instanceof StoredDeclaration ? declaration.rest() : restOf(declaration)));
  return {
    kinds,
    relations: RELATIONS,
    sections: [
      text(terms.join(SEP)),
      text(lexical.filePaths.join(SEP)),
      text(graph.files.join(SEP)),
      text(nodes.map((node) => node.qualified).join(SEP)),
      text(nodes.map((node) => node.declaration.name).join(SEP)),
      text(JSON.stringify(rests)),
      Int32Array.from(nodes, (node) => fileIds.get(node.file) ?? -1),
      Int32Array.from(nodes, (node) => node.declaration.line),
      Int32Array.from(nodes, (node) => node.declaration.endLine),
      Uint8Array.from(nodes, (node) => (node.declaration.exported ? 1 : 0) | (node.declaration.container === undefined ? 0 : 2)),
      Uint8Array.from(nodes, (node) => kinds.indexOf(node.declaration.kind)),
      ...documents(lexical.declarations, terms, termIds),
      ...documents(lexical.files, terms, termIds),
      ...edges(graph),
    ],
  };
}

/** The model back from its sections (as {@link encodeModel} wrote them); undefined when they do not fit together. */
export function decodeModel({ kinds, relations, count, section }: StoredLayout): LocalizationModel | undefined {
  if (count !== SECTIONS) return undefined;
  const string = (i: number) => {
    const bytes = section(i);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  };
  const [terms, filePaths, graphFiles, qualified, names] = [0, 1, 2, 3, 4].map((i) => {
    const joined = string(i);
    return joined === '' ? [] : joined.split(SEP);
  });
  const [nodeFiles, lines, endLines, flags, kindIds] = [6, 7, 8, 9, 10].map((i) => section(i)) as [Int32Array, Int32Array, Int32Array, Uint8Array, Uint8Array];
  if (qualified!.length !== nodeFiles.length || names!.length !== nodeFiles.length) return undefined;
  let rests: Array<Partial<Declaration>> | undefined;
  const rest = (id: number) => (rests ??= JSON.parse(string(5)) as Array<Partial<Declaration>>)[id]!;
  const nodes: DeclNode[] = [];
  for (let id = 0; id < nodeFiles.length; id++) {
    const name = names![id]!;
    const container = flags[id]! & 2 ? qualified![id]!.slice(0, -name.length - 1) : undefined;
    const eager = { name, kind: kinds[kindIds[id]!] as DeclarationKind, container, exported: (flags[id]! & 1) === 1, line: lines[id]!, endLine: endLines[id]! };
    nodes.push({ id, file: filePaths![nodeFiles[id]!]!, declaration: new StoredDeclaration(eager, id, rest), qualified: qualified![id]! });
  }
  const lexical: LexicalModel = {
    nodes,
    declarations: readDocuments(section, 11, terms!),
    files: readDocuments(section, 18, terms!),
    filePaths: filePaths!,
  };
  return { lexical, graph: readGraph(section, graphFiles!, relations) };
}

/** A declaration read back: the flat fields at once, the rest (doc text, members, calls) parsed for all on first use. */
class StoredDeclaration implements Declaration {
  readonly flat: Pick<Declaration, Eager>;
  // Private by language, not by type only: a spread or JSON of the declaration must not carry them.
  readonly #id: number;
  readonly #rests: (id: number) => Partial<Declaration>;

  constructor(eager: Pick<Declaration, Eager>, id: number, rests: (id: number) => Partial<Declaration>) {
    this.flat = eager;
    this.#id = id;
    this.#rests = rests;
  }

  get name(): string {
    return this.flat.name;
  }

  get kind(): DeclarationKind {
    return this.flat.kind;
  }

  get container(): string | undefined {
    return this.flat.container;
  }

  get exported(): boolean {
    return this.flat.exported;
  }

  get line(): number {
    return this.flat.line;
  }

  get endLine(): number {
    return this.flat.endLine;
  }

  get text(): string {
    return this.rest().text ?? '';
  }

  get members(): string[] | undefined {
    return this.rest().members;
  }

  get calls(): string[] | undefined {
    return this.rest().calls;
  }

  /** The fields not kept flat, as stored. */
  rest(): Partial<Declaration> {
    return this.#rests(this.#id);
  }
}

function restOf({ name: _name, kind: _kind, container: _container, exported: _exported, line: _line, endLine: _endLine, ...rest }: Declaration): Partial<Declaration> {
  return rest;
}

function text(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'utf8'));
}

/**
 * A document set twice: postings by term (term offsets, document ids, frequencies, as the query
 * reads them) and terms by document (offsets, term ids, weights, in each map's own order), then
 * the length norms as computed.
 */
function documents(docs: Bm25Documents, terms: readonly string[], termIds: ReadonlyMap<string, number>): Section[] {
  const termOffsets = new Int32Array(terms.length + 1);
  const postings = terms.map((term) => docs.postings.get(term));
  postings.forEach((posting, t) => (termOffsets[t + 1] = termOffsets[t]! + (posting?.ids.length ?? 0)));
  const postingDocs = new Int32Array(termOffsets[terms.length]!);
  const postingFrequencies = new Float64Array(postingDocs.length);
  postings.forEach((posting, t) => {
    postingDocs.set(posting?.ids ?? [], termOffsets[t]);
    postingFrequencies.set(posting?.frequencies ?? [], termOffsets[t]);
  });
  const docOffsets = new Int32Array(docs.tf.length + 1);
  docs.tf.forEach((tf, doc) => (docOffsets[doc + 1] = docOffsets[doc]! + tf.size));
  const docTerms = new Int32Array(docOffsets[docs.tf.length]!);
  const docWeights = new Float64Array(docTerms.length);
  let at = 0;
  for (const tf of docs.tf) {
    for (const [term, weight] of tf) {
      docTerms[at] = termIds.get(term)!;
      docWeights[at++] = weight;
    }
  }
  return [termOffsets, postingDocs, postingFrequencies, docOffsets, docTerms, docWeights, Float64Array.from(docs.lengthNorms)];
}

/** The document set whose seven sections start at `first`. */
function readDocuments(section: SectionReader, first: number, terms: readonly string[]): Bm25Documents {
  const termOffsets = section(first) as Int32Array;
  const docOffsets = section(first + 3) as Int32Array;
  const posting = (term: string): Posting | undefined => {
    const t = sortedIndex(terms, term);
    if (t < 0 || termOffsets[t] === termOffsets[t + 1]) return undefined;
    const [from, to] = [termOffsets[t]!, termOffsets[t + 1]!];
    return { ids: Array.from(section(first + 1, from, to)), frequencies: Array.from(section(first + 2, from, to)) };
  };
  // An eager build inserts terms in the order documents first use them.
  const firstUse = function* (): Generator<string> {
    const seen = new Uint8Array(terms.length);
    for (const t of section(first + 4)) {
      if (seen[t] === 1) continue;
      seen[t] = 1;
      yield terms[t]!;
    }
  };
  const tf = lazyArray(docOffsets.length - 1, (doc) => {
    const [from, to] = [docOffsets[doc]!, docOffsets[doc + 1]!];
    const [ids, weights] = [section(first + 4, from, to), section(first + 5, from, to)];
    return new Map(Array.from(ids, (id, k) => [terms[id]!, weights[k]!]));
  });
  return { tf, postings: new LookupMap(posting, firstUse), lengthNorms: section(first + 6) as Float64Array };
}

/** Index of `key` in a sorted list (JavaScript's default string order), or -1. */
function sortedIndex(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = sorted[mid]!;
    if (value === key) return mid;
    if (value < key) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** The edge lists (offsets, targets, weights, relations), then the walk's flat arrays as localize made them. */
function edges(graph: RepoGraph): Section[] {
  const offsets = new Int32Array(graph.out.length + 1);
  graph.out.forEach((list, node) => (offsets[node + 1] = offsets[node]! + list.length));
  const targets = new Int32Array(offsets[graph.out.length]!);
  const weights = new Float64Array(targets.length);
  const relation = new Uint8Array(targets.length);
  let at = 0;
  for (const list of graph.out) {
    for (const edge of list) {
      targets[at] = edge.to;
      weights[at] = edge.weight;
      relation[at++] = RELATIONS.indexOf(edge.relation);
    }
  }
  const { flat } = graph;
  return [offsets, targets, weights, relation, Int32Array.from(flat.offsets), Int32Array.from(flat.targets), Float64Array.from(flat.weights)];
}

/** The graph from its seven sections, from 25 on. */
function readGraph(section: SectionReader, files: string[], relations: readonly Relation[]): RepoGraph {
  const offsets = section(25) as Int32Array;
  const out = lazyArray(offsets.length - 1, (node): Edge[] => {
    const [from, to] = [offsets[node]!, offsets[node + 1]!];
    const [targets, weights, relation] = [section(26, from, to), section(27, from, to), section(28, from, to)];
    return Array.from(targets, (target, k) => ({ to: target, weight: weights[k]!, relation: relations[relation[k]!]! }));
  });
  const fileIds = new Map(files.map((path, i) => [path, out.length - files.length + i]));
  return { fileIds, files, out, flat: { offsets: section(29) as Int32Array, targets: section(30) as Int32Array, weights: section(31) as Float64Array } };
}
