import { describe, expect, it } from 'vitest';
import { asciiFast } from '../../server/util/ascii-pattern.js';

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

  it('refuses a property class outside a character class, whose ASCII form it cannot write', () => {
    expect(() => asciiFast(/^\p{Lu}/u)).toThrow(/no ASCII form/);
  });
});
