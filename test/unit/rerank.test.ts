import { describe, expect, it } from 'vitest';
import { readRanking, rerankPrompt, reordered } from '../../server/task/rerank.js';
import type { Localization } from '../../server/task/types.js';
import type { Declaration } from '../../server/syntax/declarations.js';

const file = (path: string, score: number) => ({ path, score, why: `static reason of ${path}` });
const declaration = (path: string, name: string) => ({ path, name, kind: 'function', line: 1, endLine: 2, score: 0.1, why: 'matched' });

const LOCALIZATION: Localization = {
  task: 'add a refund route',
  files: [file('a.go', 0.9), file('b.go', 0.5), file('c.go', 0.2)],
  declarations: [declaration('a.go', 'A1'), declaration('b.go', 'B1'), declaration('a.go', 'A2'), declaration('c.go', 'C1')],
};

describe('the model rerank of localization', () => {
  it('reads candidate numbers in the reply order, each once, ignoring numbers out of range and words', () => {
    expect(readRanking('3\n1\n3\n', 3)).toEqual({ ok: true, value: [2, 0] });
    expect(readRanking('2. b.go (the route table)\n9\n0\n1', 3)).toEqual({ ok: true, value: [1, 0] });
  });

  it('sends back a reply that names no candidate', () => {
    const verdict = readRanking('none of them, sorry', 3);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.feedback).toContain('1 to 3');
  });

  it('puts the files the model listed first in its order, the rest after in the static order, declarations following', () => {
    const result = reordered(LOCALIZATION, [2, 1]);
    expect(result.files.map((f) => f.path)).toEqual(['c.go', 'b.go', 'a.go']);
    expect(result.files[0]!.why).toMatch(/^the model ranked it 1 of 2 after reading the outlines; static reason of c\.go$/);
    expect(result.files[2]!.why).toBe('static reason of a.go');
    // Scores stay the static ones: the order is the model's.
    expect(result.files.map((f) => f.score)).toEqual([0.2, 0.5, 0.9]);
    expect(result.declarations.map((d) => d.name)).toEqual(['C1', 'B1', 'A1', 'A2']);
    expect(LOCALIZATION.files[0]!.path).toBe('a.go');
  });

  it("shows each candidate numbered with its declarations' signatures, not their doc comments", () => {
    const declarations: Record<string, Declaration[]> = {
      'a.go': [{ name: 'Refund', kind: 'function', exported: true, line: 3, endLine: 9, text: '// Refund pays back.\nfunc Refund(o Order) error' }],
    };
    const prompt = rerankPrompt('add a refund route', LOCALIZATION.files, (path) => declarations[path]);
    const body = prompt.sections.find((s) => s.tag === 'candidates')!.body;
    expect(body).toContain('1. a.go\n   func Refund(o Order) error');
    expect(body).toContain('2. b.go');
    expect(body).toContain('3. c.go');
    expect(body).not.toContain('Refund pays back');
    expect(prompt.output).toBe('ranking');
  });
});
