import { describe, expect, it } from 'vitest';
import { buildMessages } from '../../server/ask/ask-engine.js';
import { citedPaths } from '../../server/ask/citations.js';
import { sessionFile, sessionNameProblem, turnsWithin } from '../../server/ask/session.js';
import { estimateTokens } from '../../server/context/retrieval/packing.js';
import { truncate } from '../../server/mcp/mcp-server.js';
import { namesIn } from '../../server/query/search-code.js';

describe('names a query spells as code', () => {
  it.each([
    [
      'why `parseConfig` fails',
      [
        { name: 'why', codeShaped: false },
        { name: 'parseConfig', codeShaped: true },
        { name: 'fails', codeShaped: false },
      ],
    ],
    [
      'Server.Start hangs',
      [
        { name: 'Start', container: 'Server', codeShaped: true },
        { name: 'Start', codeShaped: true },
        { name: 'hangs', codeShaped: false },
      ],
    ],
    [
      'call load_user( twice',
      [
        { name: 'call', codeShaped: false },
        { name: 'load_user', codeShaped: true },
        { name: 'twice', codeShaped: false },
      ],
    ],
    [
      'switchMap drops values',
      [
        { name: 'switchMap', codeShaped: true },
        { name: 'drops', codeShaped: false },
        { name: 'values', codeShaped: false },
      ],
    ],
  ])('%s', (query, expected) => {
    expect(namesIn(query)).toEqual(expected);
  });
});

describe('citations in an answer', () => {
  it('finds path:line forms and leaves prose with colons alone', () => {
    expect(citedPaths('see `cart/cart.go:20`, web/format.ts:2-4 and ./a.ts:1; note:3 and 10:30 are not')).toEqual(['cart/cart.go', 'web/format.ts', 'a.ts']);
  });
});

describe('conversation sessions', () => {
  it('keeps the most recent turns within the budget, dropping the oldest first', () => {
    const turns = [1, 2, 3, 4].map((n) => ({ question: `q${n}`.padEnd(40, '.'), answer: `a${n}`.padEnd(40, '.') }));
    const each = estimateTokens(turns[0]!.question) + estimateTokens(turns[0]!.answer);
    expect(turnsWithin(turns, 2 * each + 1).map((t) => t.question.slice(0, 2))).toEqual(['q3', 'q4']);
    expect(turnsWithin(turns, 0)).toEqual([]);
  });

  it('accepts plain names only, and stores per workspace under the cache folder', () => {
    expect(sessionNameProblem('review-1')).toBeUndefined();
    for (const bad of ['../x', 'a/b', '', '.hidden', 'x'.repeat(65)]) expect(sessionNameProblem(bad)).toBeDefined();
    expect(sessionFile('/cache', '/ws/a', 's')).not.toBe(sessionFile('/cache', '/ws/b', 's'));
    expect(sessionFile('/cache', '/ws/a', 's')).toMatch(/^\/cache\/sessions\/[0-9a-f]{16}\/s\.json$/);
  });

  it('sends earlier turns as user and assistant messages before the question', () => {
    const messages = buildMessages({ question: 'and then?', history: [{ question: 'first?', answer: 'one.' }], historyTokens: 100 }, []);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[3]!.content).toContain('Question: and then?');
  });
});

describe('long tool results', () => {
  it('are cut at a line break with a note saying how much was left out', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const cut = truncate(text, 100);
    expect(cut.length).toBeLessThan(220);
    expect(cut).toMatch(/^line 0\n/);
    expect(cut).toMatch(/\[truncated: \d+ more characters; narrow the query/);
    expect(truncate('short', 100)).toBe('short');
  });
});
