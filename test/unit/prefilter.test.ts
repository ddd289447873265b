import { describe, expect, it } from 'vitest';
import { prefilter } from '../../server/completion/prefilter.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { parseMarked } from '../support/marked.js';

const languages = new LanguageRegistry();

function check(languageId: string, source: string, options: { skipInComments?: boolean; skipInStrings?: boolean } = {}) {
  const { text, offset, position } = parseMarked(source);
  const language = languages.byLanguageId(languageId)!;
  const tree = language.parser.parse(text);
  return prefilter({
    text,
    offset,
    point: { row: position.line, column: position.character },
    tree,
    language,
    skipInComments: options.skipInComments ?? false,
    skipInStrings: options.skipInStrings ?? false,
  });
}

describe('prefilter', () => {
  it.each([
    ['go', 'package main\nfunc f() { va█lue := 1 }\n', 'cursor is inside an identifier'],
    ['typescript', 'const résumé = 1;\nconst x = rés█umé;\n', 'cursor is inside an identifier'],
    ['go', 'package main\nfunc f() {\n\tx := █\n}\n', undefined],
    ['go', 'package main\nfunc f() {\n\tx := foo█)\n}\n', undefined],
    ['typescript', 'const s = "😀"; const t = s█;\n', undefined],
  ])('%s %j → %s', (languageId, source, expected) => {
    expect(check(languageId, source)).toBe(expected);
  });

  it('skips comments and strings only when configured', () => {
    const comment = 'package main\n// explain █ here\nfunc f() {}\n';
    expect(check('go', comment)).toBeUndefined();
    expect(check('go', comment, { skipInComments: true })).toBe('cursor is inside a comment');
    const string = 'const msg = "hello █ world";\n';
    expect(check('typescript', string, { skipInComments: true })).toBeUndefined();
    expect(check('typescript', string, { skipInStrings: true })).toBe('cursor is inside a string');
    // Right after the closing quote the cursor is outside the string.
    expect(check('typescript', 'const msg = "hello"█;\n', { skipInStrings: true })).toBeUndefined();
    expect(check('go', 'package main\nvar s = `raw █ text`\n', { skipInStrings: true })).toBe('cursor is inside a string');
    expect(check('typescript', 'const t = `a ${b} █`;\n', { skipInStrings: true })).toBe('cursor is inside a string');
  });
});
