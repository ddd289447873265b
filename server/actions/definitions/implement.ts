import type Parser from 'tree-sitter';
import { codeContext, surroundings, type ActionDefinition, type RunContext } from '../context.js';
import { indentOf, indentUnit } from '../indent.js';
import { implementPrompt } from '../prompts/implement.js';
import { bodyOf, commentAt, declarationAt, isEmptyBody, outline } from '../../syntax/outline.js';
import { lineAt } from '../../core/text.js';
import { ActionError, type ActionOutcome } from '../types.js';
import { commentBlockStart, editOutcome, fitIndentation, generate } from './shared.js';

/** Implement: an empty function body, or a comment saying what to write, turned into code. */
export const implementAction: ActionDefinition = {
  action: 'implement',
  offer({ doc, start, outline: found }) {
    const fn = declarationAt(found.declarations, start, ['function', 'method']);
    const body = fn && bodyOf(fn.node);
    if (fn && body && isEmptyBody(body)) return [{ title: `Ghostline: Implement ${fn.name.text}`, kind: 'refactor.rewrite' }];
    const comment = commentAt(doc.tree, doc.text, start);
    return comment && requestComment(comment) ? [{ title: 'Ghostline: Implement this comment', kind: 'refactor.rewrite' }] : [];
  },
  async run(context) {
    const fn = declarationAt(context.outline.declarations, context.start, ['function', 'method']);
    const body = fn && bodyOf(fn.node);
    if (fn && body && isEmptyBody(body)) return implementBody(context, fn.node, body, fn.name.text);
    const comment = commentAt(context.doc.tree, context.doc.text, context.start);
    const block = comment && requestComment(comment);
    if (block) return implementComment(context, block.first, block.last);
    throw new ActionError('not-applicable', 'Put the cursor in a function with an empty body, or on a comment that says what to write.');
  },
};

/**
 * The block of line comments around `comment` when it asks for code: not documentation of the
 * code right below it, and not a remark at the end of a line of code.
 */
function requestComment(at: Parser.SyntaxNode): { first: Parser.SyntaxNode; last: Parser.SyntaxNode } | undefined {
  let first = at;
  for (let prev = first.previousNamedSibling; prev?.type === 'comment' && prev.endPosition.row === first.startPosition.row - 1; prev = first.previousNamedSibling) first = prev;
  const previous = first.previousSibling;
  if (previous && previous.endPosition.row === first.startPosition.row && previous.type !== '{') return undefined;
  let last = at;
  for (let next = last.nextNamedSibling; next?.type === 'comment' && next.startPosition.row === last.endPosition.row + 1; next = last.nextNamedSibling) last = next;
  const next = last.nextNamedSibling;
  return !next || next.startPosition.row > last.endPosition.row + 1 ? { first, last } : undefined;
}

async function implementBody(context: RunContext, fn: Parser.SyntaxNode, body: Parser.SyntaxNode, name: string): Promise<ActionOutcome> {
  const { doc, settings } = context;
  const declIndent = indentOf(lineAt(doc.text, fn.startIndex).text);
  const inner = declIndent + indentUnit(doc.text);
  const kept = body.namedChildren.map((comment) => fitIndentation(context, comment.text, inner));
  const from = commentBlockStart(fn);
  const { before, after } = surroundings(doc.text, from, fn.endIndex, settings.actions.contextLines);
  const spec = implementPrompt({ context: await codeContext(context, { start: from, end: fn.endIndex }), target: 'body', code: doc.text.slice(from, fn.endIndex), before, after });
  const checked = await generate(context, spec, (cleaned) => {
    const statements = fitIndentation(context, statementsOf(context, cleaned, name), inner);
    return { start: body.startIndex, end: body.endIndex, replacement: `{\n${[...kept, statements].join('\n')}\n${declIndent}}` };
  });
  return editOutcome(context, checked);
}

async function implementComment(context: RunContext, comment: Parser.SyntaxNode, last: Parser.SyntaxNode): Promise<ActionOutcome> {
  const { doc, settings } = context;
  const line = lineAt(doc.text, last.endIndex);
  const indent = indentOf(lineAt(doc.text, comment.startIndex).text);
  const { before, after } = surroundings(doc.text, comment.startIndex, line.end, settings.actions.contextLines);
  const code = doc.text.slice(lineAt(doc.text, comment.startIndex).start, line.end);
  const spec = implementPrompt({ context: await codeContext(context, { start: comment.startIndex, end: line.end }), target: 'comment', code, before, after });
  const checked = await generate(context, spec, (cleaned) => ({ start: line.end, end: line.end, replacement: `\n${fitIndentation(context, cleaned, indent)}` }));
  return editOutcome(context, checked);
}

/** Models often answer with the whole function although asked for its body: keep the body's statements. */
function statementsOf(context: RunContext, code: string, name: string): string {
  const tree = context.doc.language.parser.parse(code);
  const whole = outline(context.doc.language, tree).declarations.find((declaration) => declaration.name.text === name && declaration.kind !== 'type');
  const body = whole && bodyOf(whole.node);
  if (!body || !/^(block|statement_block)$/.test(body.type)) return code;
  return code
    .slice(body.startIndex + 1, body.endIndex - 1)
    .replace(/^[ \t]*\n/, '')
    .trimEnd();
}
