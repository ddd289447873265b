import { describe, expect, it } from 'vitest';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { parseMarked } from '../support/marked.js';

const languages = new LanguageRegistry();
const store = (maxFileBytes = 1_000_000) => new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => maxFileBytes });

/** The incremental tree must equal a tree parsed from scratch. */
function expectTreeMatchesFreshParse(s: DocumentStore, uri: string) {
  const entry = s.get(uri)!;
  const fresh = entry.language!.parser.parse(entry.document.getText());
  expect(shape(entry.tree!.rootNode)).toEqual(shape(fresh.rootNode));
}

/** Every node with its type and UTF-16 span, so a wrong tree.edit() shows up as shifted positions. */
function shape(node: import('tree-sitter').SyntaxNode): string[] {
  const out = [`${node.type}@${node.startIndex}-${node.endIndex}:${node.startPosition.row}.${node.startPosition.column}`];
  for (const child of node.children) out.push(...shape(child));
  return out;
}

describe('DocumentStore', () => {
  it('parses Go, TypeScript, TSX and JavaScript', () => {
    const s = store();
    for (const [uri, languageId, text, root] of [
      ['file:///a.go', 'go', 'package main\n', 'source_file'],
      ['file:///a.ts', 'typescript', 'const a: number = 1;\n', 'program'],
      ['file:///a.tsx', 'typescriptreact', 'const a = <div/>;\n', 'program'],
      ['file:///a.js', 'javascript', 'const a = 1;\n', 'program'],
    ] as const) {
      const entry = s.open(uri, languageId, 1, text);
      expect(entry.tree?.rootNode.type).toBe(root);
      expect(entry.tree?.rootNode.hasError).toBe(false);
    }
  });

  it('applies incremental edits with UTF-16 positions through emoji and non-ASCII text', () => {
    const s = store();
    const uri = 'file:///emoji.go';
    const { text, position } = parseMarked('package main\n\nfunc main() {\n\ts := "héllo 😀 wörld"; █\n}\n');
    s.open(uri, 'go', 1, text);
    s.change(uri, 2, [{ range: { start: position, end: position }, text: 'x := "🚀"\n\t' }]);
    const after = s.get(uri)!;
    expect(after.document.getText()).toContain('wörld"; x := "🚀"\n\t\n}');
    expect(after.document.version).toBe(2);
    expectTreeMatchesFreshParse(s, uri);
    // Replace the emoji (two UTF-16 code units) inside the string on line 3.
    const line = after.document.getText().split('\n')[3]!;
    const start = line.indexOf('😀');
    s.change(uri, 3, [{ range: { start: { line: 3, character: start }, end: { line: 3, character: start + 2 } }, text: 'ü' }]);
    expect(s.get(uri)!.document.getText().split('\n')[3]).toContain('"héllo ü wörld"');
    expectTreeMatchesFreshParse(s, uri);
  });

  it('keeps the tree right over a sequence of edits in one notification', () => {
    const s = store();
    const uri = 'file:///seq.ts';
    s.open(uri, 'typescript', 1, 'function f(a: number) {\n  return a;\n}\n');
    s.change(uri, 2, [
      { range: { start: { line: 1, character: 9 }, end: { line: 1, character: 10 } }, text: 'a * 2' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// 日本語 comment\n' },
      { range: { start: { line: 3, character: 1 }, end: { line: 3, character: 1 } }, text: '\nconst g = () => f(1);' },
    ]);
    expect(s.get(uri)!.document.getText()).toBe('// 日本語 comment\nfunction f(a: number) {\n  return a * 2;\n}\nconst g = () => f(1);\n');
    expectTreeMatchesFreshParse(s, uri);
  });

  it('accepts full-document changes and clamps out-of-range edit positions', () => {
    const s = store();
    const uri = 'file:///full.js';
    s.open(uri, 'javascript', 1, 'let a = 1;\n');
    s.change(uri, 2, [{ text: 'let b = 2;\n' }]);
    expect(s.get(uri)!.document.getText()).toBe('let b = 2;\n');
    s.change(uri, 3, [{ range: { start: { line: 40, character: 3 }, end: { line: 99, character: 0 } }, text: 'b++;\n' }]);
    expect(s.get(uri)!.document.getText()).toBe('let b = 2;\nb++;\n');
    expectTreeMatchesFreshParse(s, uri);
  });

  it('keeps huge, binary and unsupported documents as text only', () => {
    const s = store(10_000);
    expect(s.open('file:///big.go', 'go', 1, 'package main\n' + '// x\n'.repeat(5000)).skipped).toBe('too-large');
    expect(s.open('file:///bin.ts', 'typescript', 1, 'abc\u0000\u0001def').skipped).toBe('binary');
    expect(s.open('file:///a.rb', 'ruby', 1, 'puts 1\n').skipped).toBe('unsupported-language');
    expect(s.change('file:///never-opened.go', 2, [{ text: 'x' }])).toBeUndefined();
  });
});
