import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { verifyCandidate } from '../../server/task/verify.js';

describe('verifying a candidate', () => {
  it("parses each changed file's new text once for the parse and security checks, and still catches both", async () => {
    const languages = new LanguageRegistry();
    const go = languages.byPath('x.go')!;
    const parsed: string[] = [];
    const parse = go.parser.parse.bind(go.parser);
    go.parser.parse = (input: string, ...rest: unknown[]) => {
      parsed.push(input);
      return (parse as (...args: unknown[]) => ReturnType<typeof parse>)(input, ...rest);
    };
    try {
      const before = 'package shop\n\nfunc Total() int { return 1 }\n';
      // A new syntax error and a hard-coded secret: both checks fail, so no build runs.
      const after = 'package shop\n\nconst apiKey = "sk-live-4f9a8b7c6d5e4f3a2b1c"\n\nfunc Total() int { return (1 }\n';
      const result = await verifyCandidate({
        root: '/nonexistent',
        files: [{ path: 'shop/total.go', before, after }],
        languages,
        signal: new AbortController().signal,
        timeoutMs: 1000,
      });
      expect(result.steps.map((step) => [step.step, step.ok])).toEqual([
        ['parse', false],
        ['security', false],
      ]);
      expect(result.refused).toBe(true);
      expect(result.verified).toBe(false);
      expect(parsed.filter((text) => text === after)).toHaveLength(1);
      expect(parsed.filter((text) => text === before)).toHaveLength(1);
    } finally {
      go.parser.parse = parse;
    }
  });
});
