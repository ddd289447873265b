import type { Position } from 'vscode-languageserver-protocol';

/**
 * A script as keystrokes: one per character, except a newline with its indentation, which an editor
 * inserts at once. It starts with the indentation on a blank line, or with Enter at the end of a line.
 */
export function keystrokes(script: string, at: { indent: string; start: 'blank-line' | 'line-end' }): string[] {
  const baseIndent = at.indent;
  const keys = [at.start === 'blank-line' ? baseIndent : `\n${baseIndent}`];
  script.split('\n').forEach((line, i) => {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (i > 0) keys.push(`\n${baseIndent}${indent}`);
    keys.push(...Array.from(line.slice(indent.length)));
  });
  return keys.filter((key) => key !== '');
}

/** The cursor after inserting `text` at `position`. */
export function advance(position: Position, text: string): Position {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < 0) return { line: position.line, character: position.character + text.length };
  return { line: position.line + text.split('\n').length - 1, character: text.length - lastBreak - 1 };
}

/** The indentation of the first non-blank line after `line`: what an editor puts on a blank line there. */
export function indentAfter(text: string, line: number): string {
  const lines = text.split('\n');
  for (let i = line + 1; i < lines.length; i++) {
    const next = lines[i] ?? '';
    if (next.trim()) return /^[ \t]*/.exec(next)?.[0] ?? '';
  }
  return '';
}
