import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { definitionsAtCursor } from '../support/definition-candidates.js';
import { pendingBinding } from '../../server/context/retrieval/sources/file-wide.js';

const typescript = definitionsAtCursor('typescript');
const python = definitionsAtCursor('python');

/** A long type: it competes for the budget with the short functions the file uses. */
const CONTEXT_TYPE = `export interface MutationContext {\n${Array.from({ length: 3 }, (_, i) => `  field${i}: string\n`).join('')}}\n`;
const FUNCTIONS = (count: number) => Array.from({ length: count }, (_, i) => `export function util${i}(first: number): number {\n  return first\n}\n`).join('\n');
const CALLS = (count: number) => Array.from({ length: count }, (_, i) => `  util${i}(1)\n`).join('');

/**
 * Each case: an import the file uses nowhere but in its import (the line being written is about to
 * use it) against one it uses elsewhere, in a budget that fits only some of what the file imports.
 */
const CASES: Array<{ name: string; run: typeof typescript; files: Record<string, string>; current: string; budget: number; shows: RegExp }> = [
  {
    name: 'TS: a type imported by name and named nowhere yet is packed before the imported functions the file already calls',
    run: typescript,
    files: {
      'src/types.ts': CONTEXT_TYPE,
      'src/utils.ts': FUNCTIONS(8),
      'src/mutation.ts': `import type { MutationContext } from './types'\nimport { ${Array.from({ length: 8 }, (_, i) => `util${i}`).join(', ')} } from './utils'\n\nexport function execute(): void {\n${CALLS(8)}  const context = {\n    ${CURSOR}\n  }\n}\n`,
    },
    current: 'src/mutation.ts',
    budget: 110,
    shows: /interface MutationContext/,
  },
  {
    name: 'Python: a class taken by name (`from m import C`) and named nowhere yet is packed before the functions the module already calls',
    run: python,
    files: {
      'pkg/__init__.py': '',
      'pkg/shapes.py': `class Extractor:\n    """Reads a callable's annotations."""\n\n    def __init__(self, callable):\n        self.callable = callable\n`,
      'pkg/util.py': Array.from({ length: 8 }, (_, i) => `def util${i}(first, second, third):\n    return first\n`).join('\n\n'),
      'pkg/make.py': `from .shapes import Extractor\nfrom .util import ${Array.from({ length: 8 }, (_, i) => `util${i}`).join(', ')}\n\n\ndef build(a):\n${Array.from({ length: 8 }, (_, i) => `    util${i}(a, a, a)\n`).join('')}    ${CURSOR}\n`,
    },
    current: 'pkg/make.py',
    budget: 45,
    shows: /class Extractor/,
  },
];

describe('an imported name the file uses nowhere yet', () => {
  it.each(CASES)('$name', async ({ run, files, current, budget, shows }) => {
    expect((await run(files, current, budget)).prompt).toMatch(shows);
  });

  it.each([
    { text: 'import { A } from "./a"\n\nconst b = 1\n', name: 'A', pending: true },
    { text: 'import { A } from "./a"\n\nconst b: A = 1\n', name: 'A', pending: false },
    { text: 'import { A } from "./a"\n\nconst AB = 1\nconst _A = 2\n', name: 'A', pending: true },
  ])('pendingBinding($name) in %#: $pending', ({ text, name, pending }) => {
    expect(pendingBinding(text, name)).toBe(pending);
  });
});
