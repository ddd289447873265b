import type Parser from 'tree-sitter';
import { Random } from '../random.js';

/** What the user is about to write, chosen by the syntax tree. */
export type SpanKind = 'line-rest' | 'statement' | 'block-body' | 'function-body' | 'call-args' | 'fields';

export const SPAN_KINDS: readonly SpanKind[] = ['line-rest', 'statement', 'block-body', 'function-body', 'call-args', 'fields'];

/**
 * Where the cursor sits once the span is removed: right after the opener (`{█\n\t}`, `f(█)`), on a
 * blank indented line inside the brackets (`{\n\t\t█\n\t}`, as after Enter in an editor), at the
 * start of a statement's line, or after a token in the middle of a line.
 */
export type CursorShape = 'after-opener' | 'blank-line' | 'line-start' | 'mid-line';

/** A span of the original file: the document the server sees is text[0, start) + text[end, …). */
export interface Span {
  kind: SpanKind;
  shape: CursorShape;
  start: number;
  end: number;
}

/** Longest spans: a completion can only recover what fits in the token limit (≈3 characters a token, 48 and 128 tokens). */
export const MAX_SINGLE_LINE = 120;
export const MAX_MULTI_LINE = 300;
const MAX_LINES = 12;

interface Grammar {
  /** Nodes whose named children are statements. */
  statementParents: ReadonlySet<string>;
  /** Bodies of if/for/switch, keyed by the node holding the brackets → the kind of its parent that qualifies it. */
  controlParents: ReadonlySet<string>;
  /** Switch-like statements whose own `{ … }` is the body. */
  switchNodes: ReadonlySet<string>;
  functionParents: ReadonlySet<string>;
  blockNode: string;
  argumentsNode: string;
  fieldsNodes: ReadonlySet<string>;
}

const GO: Grammar = {
  statementParents: new Set(['block', 'expression_case', 'default_case', 'type_case', 'communication_case']),
  controlParents: new Set(['if_statement', 'for_statement']),
  switchNodes: new Set(['expression_switch_statement', 'type_switch_statement', 'select_statement']),
  functionParents: new Set(['function_declaration', 'method_declaration', 'func_literal']),
  blockNode: 'block',
  argumentsNode: 'argument_list',
  fieldsNodes: new Set(['literal_value']),
};

const TS: Grammar = {
  statementParents: new Set(['statement_block', 'switch_case', 'switch_default']),
  controlParents: new Set(['if_statement', 'else_clause', 'for_statement', 'for_in_statement', 'while_statement', 'do_statement']),
  switchNodes: new Set(['switch_body']),
  functionParents: new Set(['function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'generator_function_declaration']),
  blockNode: 'statement_block',
  argumentsNode: 'arguments',
  fieldsNodes: new Set(['object']),
};

/** Python: blocks are indented, not bracketed; `indentSpan` reads them. */
const PY: Grammar = {
  statementParents: new Set(['block']),
  controlParents: new Set([
    'if_statement',
    'elif_clause',
    'else_clause',
    'for_statement',
    'while_statement',
    'with_statement',
    'try_statement',
    'except_clause',
    'finally_clause',
    'case_clause',
  ]),
  switchNodes: new Set(),
  functionParents: new Set(['function_definition']),
  blockNode: 'block',
  argumentsNode: 'argument_list',
  fieldsNodes: new Set(['dictionary']),
};

const GRAMMARS: Record<'go' | 'typescript' | 'python', Grammar> = { go: GO, typescript: TS, python: PY };

/** Tokens after which a user pauses mid-line and the rest of the line is what they want. */
const MID_LINE_AFTER = new Set(['(', '=', ':=', ',', '.', 'return', ':', '+', '&&', '||', '=>', '!', '[']);

/** Every span of every kind in the file, in file order, found from the syntax tree (never from hand-counted offsets). */
export function findSpans(input: { tree: Parser.Tree; text: string; language: 'go' | 'typescript' | 'python'; random: Random }): Span[] {
  const { tree, text, random } = input;
  const grammar = GRAMMARS[input.language];
  const body = input.language === 'python' ? indentSpan : bracketSpan;
  const spans: Span[] = [];
  const add = (span: Span | undefined): void => {
    if (span && acceptable(text, span)) spans.push(span);
  };

  const visit = (node: Parser.SyntaxNode): void => {
    const parent = node.parent;
    if (parent && grammar.statementParents.has(parent.type) && node.isNamed && node.type !== 'comment' && parent.childForFieldName('value')?.id !== node.id) {
      add(statementSpan(text, node));
      add(lineRestSpan(text, node, random));
    }
    if (node.type === grammar.blockNode && parent) {
      if (grammar.controlParents.has(parent.type)) add(body(text, node, 'block-body', random));
      else if (grammar.functionParents.has(parent.type)) add(body(text, node, 'function-body', random));
    }
    if (grammar.switchNodes.has(node.type)) add(bracketSpan(text, node, 'block-body', random));
    if (node.type === grammar.argumentsNode && node.namedChildCount > 0) add(bracketSpan(text, node, 'call-args', random));
    if (grammar.fieldsNodes.has(node.type) && node.namedChildCount > 0) add(bracketSpan(text, node, 'fields', random));
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return spans;
}

/** A whole statement on lines of its own: the cursor at the start of its first line, after the indentation. */
function statementSpan(text: string, node: Parser.SyntaxNode): Span | undefined {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  if (text.slice(lineStart, node.startIndex).trim() !== '') return undefined;
  const lineEnd = endOfLine(text, node.endIndex);
  if (text.slice(node.endIndex, lineEnd).trim() !== '') return undefined;
  return { kind: 'statement', shape: 'line-start', start: node.startIndex, end: node.endIndex };
}

/** The rest of a one-line statement after a token where a user pauses (`x := foo(█`, `return █`, `a.█`). */
function lineRestSpan(text: string, node: Parser.SyntaxNode, random: Random): Span | undefined {
  if (node.startPosition.row !== node.endPosition.row) return undefined;
  const lineEnd = endOfLine(text, node.endIndex);
  const end = node.startIndex + text.slice(node.startIndex, lineEnd).trimEnd().length;
  const cursors: number[] = [];
  const leaves = (n: Parser.SyntaxNode): void => {
    if (n.childCount === 0) {
      if (MID_LINE_AFTER.has(n.type)) {
        let at = n.endIndex;
        while (text[at] === ' ') at++;
        if (at < end) cursors.push(at);
      }
      return;
    }
    for (const child of n.children) leaves(child);
  };
  leaves(node);
  if (cursors.length === 0) return undefined;
  return { kind: 'line-rest', shape: 'mid-line', start: random.pick(cursors), end };
}

/**
 * The inside of a bracketed node: either right after the opener, or — for a body that starts on the
 * next line — from a blank indented line, the way an editor leaves the cursor after Enter.
 */
function bracketSpan(text: string, node: Parser.SyntaxNode, kind: SpanKind, random: Random): Span | undefined {
  const open = node.children.find((c) => c.type === '{' || c.type === '(');
  const close = [...node.children].reverse().find((c) => c.type === '}' || c.type === ')');
  if (!open || !close || close.startIndex <= open.endIndex) return undefined;
  const inner = text.slice(open.endIndex, close.startIndex);
  const end = open.endIndex + inner.trimEnd().length;
  const lead = /^[ \t]*\n[ \t]*(?=\S)/.exec(inner);
  if (lead && random.chance(0.5)) return { kind, shape: 'blank-line', start: open.endIndex + lead[0].length, end };
  return { kind, shape: 'after-opener', start: open.endIndex, end };
}

/**
 * An indented block (Python): right after the header's `:` (the model writes the newline and the
 * indentation), or on the block's first line after its indentation, as after Enter in an editor.
 * A block on the header's own line (`if x: return`) is a statement, not a body.
 */
function indentSpan(text: string, node: Parser.SyntaxNode, kind: SpanKind, random: Random): Span | undefined {
  const colon = node.previousSibling;
  if (colon?.type !== ':' || node.startPosition.row === colon.endPosition.row) return undefined;
  const end = colon.endIndex + text.slice(colon.endIndex, node.endIndex).trimEnd().length;
  if (random.chance(0.5)) return { kind, shape: 'blank-line', start: node.startIndex, end };
  return { kind, shape: 'after-opener', start: colon.endIndex, end };
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Spans a completion could produce at all: not blank, within the token limit, and with the cursor where the server completes. */
function acceptable(text: string, span: Span): boolean {
  const body = text.slice(span.start, span.end);
  if (body.trim() === '' || span.end <= span.start) return false;
  const lines = body.split('\n').length;
  if (lines > MAX_LINES) return false;
  if (body.length > (span.kind === 'line-rest' ? MAX_SINGLE_LINE : MAX_MULTI_LINE)) return false;
  // The server skips a cursor inside an identifier; so would the user's editor.
  const before = text[span.start - 1] ?? '';
  const after = text[span.end] ?? '';
  return !(/[\p{L}\p{N}_$]/u.test(before) && /[\p{L}\p{N}_$]/u.test(after));
}
