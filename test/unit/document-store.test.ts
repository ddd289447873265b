import { describe, expect, it } from 'vitest';
import { ChunkedDocument } from '../../server/documents/chunked-document.js';
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

  it('reads no text for a keystroke after the first 8 KiB, and still tells when an edit makes or unmakes a binary document', () => {
    const s = store();
    const uri = 'file:///big.go';
    s.open(uri, 'go', 1, 'package main\n' + '// a comment line\n'.repeat(5000));
    const slice = ChunkedDocument.prototype.slice;
    let read = 0;
    ChunkedDocument.prototype.slice = function counted(this: ChunkedDocument, start: number, end?: number) {
      const text = slice.call(this, start, end);
      read += text.length;
      return text;
    };
    try {
      const at = { line: 3000, character: 2 };
      for (const [i, key] of [...'total := 1'].entries()) {
        const position = { line: at.line, character: at.character + i };
        s.change(uri, i + 2, [{ range: { start: position, end: position }, text: key }]);
      }
      expect(read).toBe(0);
      // A NUL typed at the top makes it binary; taking it out again makes it code.
      const top = { line: 0, character: 0 };
      expect(s.change(uri, 20, [{ range: { start: top, end: top }, text: '\u0000' }])!.skipped).toBe('binary');
      expect(s.change(uri, 21, [{ range: { start: top, end: { line: 0, character: 1 } }, text: '' }])!.skipped).toBeUndefined();
      expect(s.change(uri, 22, [{ text: 'package main\u0000' }])!.skipped).toBe('binary');
    } finally {
      ChunkedDocument.prototype.slice = slice;
    }
  });
});
