import Parser from 'tree-sitter';
import Go from 'tree-sitter-go';
import TS from 'tree-sitter-typescript';
import { describe, expect, it } from 'vitest';
import { decideMode } from '../../server/completion/mode.js';
import type { CompletionMode, LanguageId } from '../../server/completion/types.js';
import { splitAtCursor } from '../support/cursor.js';

const parser = new Parser();

function languageFor(id: LanguageId): unknown {
  if (id === 'go') return Go;
  return id === 'typescriptreact' ? TS.tsx : TS.typescript;
}

function parse(text: string, languageId: LanguageId): Parser.Tree {
  parser.setLanguage(languageFor(languageId) as Parser.Language);
  return parser.parse(text);
}

function modeAt(fixture: string, languageId: LanguageId): CompletionMode {
  const { text, offset } = splitAtCursor(fixture);
  return decideMode({ tree: parse(text, languageId), offset, text, languageId });
}

describe('tree-sitter index units (node binding 0.22)', () => {
  it('are UTF-16 code units, like JS string indices, after emoji and accents', () => {
    const text = 'package main\n\nfunc f() {\n\ts := "héllo 😀"; y := 2\n}\n';
    const y = text.indexOf('y :=');
    const node = parse(text, 'go').rootNode.descendantForIndex(y);
    expect(node.text).toBe('y');
    expect(node.startIndex).toBe(y);
    expect(node.startPosition.column).toBe(y - text.lastIndexOf('\n', y) - 1);
  });
});

const cases: Array<[name: string, lang: LanguageId, fixture: string, want: CompletionMode]> = [
  // Go
  ['go: finishing a selector', 'go', 'package main\n\nfunc f() {\n\tx := foo.█\n}\n', 'single'],
  ['go: after an if condition', 'go', 'package main\n\nfunc f() {\n\tif err != nil █\n}\n', 'single'],
  ['go: inside empty if braces', 'go', 'package main\n\nfunc f() {\n\tif err != nil {█}\n}\n', 'multi'],
  ['go: blank line in a function body', 'go', 'package main\n\nfunc f() {\n\tx := 1\n\t█\n\treturn\n}\n', 'multi'],
  ['go: after an opening brace at line end', 'go', 'package main\n\nfunc f() {█\n', 'multi'],
  ['go: blank line in a struct body', 'go', 'package main\n\ntype User struct {\n\tName string\n\t█\n}\n', 'multi'],
  ['go: top level after a complete declaration', 'go', 'package main\n\nfunc f() {}\n\n█\n', 'multi'],
  ['go: after a case clause', 'go', 'package main\n\nfunc f(x int) {\n\tswitch x {\n\tcase 1:█\n\t}\n}\n', 'multi'],
  ['go: after default:', 'go', 'package main\n\nfunc f(x int) {\n\tswitch x {\n\tdefault:█\n\t}\n}\n', 'multi'],
  ['go: empty body holding only a comment', 'go', 'package main\n\nfunc f() { /* todo */ █}\n', 'multi'],
  ['go: body with code before the cursor', 'go', 'package main\n\nfunc f() { x := 1; █}\n', 'single'],
  ['go: call arguments before the closer', 'go', 'package main\n\nfunc f() {\n\tfmt.Println(█)\n}\n', 'multi'],
  ['go: right inside call brackets, code after the closer', 'go', 'package main\n\nfunc f() {\n\tb := bytes.NewBuffer(█).Bytes()\n}\n', 'multi'],
  ['go: after an argument, code after the closer', 'go', 'package main\n\nfunc f() {\n\tb := g(a, █).Bytes()\n}\n', 'single'],
  ['go: text follows on the line', 'go', 'package main\n\nfunc f() {\n\t█return nil\n}\n', 'single'],
  ['go: after a complete statement mid-line', 'go', 'package main\n\nfunc f() {\n\tx := 1█\n}\n', 'single'],
  ['go: line comment ending in an opener', 'go', 'package main\n\n// TODO: handle {█\nfunc f() {}\n', 'single'],
  ['go: unterminated string ending in an opener', 'go', 'package main\n\nfunc f() {\n\ts := "abc {█\n}\n', 'single'],
  ['ts: unterminated string ending in an opener', 'typescript', "function f() {\n  const s = 'abc {█\n}\n", 'single'],
  ['go: blank line inside a raw string', 'go', 'package main\n\nvar q = `SELECT *\n█\nFROM users`\n', 'single'],
  ['go: emoji and accents earlier on the line', 'go', 'package main\n\nfunc f() {\n\ts := "héllo 😀😀"; if ok {█}\n}\n', 'multi'],
  ['go: emoji on earlier lines, cursor in a comment', 'go', 'package main\n\nvar a = "😀😀😀😀😀😀😀😀"\nvar b = "ünïcödé"\n\n// see {█\nfunc f() {\n}\n', 'single'],
  // TypeScript
  ['ts: empty object literal', 'typescript', 'const x = {█};\n', 'multi'],
  ['ts: after an arrow', 'typescript', 'const doubled = items.map((item) =>█);\n', 'multi'],
  ['ts: arrow body braces', 'typescript', 'items.forEach((item) => {█});\n', 'multi'],
  ['ts: right inside call brackets, a cast after the closer', 'typescript', 'function f(p: PromiseLike<unknown>) {\n  const r = p.then(█) as Promise<unknown>\n}\n', 'multi'],
  ['ts: member access', 'typescript', 'function f() {\n  return foo.█\n}\n', 'single'],
  ['ts: blank line in a class body', 'typescript', 'class A {\n  x = 1;\n  █\n}\n', 'multi'],
  ['ts: after a switch case', 'typescript', "switch (x) {\n  case 'a':█\n}\n", 'multi'],
  ['ts: blank line in a template string', 'typescript', 'const s = `\n█\n`;\n', 'single'],
  ['ts: inside an interpolation is code', 'typescript', 'const s = `${items.map((i) =>█)\n}`;\n', 'multi'],
  ['ts: block comment ending in an opener', 'typescript', '/* example: {█ */\n', 'single'],
  ['ts: emoji before the cursor on the line', 'typescript', 'const label = "🚀 go"; if (ok) {█}\n', 'multi'],
  ['ts: emoji earlier, cursor mid-expression', 'typescript', 'const label = "🚀🚀🚀";\nconst n = label.█\n', 'single'],
  ['tsx: inside JSX text', 'typescriptreact', 'const el = <div>hello █</div>;\n', 'single'],
];

describe('decideMode', () => {
  for (const [name, lang, fixture, want] of cases) {
    it(name, () => {
      expect(modeAt(fixture, lang)).toBe(want);
    });
  }
});
