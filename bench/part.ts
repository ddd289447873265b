/** One target from the issue, checked against what was measured. */
export interface TargetCheck {
  name: string;
  /** e.g. "≤ 5 ms". */
  target: string;
  measured: number;
  unit: string;
  met: boolean;
}

export interface PartReport {
  /** Everything measured, written as JSON beside the machine facts. */
  results: Record<string, unknown>;
  targets: TargetCheck[];
  /** Checks that the figures mean what they claim (e.g. every miss reached the model once); a failure makes them untrustworthy. */
  sanity: TargetCheck[];
}

/**
 * One benchmark part (latency now; quality and context later). A part prints its own tables with
 * `print` and returns its figures; `run.ts` stores them and never judges them.
 */
export interface BenchPart {
  name: string;
  description: string;
  /** `flags` are the command line's `--…` arguments, for a part's optional extras. */
  run(print: (text: string) => void, flags: readonly string[]): Promise<PartReport>;
}

/** A target that holds when `measured <= limit`. */
export function atMost(check: { name: string; measured: number; limit: number; unit?: string }): TargetCheck {
  const { name, measured, limit, unit = '' } = check;
  return { name, target: `≤ ${limit}${unit ? ` ${unit}` : ''}`, measured, unit, met: measured <= limit };
}

/** A target that holds when `measured >= limit`. */
export function atLeast(check: { name: string; measured: number; limit: number; unit?: string }): TargetCheck {
  const { name, measured, limit, unit = '' } = check;
  return { name, target: `≥ ${limit}${unit ? ` ${unit}` : ''}`, measured, unit, met: measured >= limit };
}
