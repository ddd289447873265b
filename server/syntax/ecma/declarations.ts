import type Parser from 'tree-sitter';
import { capLines, docComment, firstLines, MAX_BODY_LINES, memberNames, oneLine, signatureFrom, withDoc, type Declaration, type DeclarationKind } from '../declarations.js';
import type { DeclarationReader } from '../language-module.js';

/** A reader for one TS/JS file: `export { a }` clauses are collected once, then each declaration is read. */
export function ecmaDeclarationReader(root: Parser.SyntaxNode, text: string): DeclarationReader {
  const exportedNames = exportClauseNames(root);
  return (node, name, kind) => scriptDeclaration(node, name, kind, text, exportedNames);
}

function scriptDeclaration(node: Parser.SyntaxNode, name: string, kind: DeclarationKind, text: string, exportedNames: Set<string>): Declaration | undefined {
  if (kind === 'method') return scriptMethod(node, name, text);
  // Variables: only module-level ones (lexical_declaration → variable_declarator).
  const statement = kind === 'variable' ? node.parent : node;
  if (!statement) return undefined;
  if (kind === 'variable' && !isModuleLevel(statement)) return undefined;
  const outer = statement.parent?.type === 'export_statement' || statement.parent?.type === 'ambient_declaration' ? statement.parent : statement;
  const exported = outer.type === 'export_statement' || exportedNames.has(name);
  let body: string;
  let members: string[] | undefined;
  let supertypes: string[] | undefined;
  if (kind === 'function') {
    body = signatureFrom(outer, node, text);
  } else if (kind === 'variable') {
    const value = node.childForFieldName('value');
    const fn = value && (value.type === 'arrow_function' || value.type === 'function_expression' || value.type === 'function') ? value : undefined;
    body = fn ? signatureFrom(outer, fn, text) : capLines(text.slice(outer.startIndex, node.endIndex), 8);
    if (kind === 'variable' && value?.type === 'object') members = memberNames(value);
  } else if (kind === 'class') {
    body = classOutline(outer, node, text);
    members = memberNames(node.childForFieldName('body'));
    supertypes = heritage(node);
  } else {
    body = capLines(outer.text);
    members = memberNames(node.childForFieldName('body') ?? node.childForFieldName('value'));
    if (kind === 'interface') supertypes = heritage(node);
  }
  const declaration: Declaration = { name, kind, exported, line: outer.startPosition.row, endLine: outer.endPosition.row, text: withDoc(docComment(outer), body), members };
  if (supertypes && supertypes.length > 0) declaration.supertypes = supertypes;
  return declaration;
}

const HERITAGE_CLAUSES = new Set(['class_heritage', 'extends_clause', 'implements_clause', 'extends_type_clause']);

/** The type names a class or interface extends or implements, generics stripped (`B<T>` → B, `ns.C` → C). */
function heritage(node: Parser.SyntaxNode): string[] {
  const names: string[] = [];
  const visit = (clause: Parser.SyntaxNode) => {
    for (const child of clause.namedChildren) {
      if (HERITAGE_CLAUSES.has(child.type)) visit(child);
      else if (child.type === 'identifier' || child.type === 'type_identifier') names.push(child.text);
      else if (child.type === 'generic_type') names.push(child.childForFieldName('name')?.text.split('.').pop() ?? '');
      else if (child.type === 'member_expression' || child.type === 'nested_type_identifier') names.push(child.text.split('.').pop() ?? '');
    }
  };
  for (const child of node.namedChildren) if (HERITAGE_CLAUSES.has(child.type)) visit(child);
  return names.filter(Boolean);
}

/**
 * Bodies whose members are methods of the type around them: a class's, and an interface's or object
 * type alias's (`cancel: (options?: CancelOptions) => void` is called as `retryer.cancel(` as a
 * class's method is).
 */
const MEMBER_BODIES = new Set(['class_body', 'interface_body', 'object_type']);

function scriptMethod(node: Parser.SyntaxNode, name: string, text: string): Declaration | undefined {
  const classBody = node.parent;
  const classNode = classBody?.parent;
  if (!classBody || !MEMBER_BODIES.has(classBody.type) || !classNode) return undefined;
  const className = classNode.childForFieldName('name')?.text;
  if (!className) return undefined;
  const outer = classNode.parent?.type === 'export_statement' ? classNode.parent : classNode;
  const isPrivate = node.children.some((child) => child.type === 'accessibility_modifier' && child.text !== 'public') || name.startsWith('#');
  const header = memberHeader(outer, classNode, classBody, text);
  const member = `  ${classBody.type === 'class_body' ? memberSignature(node, text) : typeMemberSignature(node)}`;
  return {
    name,
    kind: 'method',
    container: className,
    exported: outer.type === 'export_statement' && !isPrivate,
    line: node.startPosition.row,
    endLine: node.endPosition.row,
    text: `${withDoc(docComment(node), member, '  ')}`.replace(/^/, `${header} {\n`) + '\n}',
  };
}

/**
 * The `class X … {` line a class's outline and its members are shown under: on one line, its type
 * parameters elided, so the members of one class merge under one header in the prompt and each
 * costs its own lines only.
 */
function memberHeader(outer: Parser.SyntaxNode, classNode: Parser.SyntaxNode, classBody: Parser.SyntaxNode, text: string): string {
  const parameters = classNode.childForFieldName('type_parameters');
  const head = parameters
    ? text.slice(outer.startIndex, parameters.startIndex) + '<…>' + text.slice(parameters.endIndex, classBody.startIndex)
    : text.slice(outer.startIndex, classBody.startIndex);
  return oneLine(head);
}

/** A class with its fields and member signatures, bodies left out. */
function classOutline(outer: Parser.SyntaxNode, node: Parser.SyntaxNode, text: string): string {
  const body = node.childForFieldName('body');
  if (!body) return capLines(outer.text);
  const lines = [`${memberHeader(outer, node, body, text)} {`];
  for (const member of body.namedChildren) {
    if (member.type === 'comment') continue;
    if (lines.length > MAX_BODY_LINES) {
      lines.push('  // …');
      break;
    }
    lines.push(`  ${elideLongTypeArguments(memberSignature(member, text))}`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Type arguments longer than this many characters are shown as `<…>` in a class outline. */
const MAX_TYPE_ARGUMENTS = 16;

/**
 * A member signature with its long type argument lists elided, innermost first
 * (`QueryOptions<TQueryFnData, TError, TData, TQueryKey>` → `QueryOptions<…>`,
 * `Array<QueryObserver<any, any, any>>` → `Array<QueryObserver<…>>`), as the outline's header already
 * is: an outline shows what a class offers, and a generic class's signatures spelled out fitted half
 * as many members into its share of the budget. Short lists (`Array<Query>`, `Promise<void>`) stay.
 */
export function elideLongTypeArguments(signature: string): string {
  return signature.replace(TYPE_ARGUMENTS, (list: string) => (list.length - 2 > MAX_TYPE_ARGUMENTS ? '<…>' : list));
}
/** A type argument list with no list (and no arrow's `=>`) inside. */
const TYPE_ARGUMENTS = /<(?:[^<>=]|=(?!>))*>/g;

/** A class member without its body: `find(id: ID): Promise<User>;`, a field on its first line. */
function memberSignature(member: Parser.SyntaxNode, text: string): string {
  const body = member.childForFieldName('body');
  const head = body ? text.slice(member.startIndex, body.startIndex) : firstLines(member.text, 1);
  return oneLine(head).replace(/[;{\s]*$/, '') + ';';
}

/** An interface's or type literal's member, which has no body: its whole signature on one line, as a class outline shows a method's. */
function typeMemberSignature(member: Parser.SyntaxNode): string {
  return capLines(oneLine(member.text).replace(/[;,\s]*$/, '') + ';', 1);
}

/** Names exported by `export { a, b as c }` clauses without a source (declared in this file). */
function exportClauseNames(root: Parser.SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    if (statement.type !== 'export_statement' || statement.childForFieldName('source')) continue;
    for (const clause of statement.namedChildren) {
      if (clause.type !== 'export_clause') continue;
      for (const specifier of clause.namedChildren) {
        const local = specifier.childForFieldName('name')?.text;
        if (local) names.add(local);
      }
    }
    const value = statement.childForFieldName('value');
    if (value?.type === 'identifier') names.add(value.text);
  }
  return names;
}

function isModuleLevel(statement: Parser.SyntaxNode): boolean {
  const parent = statement.parent;
  return parent?.type === 'program' || (parent?.type === 'export_statement' && parent.parent?.type === 'program');
}
