import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { pythonProposals } from '../support/python-proposals.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';

const workspace = workspacesRemovedAfterEach();

/** What the definitions source proposes at the `█`, as `path:Class.name` for a method and `path:name` otherwise. */
async function proposed(files: Record<string, string>): Promise<string[]> {
  return [...(await pythonProposals(workspace, files, definitionCandidates)).keys()];
}

/** A module declaring one class whose methods read a callable's signature, and a few unrelated names the file imports too. */
const SIGNATURES = [
  'import inspect\n\n\nclass Reader:',
  '    def __init__(self, fn):',
  '        self.sig = inspect.signature(fn)\n',
  '    def first_param(self):',
  '        return next(iter(self.sig.parameters.values()), None)\n',
  '    def result(self):',
  '        return self.sig.return_annotation\n',
  '    def describe(self):',
  '        return str(self.sig)\n\n',
  'def plain(fn):\n    return fn\n\n',
  'FLAG = True\n',
].join('\n');

/** Lines of filler code between the function being written and the file's other use of the class. */
function filler(count: number): string {
  return Array.from({ length: count }, (_, i) => `def helper_${i}(value):\n    return value + ${i}\n`).join('\n');
}

describe('Python: a class the file constructs brings the methods the file calls on what it makes', () => {
  const cases: Array<{ name: string; files: Record<string, string>; has: string[]; not?: string[] }> = [
    {
      name: 'imported by name, constructed and called (`Reader(f).result()`) in another function, past the 600 lines the file-wide scan reads; the function at the cursor does not name it yet',
      files: {
        'sigs.py': SIGNATURES,
        'build.py': `from sigs import FLAG, Reader, plain\n\n\ndef annotate(fields, out):\n    for field in fields:\n        if field.converter is not None:\n            ${CURSOR}\n    return out\n\n\n${filler(220)}\n\ndef pipe(converters):\n    first = Reader(converters[0]).first_param()\n    last = Reader(converters[-1]).result()\n    return first, last, plain(FLAG)\n`,
      },
      has: ['sigs.py:Reader.first_param', 'sigs.py:Reader.result'],
      // A method the file calls nowhere is left to a stronger hint.
      not: ['sigs.py:Reader.describe'],
    },
    {
      name: 'imported by name and constructed far above, its instance kept in a local there (`r = Reader(f)`, `r.first_param()`)',
      files: {
        'sigs.py': SIGNATURES,
        'build.py': `from sigs import FLAG, Reader, plain\n\n\ndef pipe(converter):\n    r = Reader(converter)\n    return r.first_param(), plain(FLAG)\n\n\n${filler(220)}\n\ndef annotate(fields):\n    for field in fields:\n        ${CURSOR}\n`,
      },
      has: ['sigs.py:Reader.first_param'],
      not: ['sigs.py:Reader.result'],
    },
    {
      name: 'imported under another name (`from sigs import Reader as _Reader`), constructed far below as `_Reader(f).result()`',
      files: {
        'sigs.py': SIGNATURES,
        'build.py': `from sigs import FLAG, Reader as _Reader, plain\n\n\ndef annotate(fields):\n    for field in fields:\n        ${CURSOR}\n\n\n${filler(220)}\n\ndef pipe(converter):\n    return _Reader(converter).result(), plain(FLAG)\n`,
      },
      has: ['sigs.py:Reader.result'],
    },
  ];
  it.each(cases)('$name', async ({ files, has, not }) => {
    const found = await proposed(files);
    for (const name of has) expect(found).toContain(name);
    for (const name of not ?? []) expect(found).not.toContain(name);
  });
});
