import { createHash } from 'node:crypto';
import type Parser from 'tree-sitter';
import type { EnclosingRegion } from '../../core/context-provider.js';
import { codeTerms } from '../index/lexical-index.js';
import { blankCommentsAndStrings, callSites, followsDot } from '../index/usage.js';
import { languageModule } from '../../syntax/modules.js';
import type { ChainLink } from '../../syntax/language-module.js';
import { asciiFast } from '../../util/ascii-pattern.js';
import { lineStartNear, lineStartOf, linesBetween, type LineAnchor } from '../../core/line-walk.js';

/** A name used near the cursor, with the package or value it is selected from (`fmt` in `fmt.Println`). */
export interface Reference {
  name: string;
  /** What the name is selected from: a package or value name, or '' for a chain (`a.B().Name`). */
  qualifier?: string;
  /** The chain a name with qualifier '' is selected from, where the language reads chains (`a`, `B()` in `a.B().Name`). */
  chain?: readonly ChainLink[];
  /** 1 on the cursor's line, falling with distance. */
  weight: number;
}

/** What the cursor's surroundings refer to: the input of every context source. */
export interface Focus {
  /** Stable while the cursor stays in the same function. */
  regionKey: string;
  /**
   * What the packed context depends on besides the index: the region, the cursor's line in it and
   * a digest of the region's other lines. Typing on one line keeps it (the prompt's head stays
   * byte-identical for the model server's KV cache); moving to another line, or an edit elsewhere
   * in the function, changes it, so what the model sees never depends on where the cursor was before.
   */
  contextKey: string;
  /** Offsets of the region (the enclosing function, or a block of lines outside any function). */
  start: number;
  end: number;
  references: Reference[];
  /** BM25 query terms from the region's identifiers. */
  terms: string[];
  /** The enclosing function's name, when it has one. */
  functionName?: string;
  /** What the region calls near the cursor, as extractCalls writes it. */
  calls: string[];
  /** The nearest calls above and below the cursor's line: what comes next is often what follows the one and precedes the other elsewhere. */
  callBefore?: string;
  callAfter?: string;
  /** The whole current text, for sources that scan the file. */
  text: string;
  cursorLine: number;
  /** Where the cursor's line starts: lines near it are found from here (focusLineStart), not from the top of the file. */
  cursorLineStart: number;
}

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'method_declaration',
  'func_literal',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
  'function',
  // Python's `def` (a method too: the class around it is no function).
  'function_definition',
]);
/** Outside functions, the region is a block of this many lines (aligned), so its key changes rarely. */
const BLOCK_LINES = 32;
/** In a long function only the lines this far from the cursor are read: the work must fit in a few milliseconds. */
const REFERENCE_LINES = 60;
const TERM_LINES = 20;
/** An identifier, with the identifier before it when the two are joined by a dot (`fmt.Println`). */
/** A private field (`this.#x`) is named without its `#`: its declaration `#x: T` gives the type of `x`. */
const QUALIFIED_IDENTIFIER = asciiFast(/(?:(?<![\p{L}\p{N}_$.])([\p{L}_$][\p{L}\p{N}_$]*)\s*\.\s*)?(?<![\p{L}\p{N}_$])#?([\p{L}_$][\p{L}\p{N}_$]*)/gu);

/**
 * The region around the cursor (the enclosing function: `enclosing` when another thread found it already,
 * else from the syntax tree when there is one) and the names used near it. `line` is the cursor's
 * 0-based line when the caller knows it (an LSP position does); every other line is then found by
 * scanning from the cursor, never from the top of the file.
 */
export function focusAt(input: { text: string; offset: number; line?: number; tree?: Parser.Tree; languageId?: string; enclosing?: { region?: EnclosingRegion } }): Focus {
  const { text, offset, tree } = input;
  const cursorLineStart = lineStartOf(text, offset);
  const cursorLine = input.line ?? lineOf(text, offset);
  const anchor: LineAnchor = { line: cursorLine, start: cursorLineStart };
  const startOf = (line: number) => lineStartNear(text, anchor, line);
  const region = input.enclosing ? input.enclosing.region : tree ? enclosingRegion({ tree, offset, text, languageId: input.languageId }) : undefined;
  let start: number;
  let end: number;
  let regionKey: string;
  if (region) {
    start = region.startIndex;
    end = region.endIndex;
    regionKey = `fn:${region.startIndex}:${region.type}`;
  } else {
    const block = Math.floor(cursorLine / BLOCK_LINES);
    start = startOf(block * BLOCK_LINES);
    end = startOf((block + 1) * BLOCK_LINES);
    regionKey = `lines:${block}`;
  }
  const near = (lines: number) => ({
    from: Math.max(start, startOf(Math.max(0, cursorLine - lines))),
    to: Math.min(end, startOf(cursorLine + lines + 1)),
  });
  const refs = near(REFERENCE_LINES);
  const code = blankCommentsAndStrings(text.slice(refs.from, refs.to), input.languageId);
  const firstLine = cursorLine - linesBetween(text, refs.from, cursorLineStart);
  const module = languageModule(input.languageId ?? '');
  const references = textReferences(code, firstLine, cursorLine, { dotted: module?.packages.dottedNamespaces === true, chainAt: module?.declarations.receiverChain });
  const terms = near(TERM_LINES);
  const functionName = region?.name;
  const lineFrom = cursorLineStart;
  const lineTo = startOf(cursorLine + 1);
  const others = createHash('sha1')
    .update(text.slice(start, Math.max(start, lineFrom)))
    .update('\0')
    .update(text.slice(Math.min(end, Math.max(start, lineTo)), end))
    .digest('base64');
  const contextKey = `${regionKey}:${lineFrom - start}:${others}`;
  const { calls, before: callBefore, after: callAfter } = callsAround({ region: code, firstLine, cursorLine, functionName, languageId: input.languageId });
  // Comment words (a licence header, say) are rare in the index and would dominate a BM25 query.
  const termText = code.slice(terms.from - refs.from, terms.to - refs.from);
  return { regionKey, contextKey, start, end, references, terms: codeTerms(termText), functionName, calls, callBefore, callAfter, text, cursorLine, cursorLineStart };
}

/** Where 0-based `line` starts, found from the cursor's line (the text's length past the last line). */
export function focusLineStart(focus: Pick<Focus, 'text' | 'cursorLine' | 'cursorLineStart'>, line: number): number {
  return lineStartNear(focus.text, { line: focus.cursorLine, start: focus.cursorLineStart }, line);
}

/** The calls of a region (the function's own name aside), and the nearest above and below the cursor's line. */
function callsAround(input: { region: string; firstLine: number; cursorLine: number; functionName?: string; languageId?: string }): {
  calls: string[];
  before?: string;
  after?: string;
} {
  const { region, firstLine, cursorLine, functionName } = input;
  const lineAt = lineTracker(region, firstLine);
  const calls = new Set<string>();
  let before: string | undefined;
  let after: string | undefined;
  // Every qualifier is taken for a package here (the import scope is not known yet): `x.Name` stays
  // as written for the sources to resolve, while a chained `a.B().Name(` is kept as `.Name`.
  for (const { call, index } of callSites(region, () => true, input.languageId)) {
    if (call === functionName) continue;
    calls.add(call);
    const line = lineAt(index);
    if (line < cursorLine) before = call;
    else if (line > cursorLine) after ??= call;
  }
  return { calls: [...calls], before, after };
}

/** `func (s *T) Name(`, `function name(`, `name() {` in a class, `const name = () =>`, `name: function (`. */
function functionNameOf(node: Parser.SyntaxNode): string | undefined {
  const own = node.childForFieldName('name');
  if (own) return own.text;
  const parent = node.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'pair') return parent.childForFieldName('key')?.text;
  return undefined;
}

/** The enclosing function of `offset` as plain data, so the syntax worker can find it on its tree for the main thread. */
export function enclosingRegion(input: { tree: Parser.Tree; offset: number; text: string; languageId?: string }): EnclosingRegion | undefined {
  const dedentText = languageModule(input.languageId ?? '')?.cut.indentBlocks === true ? input.text : undefined;
  const node = enclosingFunction(input.tree, input.offset, dedentText);
  return node && { startIndex: node.startIndex, endIndex: node.endIndex, type: node.type, name: functionNameOf(node) };
}

/**
 * The outermost function (or method) around the offset: nested callbacks share their parent's
 * context. Where blocks end by dedent (`dedentText` given), a function ends with its last statement, so a cursor on an
 * indented blank line below it (the next line being written) is in the function before it when it
 * is indented deeper than that function's header.
 */
function enclosingFunction(tree: Parser.Tree, offset: number, dedentText: string | undefined): Parser.SyntaxNode | undefined {
  const around = outermostFunction(tree, offset);
  if (around || dedentText === undefined) return around;
  const text = dedentText;
  const lineFrom = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = offset - lineFrom;
  if (indent === 0 || text.slice(lineFrom, offset).trim() !== '') return undefined;
  const before = text.slice(0, lineFrom).trimEnd().length;
  const previous = before > 0 ? outermostFunction(tree, before) : undefined;
  return previous && previous.startPosition.column < indent ? previous : undefined;
}

function outermostFunction(tree: Parser.Tree, offset: number): Parser.SyntaxNode | undefined {
  let found: Parser.SyntaxNode | undefined;
  for (let node: Parser.SyntaxNode | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset); node; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) found = node;
  }
  return found;
}

/**
 * Identifiers and `a.b` pairs of a region whose comments and strings are blanked, by pattern:
 * faster than a references query over the tree by an order of magnitude on long functions.
 * With `dotted` (Python: `import a.b` is used as `a.b.f`), a name after a chain of plain names
 * keeps the chain as its qualifier.
 */
function textReferences(region: string, firstLine: number, cursorLine: number, chains: ChainReading): Reference[] {
  const out: Reference[] = [];
  const lineAt = lineTracker(region, firstLine);
  for (const match of region.matchAll(QUALIFIED_IDENTIFIER.for(region))) {
    const line = lineAt(match.index ?? 0);
    const reference: Reference = { name: match[2]!, qualifier: match[1], weight: 1 / (1 + Math.abs(line - cursorLine) / 8) };
    // `a.B().Name`, `a.b.Name`: a member of whatever the chain gives, which no name before it tells (qualifier '').
    if (match[1] === undefined && followsDot(region, match.index ?? 0)) chainReference(reference, region, match.index ?? 0, chains);
    out.push(reference);
  }
  return merge(out);
}

/** How a language's chains are read: dotted module paths (Python), or selector chains link by link (Go). */
export interface ChainReading {
  dotted: boolean;
  chainAt?: (code: string, at: number) => ChainLink[] | undefined;
}

/** Gives a member selected from a chain (at `at`, after its dot) its qualifier and, where the language reads them, the chain's links. */
export function chainReference(reference: Reference, code: string, at: number, { dotted, chainAt }: ChainReading): void {
  reference.qualifier = chainQualifier(code, at, dotted);
  const chain = reference.qualifier === '' ? chainAt?.(code, at) : undefined;
  if (chain) reference.chain = chain;
}

/** How far back chainQualifier reads: a `this.x` field, a dotted chain of module names. */
const SELF_FIELD_CHARS = 80;
const DOTTED_CHAIN_CHARS = 120;
/** The furthest back chainQualifier reads from a member. */
export const QUALIFIER_CHARS = Math.max(SELF_FIELD_CHARS, DOTTED_CHAIN_CHARS);

/**
 * What a member at `index` after a dot is selected from: the chain of plain names (`a.b`) where
 * chains name modules (`dotted`), else a field of the instance (`this.x` in `this.x.name`,
 * `this.#x?.name`, whose declared type says what name is), else '' (whatever a chain gives).
 */
export function chainQualifier(text: string, index: number, dotted: boolean): string {
  if (dotted) return dottedChainBefore(text, index) ?? '';
  const before = text.slice(Math.max(0, index - SELF_FIELD_CHARS), index);
  const field = SELF_FIELD.for(before).exec(before);
  return field ? `this.${field[1]!}` : '';
}
const SELF_FIELD = asciiFast(/(?<![\p{L}\p{N}_$.])this\s*\.\s*#?([\p{L}_$][\p{L}\p{N}_$]*)\s*[?!]?\s*\.\s*$/u);

/** The chain of plain names before a `.name` at `index` (`a.b` in `a.b.name`), none after a call or subscript. */
export function dottedChainBefore(text: string, index: number): string | undefined {
  const before = text.slice(Math.max(0, index - DOTTED_CHAIN_CHARS), index);
  const chain = DOTTED_CHAIN.for(before).exec(before);
  return chain ? chain[1]!.replace(/\s+/g, '') : undefined;
}
/** The chain's pattern; its ASCII twin reads the 120 characters before a dot several times faster (see asciiFast). */
const DOTTED_CHAIN = asciiFast(/(?<![\p{L}\p{N}_$.)\]])([\p{L}_$][\p{L}\p{N}_$]*(?:[ \t]*\.[ \t]*[\p{L}_$][\p{L}\p{N}_$]*)+)[ \t]*\.[ \t]*$/u);

/**
 * Line numbers for offsets visited in increasing order (as regex matches are), counting each
 * line break once: `firstLine` is the line of offset `from` (the text's start by default).
 */
export function lineTracker(text: string, firstLine: number, from = 0): (offset: number) => number {
  let line = firstLine;
  let scanned = from;
  return (offset) => {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      scanned = i + 1;
    }
    return line;
  };
}

/** What tells references apart: the qualifier (or the chain) and the name. */
export function referenceKey({ qualifier, chain, name }: Reference): string {
  return `${chain ? chain.map((link) => (link.called ? `${link.name}()` : link.name)).join('.') : (qualifier ?? '')}.${name}`;
}

/** One reference per (qualifier or chain, name), keeping the highest weight, sorted by weight. */
function merge(references: Reference[]): Reference[] {
  const best = new Map<string, Reference>();
  for (const reference of references) {
    const key = referenceKey(reference);
    const known = best.get(key);
    if (!known || known.weight < reference.weight) best.set(key, reference);
  }
  return [...best.values()].sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The 0-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
