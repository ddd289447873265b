import Parser from 'tree-sitter';
import { querySource, type Language } from '../syntax/languages.js';
import { RULE_HINTS, type SecurityRule } from './security.js';

const compiled = new WeakMap<Language, Map<string, Parser.Query>>();
const tests = new WeakMap<Language, Map<string, (code: string) => boolean>>();

/**
 * The language's security query reduced to the patterns that capture a finding of one of `rules`
 * (`@secret`, not `@secret.name`), compiled once per language. The security gate reads only the
 * high-severity rules: every other pattern (each string literal, each `+`, each local variable for
 * the request-input rules) was matched and checked for nothing, half of the gate's time on the
 * syntax worker. Patterns match independently, so the findings of `rules` are the same as with the
 * whole query.
 */
export function rulesQuery(language: Language, rules: readonly SecurityRule[]): Parser.Query {
  const key = [...rules].sort().join(',');
  let byRules = compiled.get(language);
  if (!byRules) compiled.set(language, (byRules = new Map<string, Parser.Query>()));
  let query = byRules.get(key);
  if (!query) {
    const finding = new RegExp(`@(?:${rules.join('|')})(?![\\w.])`);
    const patterns = queryPatterns(querySource(language.entry.folder, 'security')).filter((pattern) => finding.test(pattern));
    query = new Parser.Query(language.parser.getLanguage(), patterns.join('\n'));
    byRules.set(key, query);
  }
  return query;
}

/**
 * A test on code that is false only when the language's security query can find no finding of `rules` in
 * it, built once per language from the query itself: each pattern of those rules needs the literals of its
 * text predicates (`#eq? @shell.pkg "subprocess"`: the word is in the code) and the rule's lexical
 * condition (security.ts's RULE_HINTS). A predicate the test cannot read soundly (on a capture that may be
 * absent, where tree-sitter passes it) requires nothing. Sound, not exact: true says only "parse and see".
 */
export function findingPossible(language: Language, rules: readonly SecurityRule[]): (code: string) => boolean {
  const key = [...rules].sort().join(',');
  let byRules = tests.get(language);
  if (!byRules) tests.set(language, (byRules = new Map<string, (code: string) => boolean>()));
  let test = byRules.get(key);
  if (!test) {
    const patterns = queryPatterns(querySource(language.entry.folder, 'security')).flatMap((pattern) => {
      const captured = rules.filter((rule) => new RegExp(`@${rule}(?![\\w.])`).test(pattern));
      return captured.length === 0 ? [] : [{ needs: predicateTests(pattern), captured }];
    });
    test = (code) => {
      // A rule's lexical condition is read once per code, however many of its patterns ask.
      const hinted = new Map<SecurityRule, boolean>();
      const hint = (rule: SecurityRule): boolean => {
        let holds = hinted.get(rule);
        if (holds === undefined) hinted.set(rule, (holds = RULE_HINTS[rule]?.(code) ?? true));
        return holds;
      };
      return patterns.some(({ needs, captured }) => needs.every((need) => need(code)) && captured.some(hint));
    };
    byRules.set(key, test);
  }
  return test;
}

const PREDICATE = /\(#(eq|any-of|match)\?\s+@([\w.-]+)((?:\s+"(?:[^"\\]|\\.)*")+)\s*\)/g;

/**
 * What the text predicates of one pattern need of the code around a match. A captured node's text is in the
 * code, so `#any-of?` needs one of its literals there and `#match?` its regex without the anchors at its
 * ends (both fail on an absent capture), and `#eq?` its literal when the capture is always there: tree-sitter
 * passes `#eq?` on an absent one, so a quantifier in the pattern or a capture only in alternations needs nothing.
 */
function predicateTests(pattern: string): Array<(code: string) => boolean> {
  const body = pattern.replace(PREDICATE, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const quantified = /[?*+]/.test(body.replace(/@[\w.-]+/g, ''));
  const needs: Array<(code: string) => boolean> = [];
  for (const [, operator, capture, args] of pattern.matchAll(PREDICATE)) {
    const literals = [...(args ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescapeLiteral(m[1] ?? ''));
    if (operator === 'match') {
      const regex = unanchored(literals[0] ?? '');
      if (regex) needs.push((code) => regex.test(code));
    } else if (operator === 'any-of' || (!quantified && alwaysCaptured(body, capture ?? ''))) {
      needs.push((code) => literals.some((literal) => code.includes(literal)));
    }
  }
  return needs;
}

/** Whether `@capture` appears in the pattern outside every alternation (`[…]`), so each match has that node. */
function alwaysCaptured(body: string, capture: string): boolean {
  const at = [...body.matchAll(new RegExp(`@${capture.replaceAll('.', '\\.')}(?![\\w.-])`, 'g'))].map((m) => m.index);
  return at.some((index) => {
    let depth = 0;
    for (const ch of body.slice(0, index)) depth += ch === '[' ? 1 : ch === ']' ? -1 : 0;
    return depth === 0;
  });
}

/** A query string's text as tree-sitter reads it: `\n`, `\r`, `\t`, `\0`, and a backslash before any other character is that character. */
function unescapeLiteral(raw: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0' };
  return raw.replace(/\\([\s\S])/g, (_, ch: string) => named[ch] ?? ch);
}

/** The regex without its `^` and `$` at the ends (matches any text holding a match); undefined when it asserts anything else about the text around. */
function unanchored(source: string): RegExp | undefined {
  const inner = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  if (/\\[bB]|\(\?[=!<]|(?<!\[)\^|(?<!\\)\$/.test(inner)) return undefined;
  try {
    return new RegExp(inner);
  } catch {
    return undefined;
  }
}

/** The top-level patterns of a query's source, each with the captures and quantifiers that follow it; comments are dropped. */
export function queryPatterns(source: string): string[] {
  const patterns: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === ';') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (ch === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if ((ch === ')' || ch === ']') && --depth === 0) {
      const tail = /^(?:\s*(?:@[\w.-]+|[*+?]))*/.exec(source.slice(i + 1))?.[0] ?? '';
      i += tail.length;
      patterns.push(source.slice(start, i + 1));
    }
  }
  return patterns;
}
