/**
 * bench/report.md is tracked, and a clone holds the results of no part: a run of one part must
 * replace that part's section and leave every other section exactly as it was, never drop it.
 */

/** Parts in the order their sections appear in the report. */
export const REPORT_PART_ORDER = ['quality', 'latency', 'context', 'peers'] as const;

/** One part's section: its `## ` heading names the command that produced it (`npm run bench -- <part>`). */
export interface ReportSection {
  part: string;
  /** The section's lines, from its `## ` heading up to (not including) the next one. */
  text: string;
}

const PART_IN_HEADING = /`npm run bench -- ([\w-]+)`/;

/** Splits a report into what comes before the first `## ` heading and its sections, in order. */
export function splitReport(report: string): { head: string; sections: ReportSection[] } {
  const lines = report.split('\n');
  const starts = lines.flatMap((line, i) => (line.startsWith('## ') ? [i] : []));
  const head = lines.slice(0, starts[0] ?? lines.length).join('\n');
  const sections = starts.map((start, i) => {
    const text = lines.slice(start, starts[i + 1] ?? lines.length).join('\n');
    // A heading that names no part keeps a key of its own, so it is carried over rather than lost.
    const part = PART_IN_HEADING.exec(lines[start] ?? '')?.[1] ?? `other:${lines[start] ?? ''}`;
    return { part, text };
  });
  return { head, sections };
}

/**
 * The report with `fresh` sections replacing the same parts' sections of `existing`; parts without a
 * fresh section keep their old text, in the usual part order, and sections naming no known part
 * follow in their old order. `head` is the new report's preamble.
 */
export function mergeReport(input: { head: string; existing: string; fresh: readonly ReportSection[] }): string {
  const old = splitReport(input.existing).sections;
  const pick = (part: string): ReportSection | undefined => input.fresh.find((s) => s.part === part) ?? old.find((s) => s.part === part);
  const known = new Set<string>(REPORT_PART_ORDER);
  const ordered = [
    ...REPORT_PART_ORDER.map(pick),
    ...input.fresh.filter((s) => !known.has(s.part)),
    ...old.filter((s) => !known.has(s.part) && !input.fresh.some((f) => f.part === s.part)),
  ].filter((s): s is ReportSection => s !== undefined);
  const body = ordered.map((s) => s.text.trimEnd()).join('\n\n');
  const text = body === '' ? `${input.head.trimEnd()}\n\nNo results yet: run \`npm run bench -- <part> --write-report\`.` : `${input.head.trimEnd()}\n\n${body}`;
  return `${text.trimEnd()}\n`;
}
