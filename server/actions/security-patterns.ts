import Parser from 'tree-sitter';
import { querySource, type Language } from '../syntax/languages.js';
import type { SecurityRule } from './security.js';

const compiled = new WeakMap<Language, Map<string, Parser.Query>>();

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
