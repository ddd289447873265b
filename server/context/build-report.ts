import type { SkippedFile } from './index/workspace-files.js';
import type { BuildReport, WorkspaceIndex } from './index/workspace-index.js';

/** Skip reasons whose files are all named in the log, not just the first few. */
const HAZARDS = new Set(['not-regular', 'dangling-symlink', 'timeout']);

/** One log line: how many files, how fast, and what was skipped and why. */
export function describeReport(index: WorkspaceIndex, report: BuildReport): string {
  const reasons = new Map<string, SkippedFile[]>();
  for (const skipped of report.skipped) {
    // Pushed, never copied: a workspace over its file limit skips tens of thousands of files.
    const files = reasons.get(skipped.reason);
    if (files) files.push(skipped);
    else reasons.set(skipped.reason, [skipped]);
  }
  // Files that are not regular files or did not answer are named in full: each is something odd on disk worth finding.
  const named = (reason: string, files: SkippedFile[]) => (HAZARDS.has(reason) ? files : files.slice(0, 3));
  const skipped = [...reasons.entries()].map(
    ([reason, files]) =>
      `${files.length} ${reason} (${named(reason, files)
        .map((f) => f.path)
        .join(', ')}${named(reason, files).length < files.length ? ', …' : ''})`,
  );
  const errors = report.withSyntaxErrors > 0 ? `; ${report.withSyntaxErrors} with syntax errors indexed as far as they parse` : '';
  return (
    `indexed ${report.indexed} files of ${index.root} in ${Math.round(report.durationMs)} ms (${report.fromCache} from cache, ${report.source})` +
    (skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '') +
    errors
  );
}
