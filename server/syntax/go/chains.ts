import { RECEIVER_CHAIN_CHARS, type ChainLink } from '../language-module.js';

/** A chain is read back this far at most: receivers are short, and the keystroke path must stay cheap. */
const MAX_CHAIN_CHARS = RECEIVER_CHAIN_CHARS;
const NAME_CHAR = /[\p{L}\p{N}_]/u;
const NAME_START = /[\p{L}_]/u;
const KEYWORDS = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '),
);

/**
 * The selector chain a Go member is selected from, read back from `at` (the member's first
 * character, after its dot) in code whose comments and strings are blanked: `c.config.time()` in
 * `c.config.time().After(`, `pprof.Lookup(name)` in `pprof.Lookup(name).WriteTo(`. Index
 * expressions are read as the element (`s.items[i].Name(`: what `items` holds). Undefined where the
 * chain starts with something other than a name (`(&T{}).M(`, `x.(*T).M(`) or is no chain at all.
 */
export function goReceiverChain(code: string, at: number): ChainLink[] | undefined {
  const limit = Math.max(0, at - MAX_CHAIN_CHARS);
  let i = spaceBefore(code, at - 1, limit);
  if (code[i] !== '.' || code[i - 1] === '.') return undefined;
  const links: ChainLink[] = [];
  for (;;) {
    i = spaceBefore(code, i - 1, limit);
    let called = false;
    // `f(x)[i]`, `m[k]`, `f[T](x)`: subscripts and calls, last first.
    for (;;) {
      if (code[i] === ']') i = spaceBefore(code, opening(code, i, limit) - 1, limit);
      else if (code[i] === ')' && !called) {
        called = true;
        i = spaceBefore(code, opening(code, i, limit) - 1, limit);
      } else break;
      if (i < limit) return undefined;
    }
    let start = i + 1;
    while (start > limit && NAME_CHAR.test(code[start - 1]!)) start--;
    const name = code.slice(start, i + 1);
    if (name === '' || !NAME_START.test(name[0]!) || KEYWORDS.has(name)) return undefined;
    links.unshift({ name, called });
    const dot = spaceBefore(code, start - 1, limit);
    if (code[dot] !== '.' || code[dot - 1] === '.') return links;
    i = dot;
  }
}

/**
 * The chain a right-hand side starts with, read forward (`ctxt.loader.MakeSymbolUpdater(s)`,
 * `a.Root().Name`, `&cfg.tls`), when it is longer than a name, a field or a call of one name:
 * those keep their own forms (see LocalValue). Undefined for anything else.
 */
export function goChainValue(rhs: string): ChainLink[] | undefined {
  const links: ChainLink[] = [];
  let i = rhs[0] === '&' ? 1 : 0;
  for (;;) {
    while (rhs[i] === ' ' || rhs[i] === '\t') i++;
    const start = i;
    if (!NAME_START.test(rhs[i] ?? '')) return undefined;
    while (i < rhs.length && NAME_CHAR.test(rhs[i]!)) i++;
    const link = { name: rhs.slice(start, i), called: false };
    if (KEYWORDS.has(link.name)) return undefined;
    links.push(link);
    for (;;) {
      while (rhs[i] === ' ' || rhs[i] === '\t') i++;
      if (rhs[i] === '[' || (rhs[i] === '(' && !link.called)) {
        if (rhs[i] === '(') link.called = true;
        i = closingForward(rhs, i);
        if (i < 0) return undefined;
        i++;
      } else break;
    }
    if (rhs[i] !== '.' || !NAME_START.test(rhs[i + 1] ?? '')) break;
    i++;
  }
  const simple = links.length === 1 || (links.length === 2 && !links[0]!.called);
  return simple ? undefined : links;
}

function spaceBefore(code: string, i: number, limit: number): number {
  while (i >= limit && (code[i] === ' ' || code[i] === '\t' || code[i] === '\n' || code[i] === '\r')) i--;
  return i;
}

/** The index of the bracket opening the one closing at `close`, or -1 past `limit`. */
function opening(code: string, close: number, limit: number): number {
  let depth = 0;
  for (let i = close; i >= limit; i--) {
    const c = code[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if ((c === '(' || c === '[' || c === '{') && --depth === 0) return i;
  }
  return -1;
}

function closingForward(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return i;
  }
  return -1;
}
