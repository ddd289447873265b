import type Parser from 'tree-sitter';
import type { Language } from './languages.js';

export type DeclarationKind = 'function' | 'method' | 'type' | 'interface' | 'class' | 'enum' | 'constant' | 'variable';

/** One declaration as the prompt shows it: signature and doc comment, never a function body. */
export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** Go: the receiver's type name; TS/JS: the class a method belongs to. */
  container?: string;
  exported: boolean;
  /** 0-based lines of the whole declaration. */
  line: number;
  endLine: number;
  /** What reaches the prompt: doc comment (shortened) and signature; type bodies whole up to a limit. */
  text: string;
  /** Field, method and property names of a struct, interface, class or enum, for member lookups (`x.name`). */
  members?: string[];
  /** Functions and methods: what the body calls (see extractCalls), for the call graph. */
  calls?: string[];
}

/** Longest type body or class outline kept, in lines; longer ones end with an ellipsis line. */
const MAX_BODY_LINES = 40;
/** Doc comments are cut to their first lines: the signature matters more to a small model than prose. */
const MAX_DOC_LINES = 2;
const MAX_LINE_CHARS = 200;

const FUNCTION_TYPES = new Set([
  'function_declaration', 'method_declaration', 'func_literal', 'function_expression', 'arrow_function',
  'method_definition', 'generator_function_declaration', 'generator_function', 'function',
]);
const BODY_FIELDS = ['body'];

/** Extracts the declarations of a parsed file with the language's declarations query. */
export function extractDeclarations(tree: Parser.Tree, text: string, language: Language): Declaration[] {
  const out: Declaration[] = [];
  const seen = new Set<number>();
  const exportedNames = language.id === 'go' ? undefined : exportClauseNames(tree.rootNode);
  for (const match of language.symbols.matches(tree.rootNode, { maxStartDepth: 4 })) {
    const definition = match.captures.find((capture) => capture.name.startsWith('definition.'));
    const nameNode = match.captures.find((capture) => capture.name === 'name')?.node;
    if (!definition || !nameNode) continue;
    const node = definition.node;
    if (seen.has(nameNode.startIndex) || insideFunction(node)) continue;
    seen.add(nameNode.startIndex);
    const kind = definition.name.slice('definition.'.length) as DeclarationKind;
    const declaration = language.id === 'go' ? goDeclaration(node, nameNode.text, kind, text) : scriptDeclaration(node, nameNode.text, kind, text, exportedNames!);
    if (declaration) out.push(declaration);
  }
  return out;
}

/** Whether a node sits inside a function body (a local, not part of the file's API). */
function insideFunction(node: Parser.SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (FUNCTION_TYPES.has(parent.type)) return true;
  }
  return false;
}

function goDeclaration(node: Parser.SyntaxNode, name: string, kind: DeclarationKind, text: string): Declaration | undefined {
  const exported = /^\p{Lu}/u.test(name);
  const outer = node.type === 'type_spec' || node.type === 'type_alias' || node.type === 'const_spec' || node.type === 'var_spec' ? declarationStatement(node) : node;
  let body: string;
  let container: string | undefined;
  let members: string[] | undefined;
  if (kind === 'function' || kind === 'method') {
    body = signature(node, text);
    if (kind === 'method') container = receiverType(node);
  } else if (kind === 'type') {
    // Grouped specs (`type ( A int; B string )`) get their keyword back so each reads alone.
    body = capLines(`type ${node.text}`);
    const typeNode = node.childForFieldName('type');
    if (typeNode?.type === 'interface_type') kind = 'interface';
    members = memberNames(typeNode);
  } else {
    const keyword = kind === 'constant' ? 'const' : 'var';
    body = `${keyword} ${firstLines(node.text, 1)}`;
  }
  const docNode = outer.parent?.type === 'source_file' ? outer : node;
  return { name, kind, container, exported, line: outer.startPosition.row, endLine: outer.endPosition.row, text: withDoc(docComment(docNode), body), members };
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
  } else {
    body = capLines(outer.text);
    members = memberNames(node.childForFieldName('body') ?? node.childForFieldName('value'));
  }
  return { name, kind, exported, line: outer.startPosition.row, endLine: outer.endPosition.row, text: withDoc(docComment(outer), body), members };
}

function scriptMethod(node: Parser.SyntaxNode, name: string, text: string): Declaration | undefined {
  const classBody = node.parent;
  const classNode = classBody?.parent;
  if (!classBody || classBody.type !== 'class_body' || !classNode) return undefined;
  const className = classNode.childForFieldName('name')?.text;
  if (!className) return undefined;
  const outer = classNode.parent?.type === 'export_statement' ? classNode.parent : classNode;
  const isPrivate = node.children.some((child) => child.type === 'accessibility_modifier' && child.text !== 'public') || name.startsWith('#');
  const header = text.slice(outer.startIndex, classBody.startIndex).trimEnd();
  const member = `  ${memberSignature(node, text)}`;
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

/** A class with its fields and member signatures, bodies left out. */
function classOutline(outer: Parser.SyntaxNode, node: Parser.SyntaxNode, text: string): string {
  const body = node.childForFieldName('body');
  if (!body) return capLines(outer.text);
  const lines = [`${text.slice(outer.startIndex, body.startIndex).trimEnd()} {`];
  for (const member of body.namedChildren) {
    if (member.type === 'comment') continue;
    if (lines.length > MAX_BODY_LINES) {
      lines.push('  // …');
      break;
    }
    lines.push(`  ${memberSignature(member, text)}`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** A class member without its body: `find(id: ID): Promise<User>;`, a field on its first line. */
function memberSignature(member: Parser.SyntaxNode, text: string): string {
  const body = member.childForFieldName('body');
  const head = body ? text.slice(member.startIndex, body.startIndex) : firstLines(member.text, 1);
  return oneLine(head).replace(/[;{\s]*$/, '') + ';';
}

/** Text of a function from `from` (the export statement, say) to where its body starts. */
function signatureFrom(from: Parser.SyntaxNode, fn: Parser.SyntaxNode, text: string): string {
  const body = BODY_FIELDS.map((field) => fn.childForFieldName(field)).find((child) => child !== null);
  const end = body && body.type !== 'expression' && (body.type === 'statement_block' || body.type === 'block' || fn.type === 'arrow_function') ? body.startIndex : fn.endIndex;
  return capLines(text.slice(from.startIndex, end).trimEnd(), 12);
}

function signature(node: Parser.SyntaxNode, text: string): string {
  return signatureFrom(node, node, text);
}

/** Go: `func (s *Store) Get` → `Store`. */
function receiverType(node: Parser.SyntaxNode): string | undefined {
  const receiver = node.childForFieldName('receiver');
  const match = receiver ? /\*?\s*([\p{L}_][\p{L}\p{N}_]*)\s*(\[[^\]]*\])?\s*\)$/u.exec(receiver.text) : null;
  return match?.[1];
}

/** The type/const/var statement around a spec, or the spec itself when the statement groups several. */
function declarationStatement(spec: Parser.SyntaxNode): Parser.SyntaxNode {
  let parent = spec.parent;
  if (parent?.type === 'var_spec_list' || parent?.type === 'type_spec_list') parent = parent.parent;
  // Comparing ends, not listing children: a const block can hold thousands of specs.
  return parent && parent.firstNamedChild?.startIndex === spec.startIndex && parent.lastNamedChild?.endIndex === spec.endIndex ? parent : spec;
}

/** Names of fields, methods and properties inside a struct, interface, class, enum or object body. */
function memberNames(body: Parser.SyntaxNode | null | undefined): string[] | undefined {
  if (!body) return undefined;
  const names: string[] = [];
  const visit = (node: Parser.SyntaxNode, depth: number) => {
    for (const child of node.namedChildren) {
      if (child.type === 'field_identifier' || child.type === 'property_identifier' || child.type === 'shorthand_property_identifier') {
        names.push(child.text);
      } else if (depth < 3 && !child.type.includes('block') && child.type !== 'type_annotation') {
        visit(child, depth + 1);
      }
    }
  };
  visit(body, 0);
  return names.length > 0 ? [...new Set(names)] : undefined;
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

/** The comment lines right above a declaration (no blank line between), shortened. */
function docComment(node: Parser.SyntaxNode): string {
  const comments: string[] = [];
  let expectedRow = node.startPosition.row;
  for (let previous = node.previousNamedSibling; previous?.type === 'comment'; previous = previous.previousNamedSibling) {
    if (previous.endPosition.row < expectedRow - 1) break;
    comments.unshift(previous.text);
    expectedRow = previous.startPosition.row;
  }
  if (comments.length === 0) return '';
  const lines = comments.join('\n').split('\n');
  if (lines.length <= MAX_DOC_LINES) return lines.join('\n');
  const kept = lines.slice(0, MAX_DOC_LINES);
  // A cut block comment must still be closed, or the signature after it would read as comment.
  if (kept.some((line) => line.includes('/*')) && !kept.some((line) => line.includes('*/'))) kept.push(' */');
  return kept.join('\n');
}

function withDoc(doc: string, body: string, indent = ''): string {
  if (!doc) return body;
  return `${doc.split('\n').map((line) => indent + line.trim()).join('\n')}\n${body}`;
}

function capLines(text: string, max = MAX_BODY_LINES): string {
  const lines = text.split('\n');
  const capped = lines.length <= max ? lines : [...lines.slice(0, max), '\t// …'];
  return capped.map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line)).join('\n');
}

function firstLines(text: string, count: number): string {
  return capLines(text.split('\n').slice(0, count).join('\n'), count);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
