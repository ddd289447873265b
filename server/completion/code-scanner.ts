import type { CutRules } from '../syntax/language-module.js';
import { languageModule } from '../syntax/modules.js';
import type { LanguageId } from './types.js';

/** For a language without a module (never on the keystroke path): JavaScript's rules, the most permissive. */
const DEFAULT_RULES: CutRules = {
  regexLiterals: true,
  templateStrings: true,
  lineComment: '//',
  blockComments: true,
  tripleQuotes: false,
  indentBlocks: false,
  textNodes: new Set(['comment']),
  bodyNodes: new Set(),
};

/** The cut rules of a language, from its module. */
export function cutRules(languageId: LanguageId): CutRules {
  return languageModule(languageId)?.cut ?? DEFAULT_RULES;
}

/** Where the scanner is between characters: code, a comment, a string opened by that quote, or a JS regex literal. */
export type LexMode = 'code' | 'line-comment' | 'block-comment' | '"' | "'" | '`' | '"""' | "'''" | 'regex' | 'regex-class';

/** A bracket open where scanning stopped; `${` is a template string's substitution. */
export interface Opener {
  char: '(' | '[' | '{' | '${';
  /** Width of the leading whitespace of the opener's line: formatted code closes it at the same indentation. */
  indent: number;
}

/** Running state of the bracket scanner; depths are relative to where scanning began. */
export interface ScanState {
  mode: LexMode;
  depth: number;
  /** Lowest depth reached; `-min` closers matched nothing that was scanned. */
  min: number;
  /** The first few of those unmatched closers, in order: what the scanned text closes of its surroundings. */
  closers: string;
  /** The language's token rules (syntax/<module>): Go raw strings have no escapes and no substitutions, JS template strings have both; only JS has regex literals. */
  rules: CutRules;
  /** Brackets opened by the scanned text and still open, innermost last (only while `track` is set). */
  open: Opener[];
  /** Brackets open before scanning began, innermost last: a `}` closing an outer `${` resumes its template string. */
  outer: readonly Opener[];
  /** Record `open` (with indentation); off for the hot path of the stream filters. */
  track: boolean;
  /** The last significant code character and the identifier it ends, to tell a regex `/` from a division. */
  last: string;
  word: string;
  /** Depths just outside each `${` opened by the scanned text, innermost last: its `}` resumes the template string. */
  templates: number[];
  /** Indentation width of the current line, known once its first non-blank character is seen. */
  indent: number;
  atLineStart: boolean;
  /**
   * Where the last scan stopped: the index after the last character it consumed. A `//`, an escape
   * or a `${` at the end of the range consumes one character past it; a caller that scans a stream
   * piece by piece resumes here.
   */
  next: number;
}

const OPEN: Record<string, Opener['char']> = { '(': '(', '[': '[', '{': '{' };
const CLOSE_OF: Record<Opener['char'], string> = { '(': ')', '[': ']', '{': '}', '${': '}' };
const IDENT = /[\p{L}\p{N}_$]/u;

/** Whether a character can be part of an identifier; ASCII without the Unicode regex, which dominated scanning time. */
function isIdent(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
  return IDENT.test(c);
}
/** After these a `/` starts a regex literal rather than a division. */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'else', 'do', 'yield', 'await']);
/** Longer than any keyword above: a word this long is no keyword, whatever follows. */
const MAX_WORD = 16;

/** A fresh scanner state for the language, starting in `mode`. */
export function newScanState(languageId: LanguageId, mode: LexMode = 'code', options: { track?: boolean; outer?: readonly Opener[] } = {}): ScanState {
  return {
    mode,
    depth: 0,
    min: 0,
    closers: '',
    rules: cutRules(languageId),
    open: [],
    outer: options.outer ?? [],
    track: options.track ?? false,
    last: '',
    word: '',
    templates: [],
    indent: 0,
    atLineStart: true,
    next: 0,
  };
}

/** A copy that scanning can change without touching `state`. */
export function cloneState(state: ScanState): ScanState {
  return { ...state, open: [...state.open], templates: [...state.templates] };
}

/** The closing character of an opener. */
export function closerOf(opener: Opener): string {
  return CLOSE_OF[opener.char];
}

/**
 * Counts brackets in text[from, to), skipping strings, comments, regex literals and the text of
 * template strings (but not their `${…}`), and updates `state` in place. A lexer, not a parser.
 * @returns the index of the first closer that takes the depth below `floor`, or -1.
 */
export function scan(text: string, state: ScanState, from = 0, to = text.length, floor = -Infinity): number {
  let i = from;
  for (; i < to; i++) {
    const c = text[i] ?? '';
    trackIndent(c, state);
    if (state.mode !== 'code') {
      i += literalChar(text, i, c, state);
      continue;
    }
    const step = codeChar(text, i, c, state, floor);
    if (step === BELOW_FLOOR) {
      state.next = i + 1;
      return i;
    }
    i += step;
  }
  state.next = i;
  return -1;
}

/** A quote right after `f`, `rb`, `u` … opens a prefixed string (Python), when the letters are a whole word. */
function isStringPrefix(state: ScanState, text: string, i: number): boolean {
  const prefix = state.rules.stringPrefix;
  if (!prefix) return false;
  const word = /[\p{L}\p{N}_]*$/u.exec(text.slice(Math.max(0, i - 3), i))?.[0] ?? '';
  return prefix.test(word) && !IDENT.test(text[i - word.length - 1] ?? '');
}

/** What codeChar answers when a closer took the depth below the floor. */
const BELOW_FLOOR = -1;

/** Keeps the indent of the current line, for the openers tracking records. */
function trackIndent(c: string, state: ScanState): void {
  if (c === '\n') {
    state.atLineStart = true;
    state.indent = 0;
  } else if (state.atLineStart) {
    if (c === ' ' || c === '\t') state.indent++;
    else state.atLineStart = false;
  }
}

/**
 * One character of code: starts comments and literals, counts brackets.
 * @returns how many characters after `i` it consumed, or BELOW_FLOOR.
 */
function codeChar(text: string, i: number, c: string, state: ScanState, floor: number): number {
  if (c === ' ' || c === '\t' || c === '\n' || c === '\r') return 0;
  const next = text[i + 1];
  if (c === '#' && state.rules.lineComment === '#') {
    state.mode = 'line-comment';
    return 0;
  }
  if (c === '/' && next === '/' && state.rules.lineComment === '//') {
    state.mode = 'line-comment';
    return 1;
  }
  if (c === '/' && next === '*' && state.rules.blockComments) {
    state.mode = 'block-comment';
    return 1;
  }
  if (c === '/' && state.rules.regexLiterals && (BEFORE_REGEX.has(state.last) || KEYWORDS_BEFORE_REGEX.has(state.word))) {
    state.mode = 'regex';
    return 0;
  }
  // A quote right after a letter is an apostrophe (JSX text, prose), never the start of a string.
  if (c === '"' || c === '`' || (c === "'" && (!isIdent(text[i - 1] ?? '') || isStringPrefix(state, text, i)))) {
    // Python: `"""` opens a string that spans lines.
    if (state.rules.tripleQuotes && c !== '`' && text[i + 1] === c && text[i + 2] === c) {
      state.mode = c === '"' ? '"""' : "'''";
      return 2;
    }
    state.mode = c;
    return 0;
  }
  if (isIdent(c)) {
    // Only keywords matter here, so a long identifier is not copied along character by character.
    const extend = isIdent(state.last) && text[i - 1] === state.last;
    state.word = !extend ? c : state.word.length < MAX_WORD ? state.word + c : state.word;
  } else {
    state.word = '';
  }
  state.last = c;
  const opener = OPEN[c];
  if (opener) {
    state.depth++;
    if (state.track) state.open.push({ char: opener, indent: state.indent });
  } else if (c === ')' || c === ']' || c === '}') {
    closeBracket(c, state);
    if (state.depth < floor) return BELOW_FLOOR;
  }
  return 0;
}

/** A closer: one level out, noting closers of text before the scan and the end of a template's `${…}`. */
function closeBracket(c: string, state: ScanState): void {
  state.depth--;
  if (state.track) state.open.pop();
  if (state.depth < state.min) {
    state.min = state.depth;
    if (state.closers.length < 8) state.closers += c;
    // Closing an outer `${` goes back into its template string.
    if (c === '}' && state.outer[state.outer.length + state.depth]?.char === '${') state.mode = '`';
  } else if (c === '}' && state.depth === state.templates.at(-1)) {
    state.templates.pop();
    state.mode = '`';
  }
}

/**
 * One character inside a comment, string or regex literal: looks only for its end (and escapes).
 * @returns how many characters after `i` it consumed.
 */
function literalChar(text: string, i: number, c: string, state: ScanState): number {
  switch (state.mode) {
    case 'line-comment':
      if (c === '\n') state.mode = 'code';
      return 0;
    case 'block-comment':
      if (c === '*' && text[i + 1] === '/') {
        state.mode = 'code';
        return 1;
      }
      return 0;
    case 'regex':
      if (c === '\\') return 1;
      if (c === '[') state.mode = 'regex-class';
      else if (c === '/' || c === '\n') endLiteral(state);
      return 0;
    case 'regex-class':
      if (c === '\\') return 1;
      if (c === ']') state.mode = 'regex';
      else if (c === '\n') endLiteral(state);
      return 0;
    case '`':
      return templateChar(text, i, c, state);
    case '"""':
    case "'''":
      if (c === '\\') return 1;
      if (text.startsWith(state.mode, i)) {
        endLiteral(state);
        return 2;
      }
      return 0;
    default:
      if (c === '\\') return 1;
      // Quote strings cannot span lines; ending them at the newline keeps one stray quote from eating the rest.
      if (c === state.mode || c === '\n') endLiteral(state);
      return 0;
  }
}

/** One character of a template string's text: its end, an escape, or the `${` that goes back to code. */
function templateChar(text: string, i: number, c: string, state: ScanState): number {
  if (!state.rules.templateStrings) {
    if (c === '`') endLiteral(state);
    return 0;
  }
  if (c === '\\') return 1;
  if (c === '`') {
    endLiteral(state);
  } else if (c === '$' && text[i + 1] === '{') {
    state.mode = 'code';
    state.last = '{';
    state.templates.push(state.depth);
    state.depth++;
    if (state.track) state.open.push({ char: '${', indent: state.indent });
    return 1;
  }
  return 0;
}

/** A string or regex literal ended: it counts as an operand, so a following `/` divides. */
function endLiteral(state: ScanState): void {
  state.mode = 'code';
  state.last = 'a';
  state.word = '';
}
