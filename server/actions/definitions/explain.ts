import { codeContext, surroundings, type ActionDefinition } from '../context.js';
import { explainPrompt } from '../prompts/explain.js';
import { declarationAt } from '../../syntax/outline.js';
import { commentAbove, commentBlockStart, functionAt } from './shared.js';

/** Explain: a concise comment above the selected code, or above the function under the cursor. */
export const explainAction: ActionDefinition = {
  action: 'explain',
  offer({ start, end, outline }) {
    if (end > start) return [{ title: 'Ghostline: Explain the selected code', kind: 'refactor.rewrite' }];
    const found = declarationAt(outline.declarations, start, ['function', 'method']);
    return found ? [{ title: `Ghostline: Explain ${found.name.text}`, kind: 'refactor.rewrite' }] : [];
  },
  async run(context) {
    const { doc, settings } = context;
    const selected = context.end > context.start;
    const focus = selected ? { start: context.start, end: context.end } : rangeOfNode(functionAt(context, 'explain').node);
    const insertAt = selected ? context.start : commentBlockStart(functionAt(context, 'explain').node);
    const { before, after } = surroundings(doc.text, focus.start, focus.end, settings.actions.contextLines);
    const spec = explainPrompt({ context: await codeContext(context, focus), code: doc.text.slice(focus.start, focus.end), before, after });
    return commentAbove(context, spec, insertAt, 'line');
  },
};

function rangeOfNode(node: { startIndex: number; endIndex: number }): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}
