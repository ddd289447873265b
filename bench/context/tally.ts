import { CASE_CLASSES, type CaseClass, type Target } from './target.js';

export const BUDGETS = [256, 512, 1024] as const;
/**
 * The order the budgets are gathered in for one masked line: the timed 1,024-token gather first, on a revision
 * of the index no gather has seen yet, as a keystroke after the file was re-indexed meets it. Timed after the
 * 256 and 512 gathers, it found their per-revision tables filled (a type's ranked methods, resolved types) and
 * came out a third faster than a user's keystroke.
 */
export const GATHER_ORDER = [1024, 256, 512] as const;
export type Method = 'ghostline' | 'bm25' | 'currentFile';
export const METHODS: readonly Method[] = ['ghostline', 'bm25', 'currentFile'];

/** Share of target definitions present, by method and budget. */
export type Recall = Record<Method, Record<string, number>>;

/** Targets found per case class, method and budget, for recall overall, per class, or over a few classes (methods: method + chained). */
export class RecallTally {
  private readonly targets = new Map<CaseClass, number>();
  private readonly found = new Map<string, number>();

  /** Counts a masked line's targets once. */
  addTargets(targets: readonly Target[]): void {
    for (const target of targets) this.targets.set(target.kind, (this.targets.get(target.kind) ?? 0) + 1);
  }

  /** Records which of a line's targets one method showed at one budget. */
  record(method: Method, budget: number, targets: readonly Target[], present: (target: Target) => boolean): void {
    for (const target of targets) {
      if (!present(target)) continue;
      const key = `${target.kind}|${method}|${budget}`;
      this.found.set(key, (this.found.get(key) ?? 0) + 1);
    }
  }

  count(classes: readonly CaseClass[] = CASE_CLASSES): number {
    return classes.reduce((sum, kind) => sum + (this.targets.get(kind) ?? 0), 0);
  }

  recall(classes: readonly CaseClass[] = CASE_CLASSES): Recall {
    const total = this.count(classes);
    const share = (method: Method, budget: number) => (total ? classes.reduce((sum, kind) => sum + (this.found.get(`${kind}|${method}|${budget}`) ?? 0), 0) / total : 0);
    return Object.fromEntries(METHODS.map((method) => [method, Object.fromEntries(BUDGETS.map((budget) => [String(budget), share(method, budget)]))])) as Recall;
  }

  /** Every class with targets: how many, and the recall of each method at each budget. */
  byClass(): Array<{ kind: CaseClass; targets: number; recall: Recall }> {
    return CASE_CLASSES.filter((kind) => this.count([kind]) > 0).map((kind) => ({ kind, targets: this.count([kind]), recall: this.recall([kind]) }));
  }
}
