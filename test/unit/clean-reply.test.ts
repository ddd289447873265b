import { describe, expect, it } from 'vitest';
import { cleanCode, cleanText } from '../../server/actions/clean-reply.js';
import { formatComment, stripCommentMarkers } from '../../server/actions/comment-format.js';
import { reindent } from '../../server/actions/indent.js';

const CODE = 'if x > 0 {\n\treturn x\n}\nreturn -x';

interface Case {
  name: string;
  reply: string;
  expected: string;
}

/** Replies as models write them after the prefilled `<code>` opening. */
const CODE_CASES: Case[] = [
  { name: 'bare code ending at the stop sequence', reply: CODE, expected: CODE },
  { name: 'bare code with the closing tag left in', reply: `${CODE}\n</code>\nHope this helps!`, expected: CODE },
  { name: 'the opening tag repeated', reply: `<code>\n${CODE}\n</code>`, expected: CODE },
  { name: 'prose before the tag', reply: `Sure, here it is:\n<code>\n${CODE}\n</code>`, expected: CODE },
  { name: 'a fenced block with a language', reply: '```go\n' + CODE + '\n```', expected: CODE },
  { name: 'a fence with prose around it', reply: 'Here is the fixed code:\n\n```go\n' + CODE + '\n```\n\nThis returns the absolute value.', expected: CODE },
  { name: 'an unclosed fence (stopped mid-answer)', reply: '```\n' + CODE + '\n', expected: CODE },
  { name: 'two fenced blocks: the first wins', reply: '```go\n' + CODE + '\n```\nUsage:\n```go\nabs(-1)\n```', expected: CODE },
  { name: 'a tilde fence', reply: '~~~ts\nconst a = 1;\n~~~', expected: 'const a = 1;' },
  { name: 'leading prose lines without fences', reply: `Certainly! Here is the implementation:\n${CODE}`, expected: CODE },
  { name: 'trailing explanation after a blank line', reply: `${CODE}\n\nThis function returns the absolute value of x.\nIt handles negatives.`, expected: CODE },
  { name: 'a markdown heading before the code', reply: `### Solution\n${CODE}`, expected: CODE },
  { name: 'blank lines around', reply: `\n\n${CODE}\n\n\n`, expected: CODE },
  { name: 'comments are kept as code', reply: '// The result is never negative.\nreturn abs(x)', expected: '// The result is never negative.\nreturn abs(x)' },
  {
    name: 'a last line of code that reads like English stays',
    reply: 'const total = sum(items);\nthis.total = total;',
    expected: 'const total = sum(items);\nthis.total = total;',
  },
  { name: 'CRLF line ends', reply: 'a := 1\r\nb := 2\r\n', expected: 'a := 1\nb := 2' },
  { name: 'indentation of the first line is kept', reply: '\tx := 1\n\ty := 2', expected: '\tx := 1\n\ty := 2' },
];

describe('cleaning code replies', () => {
  it.each(CODE_CASES)('$name', ({ reply, expected }) => {
    expect(cleanCode(reply, 'code')).toBe(expected);
  });
});

describe('cleaning text replies (comments, hover)', () => {
  it.each([
    { name: 'plain text', reply: 'Adds the prices.\nReturns 0 for none.</comment>', expected: 'Adds the prices.\nReturns 0 for none.' },
    { name: 'a "Here is" opening line', reply: 'Here is the explanation:\nAdds the prices.', expected: 'Adds the prices.' },
    { name: 'a fenced block', reply: '```\nAdds the prices.\n```', expected: 'Adds the prices.' },
    { name: 'markdown kept (hover)', reply: '- **Input:** a string\n- **Output:** its length', expected: '- **Input:** a string\n- **Output:** its length' },
  ])('$name', ({ reply, expected }) => {
    expect(cleanText(reply, 'comment')).toBe(expected);
  });
});

describe('comments written by Ghostline', () => {
  it('strips whatever comment markers the model used', () => {
    expect(stripCommentMarkers('// Sum adds.\n// Zero for none.')).toBe('Sum adds.\nZero for none.');
    expect(stripCommentMarkers('/**\n * Sum adds.\n * @param a - first\n */')).toBe('Sum adds.\n@param a - first');
    expect(stripCommentMarkers('/* Sum adds. */')).toBe('Sum adds.');
    expect(stripCommentMarkers('Sum adds; a * b is the product.')).toBe('Sum adds; a * b is the product.');
  });

  it('formats line comments and TSDoc blocks at an indentation, escaping a closing marker', () => {
    expect(formatComment('Sum adds.\n\nZero for none.', 'line', '\t')).toBe('\t// Sum adds.\n\t//\n\t// Zero for none.\n');
    expect(formatComment('Sum adds.\n@returns the */ total', 'block', '  ')).toBe('  /**\n   * Sum adds.\n   * @returns the *\\/ total\n   */\n');
  });
});

describe('re-indenting generated code', () => {
  it("converts a reply in spaces to the file's tabs at the target indentation", () => {
    expect(reindent('if a {\n    b()\n        c()\n}', '\t', '\t')).toBe('\tif a {\n\t\tb()\n\t\t\tc()\n\t}');
  });

  it("converts tabs to the file's two spaces and removes a common indentation", () => {
    expect(reindent('\t\tif (a) {\n\t\t\tb();\n\t\t}', '  ', '  ')).toBe('  if (a) {\n    b();\n  }');
  });

  it('leaves blank lines empty', () => {
    expect(reindent('a\n\n  b', '    ', '  ')).toBe('    a\n\n      b');
  });
});
