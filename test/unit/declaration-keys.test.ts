import { describe, expect, it } from 'vitest';
import { candidateOf, declarationKey, DOC_SCORE } from '../../server/context/retrieval/sources/import-scope.js';
import type { Declaration } from '../../server/syntax/declarations.js';

const declaration = (): Declaration => ({
  name: 'Open',
  kind: 'function',
  exported: true,
  line: 4,
  endLine: 6,
  text: '// Open opens the file.\nfunc Open(name string) (*File, error)',
});

/** Keys and texts are made once per declaration: what each depends on must still tell them apart. */
describe('what is made once per declaration', () => {
  it('keys one declaration by the file it is asked for (two files of the same text share it)', () => {
    const shared = declaration();
    expect(declarationKey('os/a.go', shared)).toBe('os/a.go#4:.Open');
    expect(declarationKey('os/b.go', shared)).toBe('os/b.go#4:.Open');
    expect(candidateOf({ file: 'os/a.go', declaration: shared }, 0.5, 'definitions').key).toBe('os/a.go#4:.Open');
  });

  it('keys two declarations of one name and line by their container', () => {
    expect(declarationKey('os/a.go', { ...declaration(), container: 'File' })).toBe('os/a.go#4:File.Open');
  });

  it('shows the doc comment by score, whatever was asked before', () => {
    const shared = declaration();
    expect(candidateOf({ file: 'os/a.go', declaration: shared }, 0.5, 'definitions').content).toBe('func Open(name string) (*File, error)');
    expect(candidateOf({ file: 'os/a.go', declaration: shared }, DOC_SCORE, 'definitions').content).toBe(shared.text);
    expect(candidateOf({ file: 'os/b.go', declaration: shared }, 0.7, 'definitions').content).toBe('func Open(name string) (*File, error)');
  });
});
