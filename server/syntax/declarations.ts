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
  /** Classes and interfaces: the types named in `extends` and `implements`, whose members a value of this type also has. */
  supertypes?: string[];
  /** Lines ending `text` that are its documentation (Python's docstring line under the signature), left out where a doc comment above one would be. */
  docLinesAfter?: number;
}

/** The qualified name tools print and accept and localization keys on: `Type.member` for methods and members, else the name. */
export function qualifiedName(declaration: Pick<Declaration, 'name' | 'container'>): string {
  return declaration.container ? `${declaration.container}.${declaration.name}` : declaration.name;
}

/** Longest type body or class outline kept, in lines; longer ones end with an ellipsis line. */
export const MAX_BODY_LINES = 40;
/** Doc comments are cut to their first lines: the signature matters more to a small model than prose. */
const MAX_DOC_LINES = 2;
const MAX_LINE_CHARS = 200;

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
  'function_definition',
  'lambda',
]);
const BODY_FIELDS = ['body'];
/** How deep below the root a declaration may start, unless the language says otherwise: a TS class's methods sit at 3. */
const DECLARATION_DEPTH = 4;

/** Extracts the declarations of a parsed file with the language's declarations query. */
export function extractDeclarations(tree: Parser.Tree, text: string, language: Language): Declaration[] {
  const out: Declaration[] = [];
  const seen = new Set<number>();
  const read = language.module.declarations.reader(tree.rootNode, text);
  for (const match of language.symbols.matches(tree.rootNode, { maxStartDepth: language.module.declarations.maxDepth ?? DECLARATION_DEPTH })) {
    const definition = match.captures.find((capture) => capture.name.startsWith('definition.'));
    const nameNode = match.captures.find((capture) => capture.name === 'name')?.node;
    if (!definition || !nameNode) continue;
    const node = definition.node;
    if (seen.has(nameNode.startIndex) || insideFunction(node)) continue;
    seen.add(nameNode.startIndex);
    const kind = definition.name.slice('definition.'.length) as DeclarationKind;
    const declaration = read(node, nameNode.text, kind);
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

/** Text of a function from `from` (the export statement, say) to where its body starts. */
export function signatureFrom(from: Parser.SyntaxNode, fn: Parser.SyntaxNode, text: string): string {
  const body = BODY_FIELDS.map((field) => fn.childForFieldName(field)).find((child) => child !== null);
  const end = body && body.type !== 'expression' && (body.type === 'statement_block' || body.type === 'block' || fn.type === 'arrow_function') ? body.startIndex : fn.endIndex;
  return capLines(text.slice(from.startIndex, end).trimEnd(), 12);
}

export function signature(node: Parser.SyntaxNode, text: string): string {
  return signatureFrom(node, node, text);
}

/** Names of fields, methods and properties inside a struct, interface, class, enum or object body. */
export function memberNames(body: Parser.SyntaxNode | null | undefined): string[] | undefined {
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

/** The comment lines right above a declaration (no blank line between), shortened. */
export function docComment(node: Parser.SyntaxNode): string {
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

export function withDoc(doc: string, body: string, indent = ''): string {
  if (!doc) return body;
  return `${doc
    .split('\n')
    .map((line) => indent + line.trim())
    .join('\n')}\n${body}`;
}

export function capLines(text: string, max = MAX_BODY_LINES): string {
  const lines = text.split('\n');
  const capped = lines.length <= max ? lines : [...lines.slice(0, max), '\t// …'];
  return capped.map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line)).join('\n');
}

export function firstLines(text: string, count: number): string {
  return capLines(text.split('\n').slice(0, count).join('\n'), count);
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
