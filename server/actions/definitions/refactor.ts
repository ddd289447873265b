import { codeContext, surroundings, type ActionDefinition, type RunContext } from '../context.js';
import { indentOf } from '../indent.js';
import { refactorPrompt } from '../prompts/refactor.js';
import { lineAt } from '../../core/text.js';
import { ActionError } from '../types.js';
import { editOutcome, fitIndentation, generate } from './shared.js';

/** Refactor: the selection rewritten without changing behaviour, optionally as the user instructs. */
export const refactorAction: ActionDefinition = {
  action: 'refactor',
  offer({ start, end }) {
    return end > start ? [{ title: 'Ghostline: Refactor the selection', kind: 'refactor.rewrite' }] : [];
  },
  async run(context) {
    const { doc, settings } = context;
    if (context.end <= context.start) throw new ActionError('not-applicable', 'Select the code to refactor first.');
    const region = replacedRegion(context);
    const { before, after } = surroundings(doc.text, region.start, region.end, settings.actions.contextLines);
    const spec = refactorPrompt({
      context: await codeContext(context, region),
      selection: doc.text.slice(region.start, region.end),
      before,
      after,
      instruction: context.data.instruction,
    });
    const base = indentOf(lineAt(doc.text, region.start).text);
    const checked = await generate(context, spec, (cleaned) => {
      const fitted = fitIndentation(context, cleaned, base);
      // Inside a line the replacement continues the line: its first line carries no indentation.
      return { ...region, replacement: region.wholeLines ? fitted : fitted.slice(base.length) };
    });
    return editOutcome(context, checked);
  },
};

/** Whole lines when the selection covers them (so indentation is rewritten too), else exactly the selection. */
function replacedRegion(context: RunContext): { start: number; end: number; wholeLines: boolean } {
  const { text } = context.doc;
  const end = text[context.end - 1] === '\n' ? context.end - 1 : context.end;
  const first = lineAt(text, context.start);
  const last = lineAt(text, end);
  const wholeLines = text.slice(first.start, context.start).trim() === '' && text.slice(end, last.end).trim() === '';
  return wholeLines ? { start: first.start, end: last.end, wholeLines } : { start: context.start, end, wholeLines };
}
