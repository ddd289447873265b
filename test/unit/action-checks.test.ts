import { describe, expect, it } from 'vitest';
import { minimalEdit } from '../../server/actions/checks.js';
import { importEdits, splitImports } from '../../server/syntax/import-edits.js';
import { checkParse } from '../../server/actions/parse-check.js';
import { expandToTokens } from '../../server/syntax/outline.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { applyTextEdits } from '../support/workspace-edit.js';
import { parseMarked } from '../support/marked.js';

const languages = new LanguageRegistry();
const go = languages.byLanguageId('go')!;
const ts = languages.byLanguageId('typescript')!;

/** Replaces the █ marker of a fixture with `replacement` and checks the result. */
function check(language: typeof go, fixture: string, replacement: string) {
  const { text, offset } = parseMarked(fixture);
  return checkParse({ language, original: text, originalTree: language.parser.parse(text), start: offset, end: offset, replacement });
}

describe('parse check of inserted code, in the context of the file', () => {
  const GO = 'package a\n\nfunc f() int {\n\t█\n}\n\nfunc g() {}\n';
  it.each([
    { name: 'valid statements', code: 'x := 1\n\treturn x', ok: true },
    { name: 'an error inside the code', code: 'x := := 1\n\treturn x', ok: false, message: /^line 1 of the code: syntax error/ },
    { name: 'an unclosed brace that swallows the rest of the file', code: 'if true {\n\t\treturn 1', ok: false },
    { name: 'a top-level declaration where statements go', code: 'func h() {}', ok: false },
  ])('Go: $name', ({ code, ok, message }) => {
    const result = check(go, GO, code);
    expect(result.ok).toBe(ok);
    if (!result.ok && message) expect(result.message).toMatch(message);
  });

  it('ignores syntax errors the file already had elsewhere', () => {
    const result = check(ts, 'const broken = ;\n\nfunction f() {\n  █\n}\n', 'return 1;');
    expect(result.ok).toBe(true);
  });

  it('reports a missing token by name', () => {
    const result = check(ts, 'function f() {\n  █\n}\n', 'g(1;');
    expect(result.ok ? '' : result.message).toMatch(/line 1 of the code: (missing|syntax error)/);
  });
});

describe('minimal edits', () => {
  it('keeps unchanged lines at both ends out of the edit', () => {
    const original = 'a\nb\nc\nd\n';
    const edit = minimalEdit({ language: go, original, originalTree: undefined, start: 0, end: original.length, replacement: 'a\nB\nc\nd\n' });
    expect(edit).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B\n' });
  });

  it('turns an insertion among equal lines into a pure insertion', () => {
    const original = '{\n}';
    const edit = minimalEdit({ language: go, original, originalTree: undefined, start: 0, end: original.length, replacement: '{\n\tx()\n}' });
    expect(applyTextEdits(original, [edit])).toBe('{\n\tx()\n}');
    expect(edit.newText).toBe('\tx()\n');
  });
});

describe('imports of generated tests', () => {
  it('splits a Go reply into its imports and the rest, dropping a package clause', () => {
    const { imports, body } = splitImports(go, 'package shop\n\nimport (\n\t"testing"\n\tfmtx "fmt"\n)\n\nfunc TestA(t *testing.T) {}\n');
    expect(imports).toEqual([
      { lang: 'go', path: 'testing' },
      { lang: 'go', path: 'fmt', name: 'fmtx' },
    ]);
    expect(body).toBe('func TestA(t *testing.T) {}');
  });

  it('adds Go imports into an existing import block', () => {
    const text = 'package a\n\nimport (\n\t"testing"\n)\n';
    const edits = importEdits(go, text, go.parser.parse(text), [
      { lang: 'go', path: 'testing' },
      { lang: 'go', path: 'strings' },
    ]);
    expect(applyTextEdits(text, edits)).toBe('package a\n\nimport (\n\t"testing"\n\t"strings"\n)\n');
  });

  it('starts an import block after the package clause when there is none', () => {
    const text = 'package a\n\nfunc TestA(t *testing.T) {}\n';
    const edits = importEdits(go, text, go.parser.parse(text), [{ lang: 'go', path: 'testing' }]);
    expect(applyTextEdits(text, edits)).toBe('package a\n\nimport (\n\t"testing"\n)\n\nfunc TestA(t *testing.T) {}\n');
  });

  it('merges names into an existing ES import, adds new modules after the last import, keeps type-only imports apart', () => {
    const text = 'import type { User } from "./users.js";\nimport { describe } from "vitest";\n\ndescribe("x", () => {});\n';
    const edits = importEdits(ts, text, ts.parser.parse(text), [
      { lang: 'ecma', source: 'vitest', named: ['describe', 'it', 'expect'] },
      { lang: 'ecma', source: './users.js', named: ['findUser'] },
      { lang: 'ecma', source: 'node:assert/strict', named: [], defaultName: 'assert' },
    ]);
    expect(applyTextEdits(text, edits)).toBe(
      'import type { User } from "./users.js";\nimport { describe, it, expect } from "vitest";\nimport { findUser } from "./users.js";\nimport assert from "node:assert/strict";\n\ndescribe("x", () => {});\n',
    );
  });
});

describe('selections cutting tokens', () => {
  it('widens both ends to whole tokens, strings and comments included', () => {
    const text = 'const greeting = "hello world" + name; // say hi\n';
    const tree = ts.parser.parse(text);
    const cut = (from: string, fromPlus: number, to: string, toPlus: number) => expandToTokens(tree, text.indexOf(from) + fromPlus, text.indexOf(to) + toPlus);
    const slice = ({ start, end }: { start: number; end: number }) => text.slice(start, end);
    expect(slice(cut('greeting', 3, 'greeting', 5))).toBe('greeting');
    expect(slice(cut('"hello', 3, '+ name', 4))).toBe('"hello world" + name');
    expect(slice(cut('// say', 4, '// say', 6))).toBe('// say hi');
    expect(slice(cut('const', 0, '= "', 1))).toBe('const greeting =');
  });
});
