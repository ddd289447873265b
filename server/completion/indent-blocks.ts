/**
 * Cut rules of languages whose blocks end by dedent (Python, `cut.indentBlocks`): where the cursor's block
 * ends, and whether a line the model wrote has left it.
 */

/** A completed line indented less than `width` (or no deeper, when `inclusive`) has left the cursor's block. */
export interface DedentLimit {
  width: number;
  inclusive: boolean;
}

/**
 * Where the cursor's indentation block ends. After a header (`def f():█`, or a blank line under one) the
 * body is what the completion writes, so a line back at the header's indentation ends it; elsewhere a line
 * indented less than the cursor's line does.
 */
export function dedentLimit(linePrefix: string, before: readonly string[]): DedentLimit {
  const width = (line: string) => /^[ \t]*/.exec(line)?.[0].length ?? 0;
  if (/:\s*$/.test(linePrefix)) return { width: width(linePrefix), inclusive: true };
  if (linePrefix.trim() !== '') return { width: width(linePrefix), inclusive: false };
  let prev = '';
  for (let i = before.length - 1; i >= 0 && !prev.trim(); i--) prev = before[i] ?? '';
  // A blank cursor line under a header: the body goes deeper than the header, whatever the editor indented.
  if (/:\s*(?:#.*)?$/.test(prev) && width(prev) >= width(linePrefix)) return { width: width(prev), inclusive: true };
  return { width: width(linePrefix), inclusive: false };
}

/**
 * Whether a complete line (outside brackets and strings) has left the block: blank lines, comments and
 * the line after a `\` continuation do not count. `tail` is the text just before the line.
 */
export function leavesIndentBlock(limit: DedentLimit, line: string, tail: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /\\\r?\n$/.test(tail)) return false;
  const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
  return indent < limit.width || (limit.inclusive && indent === limit.width);
}
