import type { LocalValue, NamedType } from '../language-module.js';
import { asciiFast } from '../../util/ascii-pattern.js';
import { goChainValue } from './chains.js';

const ID = '[\\p{L}_][\\p{L}\\p{N}_]*';
/** Not part of a longer name, nor selected from something (`a.x` is no declaration of `x`). */
const START = '(?<![\\p{L}\\p{N}_.])';
/** What wraps a named type without changing which methods its values (or their elements) have. */
const WRAPPERS = '(?:\\.\\.\\.|\\*|\\[[^\\]\\n]*\\]|map\\[[^\\]\\n]*\\]|(?:<-\\s*)?chan\\s+(?:<-\\s*)?)*';
const TYPE = `${WRAPPERS}\\s*(?:(${ID})\\.)?(${ID})`;

/** `a, b *T`, `x []pkg.T`, `var x T`: parameters, results, fields and `var` with a type. */
const TYPED = asciiFast(new RegExp(`${START}(?:var[ \\t]+)?(${ID}(?:[ \\t]*,[ \\t]*${ID})*)[ \\t]+${TYPE}(?![\\p{L}\\p{N}_]|[ \\t]*[:=(.{\\[])`, 'gu'));
/** `x := …`, `x, err = …`, `var x = …`, `for _, x := range …`: the names, then what the value is made from. */
const ASSIGNED = asciiFast(new RegExp(`${START}(${ID}(?:[ \\t]*,[ \\t]*${ID})*)[ \\t]*:?=(?!=)[ \\t]*(range[ \\t]+)?([^\\n;]{0,160})`, 'gu'));
const LITERAL = asciiFast(new RegExp(`^&?[ \\t]*(?:(?:map)?\\[[^\\]\\n]*\\][ \\t]*\\*?)*(?:(${ID})\\.)?(${ID})[ \\t]*\\{`, 'u'));
const NEW = asciiFast(new RegExp(`^new\\([ \\t]*\\*?(?:(${ID})\\.)?(${ID})[ \\t]*\\)`, 'u'));
const ASSERTED = asciiFast(new RegExp(`^${ID}(?:\\.${ID})*\\.\\([ \\t]*\\*?(?:(${ID})\\.)?(${ID})[ \\t]*\\)`, 'u'));
const CALLED = asciiFast(new RegExp(`^&?(?:(${ID})[ \\t]*\\.[ \\t]*)?(${ID})[ \\t]*(?:\\[[^\\]\\n]*\\])?[ \\t]*\\(`, 'u'));
const SELECTED = asciiFast(new RegExp(`^&?(?:(${ID})\\.)?(${ID})(?![\\p{L}\\p{N}_.([{])`, 'u'));

/** Words that start a statement or name no value: `return x`, `case x`, `range xs` declare nothing. */
const NOT_NAMES = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '),
);
const NOT_TYPES = new Set([...NOT_NAMES, 'nil', 'true', 'false', 'iota']);

/**
 * What the code of a Go function says each local name holds, by pattern (no type checker):
 * parameters, results and `var`s with their type, `x := &T{…}`, `new(T)`, `x.(*T)`, a call
 * (`f, err := os.Open(…)`, `u := ldr.MakeSymbolUpdater(s)`), a field or another value (`r :=
 * p.registerer`), a longer chain (`u := ctxt.loader.MakeSymbolUpdater(s)`), and `for _, x := range xs` (an element of what `xs` holds). Slices, maps, channels
 * and pointers are read as what they hold: their elements are what methods are called on. A later
 * declaration of a name wins, except past `until` (the cursor), where only names not seen yet count.
 */
export function goLocalValues(code: string, until = code.length): Map<string, LocalValue> {
  const found = new Map<string, { at: number; value: LocalValue }>();
  const note = (name: string, at: number, value: LocalValue | undefined) => {
    if (value === undefined || name === '_' || NOT_NAMES.has(name)) return;
    const known = found.get(name);
    if (!known || (at <= until ? at >= known.at : known.at > until && at < known.at)) found.set(name, { at, value });
  };
  for (const match of code.matchAll(TYPED.for(code))) {
    const type = named(match[2], match[3]);
    if (type === undefined) continue;
    for (const name of match[1]!.split(',')) note(name.trim(), match.index, { type });
  }
  for (const match of code.matchAll(ASSIGNED.for(code))) {
    const names = match[1]!.split(',').map((name) => name.trim());
    // `for k, v := range m` gives the element to the second name; a call's first result is the value the code works on.
    const name = match[2] !== undefined ? names[names.length - 1]! : names[0]!;
    note(name, match.index, valueOf(match[3]!, match[2] !== undefined));
  }
  return new Map([...found].map(([name, { value }]) => [name, value]));
}

/** What a right-hand side makes: a type, a call's result, a field or another name. */
function valueOf(rhs: string, ranged: boolean): LocalValue | undefined {
  // After `range`, a brace opens the loop's body, not a literal.
  for (const pattern of ranged ? [NEW, ASSERTED] : [LITERAL, NEW, ASSERTED]) {
    const match = pattern.for(rhs).exec(rhs);
    const type = match ? named(match[1], match[2]) : undefined;
    if (type) return { type };
  }
  // `a.b.C(…)`, `a.B().C`: the last link's value, which the shorter forms below would misread.
  const chain = goChainValue(rhs);
  if (chain) return { chain };
  const call = CALLED.for(rhs).exec(rhs);
  if (call) return NOT_TYPES.has(call[2]!) ? undefined : { call: named(call[1], call[2])! };
  const selected = SELECTED.for(rhs).exec(rhs);
  if (!selected || NOT_TYPES.has(selected[2]!)) return undefined;
  return selected[1] === undefined ? { alias: selected[2]! } : { field: { qualifier: selected[1], name: selected[2]! } };
}

function named(qualifier: string | undefined, name: string | undefined): NamedType | undefined {
  if (name === undefined || NOT_TYPES.has(name) || (qualifier !== undefined && NOT_TYPES.has(qualifier))) return undefined;
  return qualifier === undefined ? { name } : { qualifier, name };
}
