import { newScanState, scan, type LexMode } from './code-scanner.js';
import type { LanguageId } from './types.js';

/**
 * Cut rules of languages whose blocks end by dedent (Python, `cut.indentBlocks`): where the cursor's block
 * ends, and whether a line the model wrote has left it.
 */

/** A completed line indented less than `width` (or no deeper, when `inclusive`) has left the cursor's block. */
export interface DedentLimit {
  width: number;
  inclusive: boolean;
}

const width = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;
/** A block header: a line ending with `:` (a comment may follow on a line above the cursor). */
const HEADER = /:\s*(?:#.*)?$/;

/** One line of the prefix window: the indentation of the statement it belongs to, and whether it ends outside brackets and strings. */
interface LineFacts {
  statementIndent: number;
  endsOutside: boolean;
}

/**
 * Follows the window's logical lines: a line that starts inside brackets, inside a string or after a `\`
 * continues the statement above it, whose first line's indentation is the one blocks are measured by
 * (`if a and (\n        b):` is a header at the `if`'s indentation).
 */
function logicalLines(lines: readonly string[], languageId: LanguageId, mode: LexMode): LineFacts[] {
  const state = newScanState(languageId, mode);
  const facts: LineFacts[] = [];
  let statementIndent = 0;
  let continued = false;
  for (const line of lines) {
    const starts = state.mode === 'code' && state.depth <= 0 && !continued;
    const trimmed = line.trim();
    if (starts && trimmed !== '' && !trimmed.startsWith('#')) statementIndent = width(line);
    scan(`${line}\n`, state);
    // Brackets closed beyond the window's start say nothing about later lines.
    if (state.depth < 0) state.depth = 0;
    continued = state.mode === 'code' && line.endsWith('\\');
    facts.push({ statementIndent, endsOutside: state.mode === 'code' && state.depth <= 0 && !continued });
  }
  return facts;
}

/**
 * Where the cursor's indentation block ends, from the prefix window (its last line is the text before the
 * cursor; `mode` is the lexer's mode at its start, inside a docstring when the window begins in one). After a header (`def f():█`, or a blank line under one)
 * the body is what the completion writes, so a line back at the header's indentation ends it; elsewhere a
 * line indented less than the cursor's statement does.
 */
export function dedentLimit(window: string, languageId: LanguageId, mode: LexMode = 'code'): DedentLimit {
  const lines = window.split('\n');
  const facts = logicalLines(lines, languageId, mode);
  const cursor = lines.length - 1;
  const linePrefix = lines[cursor] ?? '';
  const here = facts[cursor];
  if (linePrefix.trim() !== '' && here) return { width: here.statementIndent, inclusive: here.endsOutside && /:\s*$/.test(linePrefix) };
  let prev = cursor - 1;
  while (prev >= 0 && !(lines[prev] ?? '').trim()) prev--;
  const above = facts[prev];
  // A blank cursor line under a header: the body goes deeper than the header, whatever the editor indented.
  if (above?.endsOutside && HEADER.test(lines[prev] ?? '') && above.statementIndent >= width(linePrefix)) return { width: above.statementIndent, inclusive: true };
  return { width: width(linePrefix), inclusive: false };
}

/**
 * Whether a complete line (outside brackets and strings) has left the block: blank lines, comments and
 * the line after a `\` continuation do not count. `tail` is the text just before the line.
 */
export function leavesIndentBlock(limit: DedentLimit, line: string, tail: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /\\\r?\n$/.test(tail)) return false;
  const indent = width(line);
  return indent < limit.width || (limit.inclusive && indent === limit.width);
}
