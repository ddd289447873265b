import { createTwoFilesPatch, structuredPatch } from 'diff';
import type { ChangedFile } from './apply-edits.js';

/** 0-based lines of `after` that the change added or modified. */
export function changedLines(before: string, after: string): number[] {
  const patch = structuredPatch('a', 'b', before, after, '', '', { context: 0 });
  const lines: number[] = [];
  for (const hunk of patch.hunks) {
    let line = hunk.newStart - 1;
    for (const row of hunk.lines) {
      if (row.startsWith('+')) lines.push(line);
      if (!row.startsWith('-')) line++;
    }
  }
  // A pure deletion leaves no added line: the line after it stands for the change.
  if (lines.length === 0 && before !== after) for (const hunk of patch.hunks) lines.push(Math.max(0, hunk.newStart - 1));
  return lines;
}

/** The unified diff of every changed file, git-style paths (`a/…`, `b/…`, /dev/null for new files). */
export function unifiedDiff(files: readonly ChangedFile[]): string {
  return files
    .map((file) => {
      const patch = createTwoFilesPatch(file.before === undefined ? '/dev/null' : `a/${file.path}`, `b/${file.path}`, file.before ?? '', file.after, '', '', { context: 3 });
      // jsdiff opens with an `Index:`/`====` banner; git's form starts at `---`.
      return `diff --git a/${file.path} b/${file.path}\n${patch.slice(patch.indexOf('--- '))}`;
    })
    .join('');
}
