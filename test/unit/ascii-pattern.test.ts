import { describe, expect, it } from 'vitest';
import { asciiFast, asciiView } from '../../server/util/ascii-pattern.js';

const PATTERNS = [
  /(?<![\p{L}\p{N}_$.])(?=([\p{L}_$][\p{L}\p{N}_$]*))\1\s+[*[\]]*(?:[\p{L}_][\p{L}\p{N}_]*\.)?([\p{Lu}][\p{L}\p{N}_]*)\b(?!\s*[:=(.])/gu,
  /(?:(?<![\p{L}\p{N}_$.])([\p{L}_$][\p{L}\p{N}_$]*)\s*\.\s*)?(?<![\p{L}\p{N}_$])([\p{L}_$][\p{L}\p{N}_$]*)/gu,
  /_|(?<=[\p{Ll}\p{N}])(?=[\p{Lu}])|(?<=[\p{Lu}])(?=[\p{Lu}][\p{Ll}])/gu,
];

const TEXTS = [
  'func (s *Server) Serve(l net.Listener) error {\n\tsrv := &http.Server{Handler: s}\n\treturn srv.Serve(l)\n}',
  'class Größe { private readonly maße: Map<string, Zähler>; parseHTTPHeader(x: Ähnlich) { this.maße.get(x) } }',
  'x1 := NewFoo(a_b, ЯBar)\nvar y []*pkg.Type\n',
];

/** Texts whose only non-ASCII characters are punctuation, spaces and symbols, around names the patterns capture. */
const VIEW_TEXTS = [
  '// Serve … accepts → conns\nfunc (s *Server) Serve(l net.Listener) error {\n\tsrv := &http.Server{Handler: s} // ✓\n\treturn srv.Serve(l)\n}',
  'const x:\u00a0Foo = new Bar(); /* 😀 */ y…Baz z—Qux parseHTTP«Header»',
  '\ufeffx1 := NewFoo(a_b, \u2003Bar)\nvar y []*pkg.Type // §\nvar\u00a0z\u00a0Foo\n',
];

const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => [m.index, ...m]);

describe('asciiFast', () => {
  it.each(PATTERNS.flatMap((pattern) => TEXTS.map((text) => [pattern, text] as const)))('matches as the Unicode pattern does (%s on %s)', (pattern, text) => {
    expect(matches(text, asciiFast(pattern).for(text))).toEqual(matches(text, pattern));
  });

  it('uses the ASCII twin only on ASCII text', () => {
    const fast = asciiFast(/[\p{L}_]+/gu);
    expect(fast.for('plain text').source).toBe('[A-Za-z_]+');
    expect(fast.for('größe').source).toBe('[\\p{L}_]+');
  });

  it.each(PATTERNS.flatMap((pattern) => VIEW_TEXTS.map((text) => [pattern, text] as const)))(
    'matches on an ASCII view as the Unicode pattern does on the text (%s on %s)',
    (pattern, text) => {
      // What a group holds besides names may show a stand-in (a space, `#`) for a non-ASCII character.
      const plain = (found: Iterable<RegExpMatchArray>) => [...found].map((m) => [m.index, ...[...m].map((group) => group?.replace(/\s/g, ' ').replace(/[\u0080-\uffff]/g, '#'))]);
      expect(asciiView(text)).toBeDefined();
      expect(plain(asciiFast(pattern).matchAll(text))).toEqual(plain(text.matchAll(pattern)));
    },
  );

  it('views text with non-ASCII punctuation, spaces and emoji as ASCII of the same length, and text with non-ASCII letters, digits or line separators not at all', () => {
    expect(asciiView('a … b\u00a0c 😀')).toBe('a # b c ##');
    expect(asciiView('plain')).toBe('plain');
    for (const text of ['größe', 'x\u2028y', 'n٣', '𝑥 = 1']) expect(asciiView(text)).toBeUndefined();
  });

  it('refuses a property class outside a character class, whose ASCII form it cannot write', () => {
    expect(() => asciiFast(/^\p{Lu}/u)).toThrow(/no ASCII form/);
  });
});
