import { describe, expect, it } from 'vitest';
import { runSteps } from '../../server/util/steps.js';
import { readFileSync } from 'node:fs';
import { declaredTypes, declaredTypesInOneScan, pieceStarts, readDeclaredTypesAhead } from '../../server/context/retrieval/sources/declared-types.js';

describe('declared types: each language reads them with its own patterns', () => {
  const callback = 'class A:\n    items: Set<Item>\n    def f(self):\n        self.items.forEach((item) =>\n';
  const attribute = 'class A {\n  f() {\n    self.cache = Cache()\n';

  it('a TS file takes a callback over a typed collection for an element of it', () => {
    expect(declaredTypes(callback, callback.length, 'typescript').get('item')).toBe('Item');
  });

  it('a Python file does not: its code has no such callbacks (`s.find(sub)` is not one)', () => {
    const types = declaredTypes(callback, callback.length, 'python');
    expect(types.get('items')).toBe('Item');
    expect(types.has('item')).toBe(false);
  });

  it("a Python file reads an instance attribute's type from `self.x = T(…)`", () => {
    expect(declaredTypes(attribute, attribute.length, 'python').get('self.cache')).toBe('Cache');
  });

  it('a TS file does not: `self.x = T(…)` is a Python pattern', () => {
    expect(declaredTypes(attribute, attribute.length, 'typescript').has('self.cache')).toBe(false);
  });

  it('both read the declarations they share (`x: T`, `x = T(`) and the enclosing class', () => {
    const text = 'class Owner:\n    def f(self, session: Session):\n        done = Event()\n';
    for (const languageId of ['python', 'typescript']) {
      const types = declaredTypes(text, text.length, languageId);
      expect([types.get('session'), types.get('done'), types.get('self')]).toEqual(['Session', 'Event', 'Owner']);
    }
  });

  it('a language that reads local values instead (Go) has no patterns', () => {
    expect(declaredTypes('var x T\nx := &U{', 16, 'go').size).toBe(0);
  });
});

/** Tokens random texts are made of: what the patterns read (declarations, callbacks, class headers, `Map<…,`), the `)` and blank lines pieces start at, spaces, non-ASCII letters. */
const TOKENS = [
  'items',
  'item',
  'Item',
  'self.cache',
  'this.#x',
  'x',
  'Session',
  ' ',
  '  ',
  '\t',
  ': ',
  '?: ',
  ' = ',
  ' := ',
  'new ',
  'readonly ',
  'Array<',
  'Map<',
  'Map<string, ',
  ',',
  '<',
  '>',
  '(',
  ')',
  ') ',
  '{',
  '}',
  '.',
  '.forEach((',
  '.map(async (',
  ' => ',
  '\n',
  '\n\n',
  '\n  \n',
  '\r\n\r\n',
  'class ',
  'export class ',
  '# the session Session\n',
  'é',
  'φ',
  '…',
  '*',
  '[]',
  // Whole phrases, so that matches meet the places pieces start at often.
  'items: Map<K',
  'x = Item',
  'x = new Item',
  'self.cache = Cache',
  'self.x: T',
  '.forEach((item) => ',
  'class Owner',
  'y Session',
  'x: Map<K\n\n',
  '), Item',
];

function randomText(seed: number, count: number): string {
  let state = seed >>> 0;
  let text = '';
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += TOKENS[state % TOKENS.length];
  }
  return text;
}

const sorted = (types: Map<string, string>) => [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('declared types: the window read in kept pieces gives what one scan of it gives', () => {
  // Long texts too: past 20,000 characters the window starts inside the text, so the first piece starts anywhere.
  const texts = Array.from({ length: 120 }, (_, i) => randomText(i + 1, i % 12 === 11 ? 9000 : 300));

  it('finds the same types at every place in random texts, for every language with patterns', () => {
    let pieced = 0;
    for (const languageId of ['typescript', 'python']) {
      texts.forEach((text, i) => {
        for (const before of [0, Math.floor(text.length / 3), Math.floor(text.length * 0.9), text.length]) {
          const expected = sorted(declaredTypesInOneScan(text, before, languageId));
          // Twice: the second reads the pieces above `before` from what the first kept.
          expect(sorted(declaredTypes(text, before, languageId)), `${languageId} text ${i} at ${before}`).toEqual(expected);
          expect(sorted(declaredTypes(text, before, languageId)), `${languageId} text ${i} at ${before}, kept`).toEqual(expected);
          if (pieceStarts(text, Math.max(0, before - 20_000), before).length > 2) pieced++;
        }
      });
    }
    // The comparison means something only where the window was read in several pieces.
    expect(pieced).toBeGreaterThan(100);
  });

  it('an edit in the function leaves the pieces above it kept, and the result that of one scan', () => {
    const text = randomText(99, 1500);
    const before = Math.floor(text.length * 0.8);
    declaredTypes(text, before, 'typescript');
    for (const typed of ['items: Set<Item>\n', 'x.forEach((item', ')\n\nclass Owner {\n']) {
      const edited = text.slice(0, before + 3) + typed + text.slice(before + 3);
      expect(sorted(declaredTypes(edited, before, 'typescript'))).toEqual(sorted(declaredTypesInOneScan(edited, before, 'typescript')));
    }
  });

  it('pieces start at a `)` after a blank line, never after an unclosed `Map<`, the same wherever the window starts', () => {
    const text = 'a\n\nb(c) d(e)\n\nx: Map<K) y\n\nf(g), h(i)\n\nj(k)\n';
    // The `)` of `f(g)` is read across too: `Map<K) y\n\nf(g` holds no `<`, `>` or `,`. The next, after `,`, is not.
    expect(pieceStarts(text, 0, text.length).map((at) => text.slice(at, at + 3))).toEqual(['a\n\n', ') d', ')\n\n', ')\n']);
    expect(pieceStarts(text, 1, text.length).slice(1)).toEqual(pieceStarts(text, 0, text.length).slice(1));
  });

  it('on real files of this repository: the same types at each function', () => {
    for (const [path, languageId] of [
      ['server/context/retrieval/packing.ts', 'typescript'],
      ['server/lsp/server.ts', 'typescript'],
      ['test/fixtures/task/py-invoice/invoice/totals.py', 'python'],
    ] as const) {
      const text = readFileSync(path, 'utf8');
      for (let before = 0; before <= text.length; before += Math.max(1, Math.floor(text.length / 40))) {
        expect(sorted(declaredTypes(text, before, languageId)), `${path} at ${before}`).toEqual(sorted(declaredTypesInOneScan(text, before, languageId)));
      }
    }
  });
});

/** The characters the patterns scan while `run` runs (every scan is a matchAll over a stretch of text). */
function charactersScanned(run: () => void): number {
  const original = String.prototype.matchAll;
  let characters = 0;
  String.prototype.matchAll = function (this: string, pattern: RegExp) {
    characters += this.length;
    return original.call(this, pattern);
  };
  try {
    run();
  } finally {
    String.prototype.matchAll = original;
  }
  return characters;
}

describe('declared types read ahead: the re-rank turn of an open file', () => {
  it("leaves the first completion in a function only the window's first piece and its own to scan, with what one scan gives", () => {
    for (const [k, languageId] of (['typescript', 'python'] as const).entries()) {
      // Seeds no other test uses: nothing of these texts is kept before.
      const text = randomText(7001 + k, 9000);
      const unread = randomText(8001 + k, 9000);
      runSteps(readDeclaredTypesAhead(text, languageId));
      for (const before of [Math.floor(text.length * 0.5), text.length - 100]) {
        let types = new Map<string, string>();
        const scanned = charactersScanned(() => (types = declaredTypes(text, before, languageId)));
        expect(sorted(types), `${languageId} at ${before}`).toEqual(sorted(declaredTypesInOneScan(text, before, languageId)));
        const unreadScanned = charactersScanned(() => declaredTypes(unread, Math.min(before, unread.length), languageId));
        expect(scanned, `${languageId} at ${before}: ${scanned} characters scanned, ${unreadScanned} in a text not read ahead`).toBeLessThan(unreadScanned / 3);
      }
    }
  });
});
