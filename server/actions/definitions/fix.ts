import type Parser from 'tree-sitter';
import { codeContext, surroundings, type ActionDefinition, type RunContext } from '../context.js';
import { indentOf } from '../indent.js';
import { fixPrompt } from '../prompts/fix.js';
import { declarationAt } from '../../syntax/outline.js';
import { offsetOf } from '../../core/position.js';
import { lineAt } from '../../core/text.js';
import { ActionError } from '../types.js';
import { editOutcome, fitIndentation, generate } from './shared.js';

/** The most lines shown to the model as the region to correct; longer declarations give way to nearby lines. */
const MAX_REGION_LINES = 80;
const NEARBY_LINES = 3;

/** Fix diagnostic: a quick fix for any diagnostic in the request's context, from any language server. */
export const fixAction: ActionDefinition = {
  action: 'fix',
  offer({ diagnostics }) {
    return diagnostics.slice(0, 8).map((diagnostic) => ({
      title: `Ghostline: Fix "${shorten(diagnostic.message)}"`,
      kind: 'quickfix',
      diagnostic,
    }));
  },
  async run(context) {
    const { doc, settings } = context;
    const diagnostic = context.data.diagnostic;
    if (!diagnostic) throw new ActionError('invalid-data', 'Ghostline cannot run this fix: its data carries no diagnostic.');
    const from = offsetOf(doc.text, diagnostic.range.start);
    const to = Math.max(from, offsetOf(doc.text, diagnostic.range.end));
    const region = regionAround(context, from, to);
    const { before, after } = surroundings(doc.text, region.start, region.end, settings.actions.contextLines);
    const firstRow = doc.text.slice(0, region.start).split('\n').length;
    const line = doc.text.slice(0, from).split('\n').length - firstRow + 1;
    const spec = fixPrompt({
      context: await codeContext(context, region),
      region: doc.text.slice(region.start, region.end),
      before,
      after,
      diagnostic: { message: diagnostic.message, code: diagnostic.code, source: diagnostic.source, line, text: doc.text.slice(from, to) || lineAt(doc.text, from).text.trim() },
    });
    const base = indentOf(lineAt(doc.text, region.start).text);
    // An empty answer is a fix too: deleting an unused import or variable.
    const checked = await generate(
      context,
      spec,
      (cleaned) =>
        cleaned.trim()
          ? { ...region, replacement: fitIndentation(context, cleaned, base) }
          : { start: region.start, end: Math.min(region.end + 1, doc.text.length), replacement: '' },
      { allowEmpty: true },
    );
    return editOutcome(context, checked);
  },
};

/**
 * The whole lines the model may rewrite: the declaration holding the diagnostic, or the top-level
 * statement (an import block), when short enough; otherwise a few lines around it.
 */
function regionAround(context: RunContext, from: number, to: number): { start: number; end: number } {
  const { doc, outline } = context;
  const declaration = declarationAt(outline.declarations, from, ['function', 'method', 'type'])?.node;
  const candidates: Array<Parser.SyntaxNode | undefined> = [declaration, topLevelAt(doc.tree, from)];
  for (const node of candidates) {
    if (node && node.endIndex >= to && node.endPosition.row - node.startPosition.row < MAX_REGION_LINES) {
      return { start: lineAt(doc.text, node.startIndex).start, end: lineAt(doc.text, node.endIndex).end };
    }
  }
  let start = lineAt(doc.text, from).start;
  let end = lineAt(doc.text, to).end;
  for (let i = 0; i < NEARBY_LINES && start > 0; i++) start = lineAt(doc.text, start - 1).start;
  for (let i = 0; i < NEARBY_LINES && end < doc.text.length; i++) end = lineAt(doc.text, end + 1).end;
  return { start, end };
}

function topLevelAt(tree: Parser.Tree, offset: number): Parser.SyntaxNode | undefined {
  return tree.rootNode.namedChildren.find((child) => child.startIndex <= offset && offset <= child.endIndex);
}

function shorten(message: string): string {
  const line = message.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
