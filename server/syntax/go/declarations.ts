import type Parser from 'tree-sitter';
import { capLines, docComment, MAX_BODY_LINES, firstLines, memberNames, signature, withDoc, type Declaration, type DeclarationKind } from '../declarations.js';

/** A Go declaration: exported when capitalised, methods contained by their receiver's type. */
export function goDeclaration(node: Parser.SyntaxNode, name: string, kind: DeclarationKind, text: string): Declaration | undefined {
  const exported = /^\p{Lu}/u.test(name);
  const outer = node.type === 'type_spec' || node.type === 'type_alias' || node.type === 'const_spec' || node.type === 'var_spec' ? declarationStatement(node) : node;
  let body: string;
  let container: string | undefined;
  let members: string[] | undefined;
  let supertypes: string[] | undefined;
  if (kind === 'function' || kind === 'method') {
    body = signature(node, text);
    if (kind === 'method') container = receiverType(node);
  } else if (kind === 'type') {
    // Grouped specs (`type ( A int; B string )`) get their keyword back so each reads alone.
    const typeNode = node.childForFieldName('type');
    body = capLines(typeNode?.type === 'interface_type' ? methodLines(`type ${node.text}`) : `type ${node.text}`);
    if (typeNode?.type === 'interface_type') kind = 'interface';
    members = memberNames(typeNode);
    supertypes = embeddedTypes(typeNode);
  } else {
    const keyword = kind === 'constant' ? 'const' : 'var';
    body = `${keyword} ${firstLines(node.text, 1)}`;
  }
  const docNode = outer.parent?.type === 'source_file' ? outer : node;
  const declaration: Declaration = {
    name,
    kind,
    container,
    exported,
    line: outer.startPosition.row,
    endLine: outer.endPosition.row,
    text: withDoc(docComment(docNode), body),
    members,
  };
  if (supertypes) declaration.supertypes = supertypes;
  return declaration;
}

/**
 * The types a struct embeds (`*MetricVec`, `sync.Mutex`) or an interface includes (`io.Reader`):
 * their methods are the type's own (promoted), so they count as its supertypes. Names only, as
 * the package's code names them.
 */
function embeddedTypes(typeNode: Parser.SyntaxNode | null): string[] | undefined {
  const embedded: string[] = [];
  const name = (node: Parser.SyntaxNode | null): string | undefined => {
    if (node?.type === 'type_identifier') return node.text;
    if (node?.type === 'qualified_type') return node.childForFieldName('name')?.text;
    if (node?.type === 'generic_type') return name(node.childForFieldName('type'));
    return undefined;
  };
  if (typeNode?.type === 'struct_type') {
    for (const field of typeNode.namedChildren[0]?.namedChildren ?? []) {
      if (field.type !== 'field_declaration' || field.childForFieldName('name')) continue;
      const found = name(field.childForFieldName('type'));
      if (found) embedded.push(found);
    }
  } else if (typeNode?.type === 'interface_type') {
    for (const element of typeNode.namedChildren) {
      const found = element.type === 'type_elem' && element.namedChildCount === 1 ? name(element.namedChildren[0]!) : undefined;
      if (found) embedded.push(found);
    }
  }
  return embedded.length > 0 ? embedded : undefined;
}

/**
 * A long interface without the comment (and blank) lines inside it: the lines kept (see capLines) are then all
 * methods, which a snippet shows most used first (see goMembersByWorth), rather than the first few
 * methods and their comments.
 */
function methodLines(text: string): string {
  const lines = text.split('\n');
  return lines.length <= MAX_BODY_LINES ? text : lines.filter((line, i) => i === 0 || !(line.trim().startsWith('//') || line.trim() === '')).join('\n');
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
