import type Parser from 'tree-sitter';
import { checkReply, minimalEdit, type CheckedInsertion, type Insertion } from '../checks.js';
import { cleanCode, cleanText } from '../clean-reply.js';
import { formatComment, type CommentStyle } from '../comment-format.js';
import type { RunContext } from '../context.js';
import { indentOf, indentUnit, reindent } from '../indent.js';
import type { PromptSpec } from '../prompts/sections.js';
import { commentAnchor, declarationAt, leadingComments, type Declaration } from '../../syntax/outline.js';
import { positionOf } from '../../core/position.js';
import { lineAt } from '../../core/text.js';
import { ActionError, type ActionOutcome, type SecurityReport } from '../types.js';

/** Asks the model and checks the reply in place; the reply becomes `place(cleaned)`. */
export function generate(
  context: RunContext,
  spec: PromptSpec,
  place: (cleaned: string) => Omit<Insertion, 'language' | 'original' | 'originalTree'>,
  options: { allowEmpty?: boolean } = {},
): Promise<CheckedInsertion> {
  const { doc } = context;
  const clean = spec.output === 'code' ? cleanCode : cleanText;
  return context.chat(
    spec,
    checkReply(
      (cleaned) => ({ language: doc.language, original: doc.text, originalTree: doc.tree, ...place(cleaned) }),
      (reply) => clean(reply, spec.output),
      options,
    ),
  );
}

/** A checked insertion into the action's own document, as the smallest versioned edit. */
export function editOutcome(context: RunContext, checked: CheckedInsertion): ActionOutcome {
  const edit = minimalEdit(checked.insertion);
  const unchanged = edit.newText === '' && edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
  if (unchanged) throw new ActionError('not-applicable', 'The model suggested no change; nothing to apply.');
  return {
    changes: [{ type: 'edit', uri: context.doc.uri, version: context.doc.version, edits: [edit] }],
    security: securityReport(context.doc.uri, checked),
  };
}

/** The non-blocking findings of a checked insertion, placed relative to the inserted text. */
export function securityReport(uri: string, checked: CheckedInsertion): SecurityReport | undefined {
  const { file, findings, insertion } = checked;
  if (findings.length === 0) return undefined;
  return {
    uri,
    insertedText: insertion.replacement,
    findings: findings.map((finding) => ({
      rule: finding.rule,
      message: finding.message,
      start: finding.startIndex - file.startIndex,
      end: finding.endIndex - file.startIndex,
      range: { start: positionOf(file.text, finding.startIndex), end: positionOf(file.text, finding.endIndex) },
    })),
  };
}

/** Inserts a comment, written from the model's words, on its own lines above the line holding `offset`. */
export async function commentAbove(context: RunContext, spec: PromptSpec, offset: number, style: CommentStyle): Promise<ActionOutcome> {
  const line = lineAt(context.doc.text, offset);
  const indent = indentOf(line.text);
  const token = context.doc.language.module.cut.lineComment;
  const checked = await generate(context, spec, (cleaned) => ({ start: line.start, end: line.start, replacement: formatComment(cleaned, style, indent, token) }));
  return editOutcome(context, checked);
}

/** Inserts a docstring (Python) as the first line of a definition's indented body. */
export async function docstringInside(context: RunContext, spec: PromptSpec, node: Parser.SyntaxNode): Promise<ActionOutcome> {
  const definition = node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
  const body = definition.childForFieldName('body');
  // A one-line body (`def f(): pass`) has no line of its own to go above.
  if (!body || body.startPosition.row === definition.startPosition.row)
    throw new ActionError('not-applicable', 'The body shares the line with its header; put it on its own line first.');
  const line = lineAt(context.doc.text, body.startIndex);
  const indent = indentOf(line.text);
  const checked = await generate(context, spec, (cleaned) => ({ start: line.start, end: line.start, replacement: formatComment(cleaned, 'docstring', indent) }));
  return editOutcome(context, checked);
}

/** Generated code re-indented to sit at `base` in this file's indentation style. */
export function fitIndentation(context: RunContext, code: string, base: string): string {
  return reindent(code, base, indentUnit(context.doc.text));
}

/** The function or method at the action's position, or a clear error. */
export function functionAt(context: Pick<RunContext, 'outline' | 'start' | 'doc'>, purpose: string): Declaration {
  const found = declarationAt(context.outline.declarations, context.start, ['function', 'method']);
  if (!found) throw new ActionError('not-applicable', `There is no function or method at line ${positionOf(context.doc.text, context.start).line + 1} to ${purpose}.`);
  return found;
}

/** The first line a declaration's comment block starts on (its doc comment, or the declaration). */
export function commentBlockStart(node: Parser.SyntaxNode): number {
  const anchor = commentAnchor(node);
  return leadingComments(anchor)[0]?.startIndex ?? anchor.startIndex;
}

/** The doc comment convention of the language. */
export function docStyle(context: Pick<RunContext, 'doc'>): { convention: string; style: CommentStyle; guidance: string } {
  return context.doc.language.module.comments.doc(context.doc.language.id, context.doc.text);
}
