import { describe, expect, it } from 'vitest';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR } from '../support/cursor.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

/** A library of `count` functions, every one used by `users` files elsewhere: their file counts all saturate. */
function popularLibrary(count: number, users: number): Record<string, string> {
  const names = Array.from({ length: count }, (_, i) => `Lib${i}`);
  const files: Record<string, string> = { 'lib/lib.go': `package lib\n\n${names.map((name) => `func ${name}(x int) int { return x }\n`).join('\n')}` };
  for (let u = 0; u < users; u++)
    files[`users/user${u}.go`] = `package users\n\nimport "example.com/app/lib"\n\nfunc use${u}() {\n${names.map((name) => `\tlib.${name}(${u})\n`).join('')}}\n`;
  return files;
}

describe('Go: an imported package does not fill the budget with its whole popular API', () => {
  it.each([
    {
      name: 'a package function called by six of its files goes before the library’s tenth popular name',
      current: `package app\n\nimport "example.com/app/lib"\n\nfunc first() int {\n\treturn lib.Lib0(1)\n}\n\nfunc next() {\n\t${CURSOR}\n}\n`,
      expected: 'func shared(',
    },
  ])('$name', async ({ current, expected }) => {
    const siblings = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`app/caller${i}.go`, `package app\n\nfunc caller${i}() {\n\tshared(${i})\n}\n`]));
    const files = { 'go.mod': goMod, ...popularLibrary(40, 12), 'app/shared.go': 'package app\n\nfunc shared(n int) int { return n }\n', ...siblings, 'app/next.go': current };
    const { promptAt } = await open(files, 'app/next.go');
    expect(promptAt(current, 200)).toContain(expected);
  });
});
