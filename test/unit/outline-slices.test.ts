import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { outline, outlineInSlices, type Outline } from '../../server/syntax/outline.js';

const languages = new LanguageRegistry();

/** What an outline says, comparable: each declaration's kind, name and place, the imports' places, the calls. */
function summary(found: Outline): unknown {
  return {
    declarations: found.declarations.map((d) => [d.kind, d.name.text, d.node.startIndex, d.node.endIndex]),
    imports: found.imports.map((node) => [node.startIndex, node.endIndex]),
    calls: [...found.calls].sort(),
  };
}

const go = (n: number) =>
  `package big\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n` +
  Array.from(
    { length: n },
    (_, i) =>
      `// F${i} says ${'é'.repeat(i % 3)}\nfunc F${i}(s string) string {\n\treturn strings.ToUpper(fmt.Sprint(s, ${i}))\n}\n\ntype T${i} struct{ n int }\n\nfunc (t *T${i}) M${i}() int { return t.n + len(F${i}("x")) }\n`,
  ).join('\n');
const python = (n: number) =>
  `import os\nfrom typing import Any\n\n` +
  Array.from(
    { length: n },
    (_, i) =>
      `def f${i}(x: Any) -> str:\n    return os.path.join("a", str(x))\n\n\nclass C${i}:\n    @property\n    def p${i}(self):\n        return f${i}(1)\n\n    def m${i}(self):\n        return self.p${i}\n`,
  ).join('\n\n');
const typescript = (n: number) =>
  `import { join } from 'node:path';\n\n` +
  Array.from(
    { length: n },
    (_, i) => `export function f${i}(x: string): string {\n  return join(x, '${i}');\n}\n\nexport class C${i} {\n  m${i}(): string {\n    return f${i}('y');\n  }\n}\n`,
  ).join('\n');

describe('an outline in slices', () => {
  for (const [path, text] of [
    ['big.go', go(800)],
    ['big.py', python(800)],
    ['big.ts', typescript(800)],
  ] as const) {
    it(`is the outline made at once, with turns of the event loop between its parts (${path}, ${Math.round(text.length / 1000)} KB)`, async () => {
      const language = languages.byPath(path)!;
      const tree = language.parser.parse(text);
      let turns = 0;
      let counting = true;
      const count = () => {
        if (!counting) return;
        turns++;
        setImmediate(count);
      };
      setImmediate(count);
      const sliced = await outlineInSlices(language, tree);
      counting = false;
      const whole = outline(language, tree);
      expect(whole.declarations.length).toBeGreaterThan(2000);
      expect(summary(sliced)).toEqual(summary(whole));
      // Several parts of at most 32 KB of top-level code each, a turn before each.
      expect(turns).toBeGreaterThanOrEqual(Math.floor(text.length / 32_768));
    });
  }

  it('stops at a part boundary when its request is cancelled', async () => {
    const language = languages.byPath('big.go')!;
    const tree = language.parser.parse(go(800));
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const sliced = await outlineInSlices(language, tree, controller.signal);
    expect(sliced.declarations.length).toBeLessThan(outline(language, tree).declarations.length);
  });

  it('of part of a file reads that part: the calls a function late in a large file makes', () => {
    const language = languages.byPath('big.go')!;
    const text = go(800);
    const tree = language.parser.parse(text);
    const at = text.indexOf('func (t *T790) M790()');
    const method = tree.rootNode.descendantForIndex(at).parent!;
    expect(method.type).toBe('method_declaration');
    const part = outline(language, tree, method);
    expect([...part.calls].sort()).toEqual(['F790', 'len']);
    // Only what meets the part: the method itself (the query once began half way through the file).
    expect(part.declarations.map((d) => d.name.text)).toEqual(['M790']);
  });
});
