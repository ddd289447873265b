import { describe, expect, it } from 'vitest';
import { lineStartNear, linesNear } from '../../server/core/line-walk.js';
import { enclosingRegion, focusAt } from '../../server/context/retrieval/focus.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from '../support/context-prompt.js';
import { countedText } from '../support/counted-text.js';
import { splitAtCursor } from '../support/cursor.js';
import { positionAt } from '../support/marked.js';

const languages = new LanguageRegistry();

// The cursor's surroundings; the same lines sit below a short or a long head of other code (lines of one width).
const CASES = [
  {
    name: 'Go, in a function',
    path: 'main.go',
    filler: (i: string) => `func f${i}() int { return ${i} }\n`,
    code: 'func handle(w http.ResponseWriter, r *http.Request) {\n\tuser := load(r)\n\t█\n\tfmt.Println(user)\n}\n',
  },
  {
    name: 'Go, outside any function',
    path: 'main.go',
    filler: (i: string) => `var v${i} = ${i}\n`,
    code: 'var (\n\tname = strings.ToUpper(prefix)\n\t█\n)\n',
  },
  {
    name: 'TypeScript, in a method',
    path: 'main.ts',
    filler: (i: string) => `export const c${i} = ${i};\n`,
    code: 'class Store {\n  save(item: Item): void {\n    const key = keyOf(item);\n    █\n    this.cache.set(key, item);\n  }\n}\n',
  },
  {
    name: 'Python, in a def',
    path: 'main.py',
    filler: (i: string) => `c${i} = ${i}\n`,
    code: 'def handle(request):\n    user = load(request)\n    █\n    print(user)\n',
  },
];

/** The fixture below `head` lines of filler, with the cursor's line and the enclosing region found on a real tree (as the syntax worker sends it). */
function fixtureAt(row: (typeof CASES)[number], head: number) {
  const filler = Array.from({ length: head }, (_, i) => row.filler(String(i).padStart(5, '0'))).join('');
  const prelude = row.path.endsWith('.go') ? 'package main\n\n' : '';
  const { text, offset } = splitAtCursor(`${prelude}${filler}${row.code}`);
  const language = languages.byPath(row.path)!;
  const region = enclosingRegion({ tree: language.parser.parse(text), offset, text, languageId: language.id });
  return { text, offset, line: positionAt(text, offset).line, languageId: language.id, enclosing: { region } };
}

describe('focus: line bookkeeping works from the cursor', () => {
  for (const row of CASES) {
    it(`reads as many characters at line 192 as at line 8,192: ${row.name}`, () => {
      const reads = [192, 8192].map((head) => {
        const at = fixtureAt(row, head);
        const counted = countedText(at.text);
        const focus = focusAt({ ...at, text: counted.text });
        return { read: counted.read(), focus, plain: focusAt({ text: at.text, offset: at.offset, languageId: at.languageId, enclosing: at.enclosing }) };
      });
      expect(reads[1]!.read).toBe(reads[0]!.read);
      for (const { focus, plain } of reads) {
        // The cursor's line from the caller gives the focus a count from the top would give.
        expect({ ...focus, text: '' }).toEqual({ ...plain, text: '' });
      }
    });
  }
});

/** Lines of `text` by splitting it, the reference the walk must agree with. */
function reference(text: string) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return {
    start: (line: number) => (line < 0 ? 0 : (starts[line] ?? text.length)),
    lines: (from: number, to: number) => {
      if (starts[from] === undefined || to <= from) return '';
      return text.split('\n').slice(from, to).join('\n');
    },
  };
}

describe('line walk', () => {
  const texts = ['', '\n', 'a', 'a\n', 'a\nb', '\n\nab\n\ncd\n', 'one\r\ntwo\r\n\r\nthree'];
  for (const text of texts) {
    it(`finds every line's start and lines from any anchor line: ${JSON.stringify(text)}`, () => {
      const want = reference(text);
      const lineCount = text.split('\n').length;
      for (let anchorLine = 0; anchorLine < lineCount; anchorLine++) {
        const anchor = { line: anchorLine, start: want.start(anchorLine) };
        for (let line = -2; line <= lineCount + 2; line++) {
          expect(lineStartNear(text, anchor, line)).toBe(want.start(line));
          for (let to = line; to <= lineCount + 2; to++) if (line >= 0) expect(linesNear(text, anchor, line, to)).toBe(want.lines(line, to));
        }
      }
    });
  }
});

describe('gather: no source reads the file from its top', () => {
  const open = contextPrompts();
  for (const row of CASES) {
    it(`reads as many characters at line 1,024 as at line 8,192: ${row.name}`, async () => {
      // The index holds the file as saved (short); the editor's text has grown above the cursor since.
      const saved = fixtureAt(row, 0);
      const { provider, uri, languageId } = await open({ [row.path]: `${saved.text.slice(0, saved.offset)}█${saved.text.slice(saved.offset)}` }, row.path);
      const reads = [1024, 8192].map((head) => {
        const at = fixtureAt(row, head);
        const counted = countedText(at.text);
        const gathered = provider.gatherNow({ ...at, uri, text: counted.text, languageId, budgetTokens: 1024, signal: new AbortController().signal });
        expect(gathered).toBeDefined();
        return counted.read();
      });
      expect(reads[1]).toBe(reads[0]);
    });
  }
});
