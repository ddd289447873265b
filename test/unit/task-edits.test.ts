import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { applyBlocks, type ApplyResult } from '../../server/task/apply-edits.js';
import { parseEditReply } from '../../server/task/edit-format.js';

const languages = new LanguageRegistry();

const GO = [
  'package shop',
  '',
  'type Cart struct{ items []int }',
  '',
  '// Total sums the cart.',
  'func (c *Cart) Total() int {',
  '\tsum := 0',
  '\tfor _, item := range c.items {',
  '\t\tsum += item',
  '\t}',
  '\treturn sum',
  '}',
  '',
  'func Total(prices []int) int { return len(prices) }',
  '',
].join('\n');

const TS = ['export class Greeter {', '  greet(name: string): string {', '    const text = `hello ${name}`;', '    return text;', '  }', '}', ''].join('\n');

function apply(reply: string, files: Record<string, string>): ApplyResult {
  const parsed = parseEditReply(reply);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  return applyBlocks({ blocks: parsed.reply.blocks, read: (path) => files[path], languages });
}

function after(result: ApplyResult, path: string): string {
  if (!result.ok) throw new Error(result.reason);
  const file = result.files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} unchanged`);
  return file.after;
}

describe('task edit blocks', () => {
  it.each([
    ['Receiver.Method', 'Cart.Total'],
    ['Go method syntax', '(c *Cart) Total'],
  ])('replaces a whole method named as %s, doc comment included, leaving the same-named function alone', (_, name) => {
    const reply = `<replace file="shop.go" name="${name}">\n// Total sums the cart, doubled.\nfunc (c *Cart) Total() int {\n\treturn 2 * len(c.items)\n}\n</replace>`;
    const text = after(apply(reply, { 'shop.go': GO }), 'shop.go');
    expect(text).toContain('// Total sums the cart, doubled.\nfunc (c *Cart) Total() int {\n\treturn 2 * len(c.items)\n}\n\nfunc Total(prices []int)');
    expect(text).not.toContain('// Total sums the cart.\n');
  });

  it('takes a bare name for the top-level function, and refuses one that means two methods', () => {
    const bare = apply('<replace file="shop.go" name="Total">\nfunc Total(prices []int) int { return 0 }\n</replace>', { 'shop.go': GO });
    expect(after(bare, 'shop.go')).toContain('\treturn sum\n}\n\nfunc Total(prices []int) int { return 0 }\n');
    const twoMethods = GO.replace('func Total(prices []int) int { return len(prices) }', 'type Order struct{}\n\nfunc (o Order) Total() int { return 0 }');
    const result = apply('<replace file="shop.go" name="Total">\nfunc Total() {}\n</replace>', { 'shop.go': twoMethods });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('names 2 declarations') });
  });

  it('re-indents a class member written at column 0 to the member indentation', () => {
    const reply = '<replace file="greeter.ts" name="Greeter.greet">\ngreet(name: string): string {\n    return `hi ${name}`;\n}\n</replace>';
    expect(after(apply(reply, { 'greeter.ts': TS }), 'greeter.ts')).toBe('export class Greeter {\n  greet(name: string): string {\n    return `hi ${name}`;\n  }\n}\n');
  });

  it('applies a SEARCH block with indentation drift, a stray blank line and CRLF, in a CRLF file', () => {
    const file = TS.replace(/\n/g, '\r\n');
    const reply = [
      '<edit file="greeter.ts">',
      '<<<<<<< SEARCH',
      'const text = `hello ${name}`;',
      '',
      'return text;',
      '=======',
      'return `hello, ${name}!`;',
      '>>>>>>> REPLACE',
      '</edit>',
    ].join('\r\n');
    expect(after(apply(reply, { 'greeter.ts': file }), 'greeter.ts')).toBe(
      'export class Greeter {\r\n  greet(name: string): string {\r\n    return `hello, ${name}!`;\r\n  }\r\n}\r\n',
    );
  });

  it('refuses a SEARCH block that matches nowhere or in two places', () => {
    const nowhere = apply('<edit file="shop.go">\n<<<<<<< SEARCH\nreturn product\n=======\nreturn 0\n>>>>>>> REPLACE\n</edit>', { 'shop.go': GO });
    expect(nowhere).toMatchObject({ ok: false, reason: expect.stringContaining('matches nowhere') });
    const twice = apply('<edit file="shop.go">\n<<<<<<< SEARCH\nint {\n=======\nint64 {\n>>>>>>> REPLACE\n</edit>', { 'shop.go': GO });
    expect(twice).toMatchObject({ ok: false, reason: expect.stringContaining('matches 2 places') });
  });

  it('creates new files and refuses edits of files that do not exist', () => {
    const created = apply('<create file="pkg/new.go">\n```go\npackage pkg\n```\n</create>', {});
    expect(after(created, 'pkg/new.go')).toBe('package pkg\n');
    expect(apply('<replace file="gone.go" name="F">\nfunc F() {}\n</replace>', {})).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') });
  });

  it.each(['../outside.go', '/etc/passwd', 'a/../../b.go'])('rejects the path %s at the boundary', (path) => {
    expect(parseEditReply(`<create file="${path}">\nx\n</create>`)).toMatchObject({ ok: false, reason: expect.stringContaining('inside the project') });
  });

  it('rejects a reply with no block, and one over the size cap', () => {
    expect(parseEditReply('Sure! Here is the change: …')).toMatchObject({ ok: false, reason: expect.stringContaining('no <replace>') });
    expect(parseEditReply(`<create file="a.go">${'x'.repeat(200_000)}</create>`)).toMatchObject({ ok: false, reason: expect.stringContaining('longer than') });
  });
});
