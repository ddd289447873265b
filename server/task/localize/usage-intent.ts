import type { LocalizationModel } from './model.js';

/**
 * Words that say the change is about the places that use something, not the thing itself: "remove
 * the last uses of `wrappedLift`", "get rid of stankyLift", "avoid `Object.create`", "remove
 * reliance on take", "replace X with Y". Matched on whole lower-case words of the task.
 */
const USE_INTENT = /\b(?:remov\w*|rid|avoid\w*|relian\w*|reli\w*|uses?|using|replac\w*|drop\w*|stop|without|migrat\w*)\b/i;

/** Whether the task talks about removing or replacing a use of something rather than changing it. */
export function hasUseIntent(task: string): boolean {
  return USE_INTENT.test(task);
}

/**
 * The declarations that call a named one, with a weight each: when a task removes or replaces a
 * use of `X`, the code to change is where X is called (X's callers, through the graph's resolved
 * calls), not only where X is declared. Few callers ("the last uses") each weigh more than many.
 */
export function callersOf(model: LocalizationModel, named: ReadonlyMap<number, number>): Map<number, { weight: number; of: string }> {
  const callers = new Map<number, { weight: number; of: string }>();
  for (const [id, strength] of named) {
    const from = new Set<number>();
    for (const edge of model.graph.out[id] ?? []) if (edge.relation === 'called by' && model.lexical.nodes[edge.to]?.file !== model.lexical.nodes[id]?.file) from.add(edge.to);
    if (from.size === 0) continue;
    const each = strength / Math.sqrt(from.size);
    const of = model.lexical.nodes[id]!.qualified;
    for (const caller of from) if ((callers.get(caller)?.weight ?? 0) < each) callers.set(caller, { weight: each, of });
  }
  return callers;
}
