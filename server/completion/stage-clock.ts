import { performance } from 'node:perf_hooks';

/**
 * The points a completion request passes on its way to the model and back, in order: after the debounce,
 * the tree's checks answered, repository context gathered, the prompt built, the model request opened, the
 * cursor analysis at hand, the reply's first and last chunk read, the cut made, the security gate's verdict.
 */
export type Stage = 'debounced' | 'checked' | 'gathered' | 'prompt' | 'sent' | 'facts' | 'first' | 'read' | 'cut' | 'gated';

/**
 * When one request reached each stage, in milliseconds since it arrived, so a debug log line can say where
 * the time went (`log.level: debug`): waiting on the worker, the model, or the main thread's own work.
 */
export class StageClock {
  private readonly marks: Array<{ stage: Stage; at: number }> = [];

  constructor(private readonly startedAt = performance.now()) {}

  /** Records that the request reached `stage` now; a stage reached twice keeps its first time. */
  mark(stage: Stage): void {
    if (this.marks.some((m) => m.stage === stage)) return;
    this.marks.push({ stage, at: performance.now() - this.startedAt });
  }

  /** Milliseconds from arrival to `stage`, or undefined when the request never reached it. */
  at(stage: Stage): number | undefined {
    return this.marks.find((m) => m.stage === stage)?.at;
  }

  /** `checked 0.41 · gathered 0.52 · …`: each stage reached, in the order reached, with its time since arrival. */
  toString(): string {
    return this.marks.map((m) => `${m.stage} ${m.at.toFixed(2)}`).join(' · ');
  }
}
