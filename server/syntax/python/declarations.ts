import type Parser from 'tree-sitter';
import { capLines, firstLines, signatureFrom, type Declaration, type DeclarationKind } from '../declarations.js';

/**
 * The first line of a body's docstring with text (`"""` alone on its line says nothing), closed and
 * indented as the body is, or ''.
 */
function docstringLine(body: Parser.SyntaxNode | null): string {
  const first = body?.namedChildren[0];
  const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (literal?.type !== 'string') return '';
  const [opening = '', ...rest] = literal.text.split('\n');
  const open = DOCSTRING_OPENING.exec(opening);
  if (!open) return '';
  const [head, prefix = '', quote = ''] = open;
  const words = ([opening.slice(head.length), ...rest].find((line) => line.trim() !== '' && line.trim() !== quote) ?? '').trim();
  const text = (words.endsWith(quote) ? words.slice(0, -quote.length) : words).trimEnd();
  return text === '' ? '' : `\n${' '.repeat(literal.startPosition.column)}${prefix}${quote}${text}${quote}`;
}
const DOCSTRING_OPENING = /^([rRuUbB]{0,2})("""|'''|"|')/;

/** The enclosing class of a definition (through a decorator), if it is a method. */
function classOf(node: Parser.SyntaxNode): string | undefined {
  const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
  const cls = outer.parent?.type === 'block' ? outer.parent.parent : null;
  return cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
}

/**
 * A Python declaration: `_private` names are not exported, methods are functions inside a class body,
 * and a function or class is shown as its signature (decorators included) with its docstring's first line.
 */
export function pythonDeclaration(node: Parser.SyntaxNode, name: string, kind: DeclarationKind, text: string): Declaration | undefined {
  const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
  const exported = !name.startsWith('_') || /^__\w+__$/.test(name);
  const body = node.childForFieldName('body');
  if (kind === 'function' || kind === 'class') {
    const container = kind === 'function' ? classOf(node) : undefined;
    const members = kind === 'class' ? methodNames(body) : undefined;
    const head = signatureFrom(outer, node, text).replace(/:\s*$/, ':');
    const doc = docstringLine(body);
    const declaration: Declaration = {
      name,
      kind: container ? 'method' : kind,
      container,
      exported,
      line: outer.startPosition.row,
      endLine: outer.endPosition.row,
      text: capLines(`${head}${doc}`),
      members,
    };
    if (doc !== '') declaration.docLinesAfter = 1;
    const supertypes = kind === 'class' ? baseNames(node) : [];
    if (supertypes.length > 0) declaration.supertypes = supertypes;
    return declaration;
  }
  const container = node.parent?.parent?.type === 'block' ? classOf(node.parent) : undefined;
  return { name, kind, container, exported, line: node.startPosition.row, endLine: node.endPosition.row, text: firstLines(node.text, 1) };
}

function methodNames(body: Parser.SyntaxNode | null): string[] | undefined {
  const names = (body?.namedChildren ?? [])
    .map((child) => (child.type === 'decorated_definition' ? child.childForFieldName('definition') : child))
    .filter((child): child is Parser.SyntaxNode => child?.type === 'function_definition')
    .map((fn) => fn.childForFieldName('name')?.text ?? '')
    .filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/**
 * The classes a class derives from, by their own names (`class A(base.B, C, metaclass=M)` → B, C):
 * `self.name(` is often a method one of them declares.
 */
function baseNames(node: Parser.SyntaxNode): string[] {
  const bases = node.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.map((base) => (base.type === 'attribute' ? base.childForFieldName('attribute') : base)).flatMap((base) => (base?.type === 'identifier' ? [base.text] : []));
}
