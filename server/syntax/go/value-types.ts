import { LRUCache } from 'lru-cache';
import { asciiFast } from '../../util/ascii-pattern.js';
import { fieldLineTable, plainFieldName } from './field-lines.js';
import type { NamedType } from '../language-module.js';

const TYPE_NAME = /^[*[\]\s]*(?:([\p{L}_][\p{L}\p{N}_]*)\.)?([\p{L}_][\p{L}\p{N}_]*)/u;
/** Predeclared names: no declaration of the workspace to show. */
const PREDECLARED = new Set(
  'any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr func map chan interface struct'.split(
    ' ',
  ),
);

/**
 * The first named type a Go function's signature returns (`func Open(name string) (*File, error)`
 * → File): what `x := Open(…)` and `a.B().C(` work on. Read from the declaration's text; the doc
 * comment above the signature is skipped. Undefined for no result or a predeclared one.
 */
export function goResultType(declarationText: string): NamedType | undefined {
  const start = declarationText.search(/^func\b/m);
  if (start < 0) return undefined;
  let at = declarationText.indexOf('(', start);
  // A method's receiver comes before its name; both it and the parameters are skipped whole.
  if (/^func\s*\(/.test(declarationText.slice(start))) at = declarationText.indexOf('(', closing(declarationText, at) + 1);
  if (at < 0) return undefined;
  const end = closing(declarationText, at);
  if (end < 0) return undefined;
  const result = declarationText
    .slice(end + 1)
    .replace(/\{[\s\S]*$/, '')
    .trim();
  if (!result.startsWith('(')) return namedType(result);
  // `(n int, err error)`: named results give their first type.
  const first = result.slice(1).split(',')[0]!.trim();
  return namedType(/^[\p{L}_][\p{L}\p{N}_]*\s+\S/u.test(first) ? first.replace(/^\S+\s+/, '') : first);
}

/**
 * The declared type of a struct's field in the struct's text (`registerer Registerer`, `a, b *T`),
 * or of an interface's method result: what `s.field.Name(` is called on.
 */
export function goFieldType(typeText: string, field: string): NamedType | undefined {
  const table = plainFieldName(field) ? fieldLineTable(typeText) : undefined;
  // Not in the table: no line names the field. Null (or no table: non-ASCII text): the pattern decides.
  const known = table ? table.get(field) : null;
  if (known === undefined) return undefined;
  const rest = known ?? fieldLine(field).for(typeText).exec(typeText)?.[1];
  if (rest === undefined) return undefined;
  // An interface method `Name(args) T`: its result.
  return rest.startsWith('(') ? goResultType(`func f${rest}`) : namedType(rest);
}

/**
 * The pattern of a field's line, where the one-pass table cannot tell (see fieldLineTable),
 * compiled once per field name: compiling it (with its Unicode classes) took ~0.2 ms.
 */
const FIELD_LINES = new LRUCache<string, ReturnType<typeof asciiFast>>({ max: 4096 });

function fieldLine(field: string): ReturnType<typeof asciiFast> {
  let pattern = FIELD_LINES.get(field);
  if (!pattern) {
    pattern = asciiFast(new RegExp(`^\\s+(?:[\\p{L}_][\\p{L}\\p{N}_]*\\s*,\\s*)*${field}\\b(?:\\s*,\\s*[\\p{L}_][\\p{L}\\p{N}_]*)*\\s*(\\S.*)$`, 'mu'));
    FIELD_LINES.set(field, pattern);
  }
  return pattern;
}

function namedType(text: string): NamedType | undefined {
  const match = TYPE_NAME.exec(text);
  if (!match || PREDECLARED.has(match[2]!) || match[2] === 'func') return undefined;
  return match[1] !== undefined ? { qualifier: match[1], name: match[2]! } : { name: match[2]! };
}

/** The index of the parenthesis closing the one at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
