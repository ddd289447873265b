import { codeContext, type ActionDefinition } from '../context.js';
import { documentPrompt } from '../prompts/document.js';
import { commentAnchor, declarationAt, hasDocComment } from '../../syntax/outline.js';
import { positionOf } from '../../core/position.js';
import { ActionError } from '../types.js';
import { commentAbove, docstringInside, docStyle } from './shared.js';

/** Document: an idiomatic doc comment (GoDoc, TSDoc, JSDoc) for the declaration under the cursor. */
export const documentAction: ActionDefinition = {
  action: 'document',
  offer({ doc, start, outline }) {
    const found = declarationAt(outline.declarations, start, ['function', 'method', 'type']);
    if (!found || hasDocComment(commentAnchor(found.node), doc.language)) return [];
    return [{ title: `Ghostline: Document ${found.name.text}`, kind: 'refactor.rewrite' }];
  },
  async run(context) {
    const found = declarationAt(context.outline.declarations, context.start, ['function', 'method', 'type']);
    if (!found) throw new ActionError('not-applicable', `There is no declaration at line ${positionOf(context.doc.text, context.start).line + 1} to document.`);
    const anchor = commentAnchor(found.node);
    const { convention, style, guidance } = docStyle(context);
    const spec = documentPrompt({
      context: await codeContext(context, { start: anchor.startIndex, end: anchor.endIndex }),
      declaration: anchor.text,
      name: found.name.text,
      convention,
      guidance,
    });
    return style === 'docstring' ? docstringInside(context, spec, found.node) : commentAbove(context, spec, anchor.startIndex, style);
  },
};
