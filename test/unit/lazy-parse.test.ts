import Parser from 'tree-sitter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { editBurst, goSource } from '../support/edit-burst.js';

const languages = new LanguageRegistry();
const store = () => new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });

/** Counts every call into tree-sitter's parser, whoever makes it. */
let parses = 0;
const parse = Parser.prototype.parse;
beforeEach(() => {
  parses = 0;
  Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
    parses++;
    return parse.apply(this, args);
  };
});
afterEach(() => {
  Parser.prototype.parse = parse;
});

function fresh(text: string): string {
  const parser = new Parser();
  parser.setLanguage(languages.byLanguageId('go')!.parser.getLanguage());
  return parser.parse(text).rootNode.toString();
}

describe('lazy parsing in the document store', () => {
  it('applies didOpen and didChange without parsing; the first reader parses once for the whole burst', () => {
    const s = store();
    const uri = 'file:///burst.go';
    const text = goSource(3000);
    s.open(uri, 'go', 1, text);
    const { batches } = editBurst({ uri, text, count: 300, seed: 7 });
    batches.forEach((batch, i) => s.change(uri, i + 2, batch));
    expect(parses).toBe(0);
    expect(s.get(uri)!.tree).toBeDefined();
    expect(parses).toBe(1);
    // Reading it again parses nothing more.
    void s.get(uri)!.tree;
    expect(parses).toBe(1);
  });

  it('gives, after bursts of typing, backspaces, pastes and multi-cursor edits, the tree of a fresh parse', () => {
    const s = store();
    const uri = 'file:///bursts.go';
    let text = goSource(3000);
    s.open(uri, 'go', 1, text);
    let version = 1;
    for (const seed of [1, 2, 3, 4, 5]) {
      const burst = editBurst({ uri, text, count: 400, seed });
      for (const batch of burst.batches) s.change(uri, ++version, batch);
      text = burst.text;
      const entry = s.get(uri)!;
      expect(entry.document.getText()).toBe(text);
      expect(entry.tree?.rootNode.toString()).toBe(fresh(text));
    }
  });
});
