import { describe, expect, it } from 'vitest';
import { newScanState, scan, type LexMode } from '../../server/completion/code-scanner.js';
import type { LanguageId } from '../../server/core/language.js';

/** [name, language, text, mode at the end, bracket depth at the end, open brackets (chars) at the end] */
const cases: Array<[string, LanguageId, string, LexMode, number, string]> = [
  ['brackets in code', 'typescript', 'f(a, [b, {c', 'code', 3, '([{'],
  ['a regex literal holding brackets', 'typescript', 'const re = /[)}\\]]+(/g; f(', 'code', 1, '('],
  ['division is not a regex', 'typescript', 'x = (a / b) / (c', 'code', 1, '('],
  ['a regex after return', 'typescript', 'return /}/.test(s', 'code', 1, '('],
  ['a substitution is code, its text is not', 'typescript', 'const s = `a (${f(x)} ${', 'code', 1, '${'],
  ['a template nested in a substitution', 'typescript', "const s = `a ${c ? `}` : ''} b`; g(", 'code', 1, '('],
  ['an apostrophe in JSX text', 'typescriptreact', "<p>Don't {open(", 'code', 2, '{('],
  ['a string after a keyword and a space', 'typescript', "return 'a (b' + f(", 'code', 1, '('],
  ['a rune in Go', 'go', "r := '}'; f(", 'code', 1, '('],
  ['a Go raw string has no escapes or substitutions', 'go', 'q := `\\` + f(', 'code', 1, '('],
  ['a block comment left open', 'go', 'x := f( /* ) }', 'block-comment', 1, '('],
  ['a quote string ends at the newline', 'typescript', "const s = 'open (\nf(", 'code', 1, '('],
];

describe('scan', () => {
  for (const [name, lang, text, mode, depth, open] of cases) {
    it(name, () => {
      const state = newScanState(lang, 'code', { track: true });
      scan(text, state);
      expect(state.mode).toBe(mode);
      expect(state.depth).toBe(depth);
      expect(state.open.map((o) => o.char).join('')).toBe(open);
    });
  }

  it('records the indentation of the line that opened each bracket', () => {
    const state = newScanState('go', 'code', { track: true });
    scan('func f() {\n\tif x {\n\t\tg(a,\n', state);
    expect(state.open).toEqual([
      { char: '{', indent: 0 },
      { char: '{', indent: 1 },
      { char: '(', indent: 2 },
    ]);
  });

  it('a `}` closing a `${` opened before the scan goes back into the template string', () => {
    const state = newScanState('typescript', 'code', { outer: [{ char: '${', indent: 0 }] });
    scan('name} (text', state);
    expect(state.mode).toBe('`');
    expect(state.depth).toBe(-1);
  });
});
