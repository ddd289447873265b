import type { Declaration } from '../declarations.js';
import { elideLongTypeArguments } from './declarations.js';

const SIGNATURE_KINDS = new Set(['function', 'method']);

/** A type alias of at most this many code lines is shown whole (without its comments). */
const WHOLE_LINES = 8;
/** Of a longer alias, at most this many lines of its head (name, type parameters, `=`, the value's first line). */
const HEAD_LINES = 6;

/**
 * A TS declaration where the code near the cursor does not name it. A type alias: its member
 * comments dropped and, when it is long, only its head (`export type QueryKey = Register extends {`
 * and `// …`): a line that uses an alias mostly only names it, and how a conditional or union type
 * is computed took a tenth of the budget for a few aliases (on @tanstack/query-core and rxjs alike,
 * aliases proposed for a file's imports were needed a tenth as often per snippet as a method or
 * function). A function or method: its long type argument lists elided (`Query<…>`), as class
 * outlines show them; a generic signature spelled out cost 50-100 tokens.
 */
export function ecmaBrief(declaration: Declaration, text: string): string | undefined {
  if (SIGNATURE_KINDS.has(declaration.kind)) {
    // A signature's long type argument lists, as a class outline shows them (`Query<…>`); a method's
    // first line is its class's header, kept as the outline shows it so the two merge in the prompt.
    const header = declaration.kind === 'method' ? text.slice(0, text.indexOf('\n') + 1) : '';
    const elided = header + elideLongTypeArguments(text.slice(header.length));
    return elided === text ? undefined : elided;
  }
  if (declaration.kind !== 'type') return undefined;
  const lines = text.split('\n');
  const code = lines.filter((line, i) => i === 0 || !isCommentLine(line));
  if (code.length <= WHOLE_LINES) return code.length < lines.length ? code.join('\n') : undefined;
  const head = code.slice(0, Math.min(HEAD_LINES, valueLine(code) + 2));
  return [...head, '  // …'].join('\n');
}

/** A line of a comment on lines of its own: `//`, or a line of a `/* … *\/` block. */
function isCommentLine(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*');
}

/** The index of the line holding the alias's own `=` (outside its type parameters' angle brackets). */
function valueLine(lines: readonly string[]): number {
  let depth = 0;
  for (const [row, line] of lines.entries()) {
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (char === '<') depth++;
      else if (char === '>' && line[i - 1] !== '=') depth--;
      else if (char === '=' && depth === 0 && line[i + 1] !== '>') return row;
    }
  }
  return 0;
}
