import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { pythonProposals } from '../support/python-proposals.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';

const workspace = workspacesRemovedAfterEach();

/** What the definitions source proposes at the `█`, as `path:Class.name` for a method and `path:name` otherwise. */
async function proposed(files: Record<string, string>): Promise<string[]> {
  return [...(await pythonProposals(workspace, files, definitionCandidates)).keys()];
}

/** A class and a factory function whose return annotation names it: the code never names the class itself. */
function factoryModule(name: string, methods: string[]): string {
  const body = methods.map((method) => `    def ${method}(self):\n        return None\n`).join('\n');
  return `class ${name}:\n${body}\n\ndef make_${name.toLowerCase()}() -> ${name}:\n    return ${name}()\n`;
}

const EVENT_METHODS = ['is_set', 'set', 'clear', 'wait'];
const STACK_METHODS = ['enter_context', 'callback', 'push', 'pop_all', 'close'];

describe("Python receivers: a value's type where the function's code says it and no method is called on it yet", () => {
  const cases: Array<{ name: string; files: Record<string, string>; has: string[] }> = [
    {
      name: 'a local made by a function whose return annotation names its class (`failed = locks.make_event()`), named but not yet called on',
      files: {
        'locks.py': factoryModule('Event', EVENT_METHODS),
        'run.py': `import locks\n\n\nasync def run_one(previous):\n    failed = locks.make_event()\n    try:\n        await previous\n    except Exception as exc:\n        errors.append(exc)\n        ${CURSOR}\n    return failed\n`,
      },
      has: ['locks.py:Event.set'],
    },
    {
      name: 'a value entered by `with mod.make() as name` (`stack.enter_context(` then `stack.close(`)',
      files: {
        'contexts.py': factoryModule('ExitStack', STACK_METHODS),
        'prompt.py': `import contexts\n\n\ndef ask(tty):\n    with contexts.make_exitstack() as stack:\n        stream = stack.enter_context(tty)\n        if stream is None:\n            ${CURSOR}\n        return stream\n`,
      },
      has: ['contexts.py:ExitStack.close'],
    },
    {
      name: 'a call whose result the line selects from, typed so far (`locks.make_event().`): the class its annotation names brings its methods',
      files: { 'locks.py': factoryModule('Event', EVENT_METHODS), 'run.py': `import locks\n\n\ndef run_one(previous):\n    done = locks.make_event().${CURSOR}\n` },
      has: ['locks.py:Event.set', 'locks.py:Event.wait'],
    },
    {
      name: 'the same through a name imported from the module (`make_exitstack().`)',
      files: { 'contexts.py': factoryModule('ExitStack', STACK_METHODS), 'prompt.py': `from contexts import make_exitstack\n\n\ndef ask(tty):\n    make_exitstack().${CURSOR}\n` },
      has: ['contexts.py:ExitStack.enter_context', 'contexts.py:ExitStack.close'],
    },
  ];
  it.each(cases)('$name', async ({ files, has }) => {
    const found = await proposed(files);
    for (const name of has) expect(found).toContain(name);
  });
});

describe('packing: one method text in two modules of one folder', () => {
  const candidate = (path: string, container: string, score: number): Candidate => ({
    source: 'definitions',
    path,
    line: 3,
    key: `${path}#3:${container}.close`,
    content: 'def close(self):',
    score,
  });
  it.each([
    {
      name: 'two classes whose methods read alike (Python `def close(self):`) are both packed',
      candidates: [candidate('a.py', 'Reader', 0.5), candidate('b.py', 'Stack', 0.4)],
      files: ['a.py', 'b.py'],
    },
    { name: "a platform variant of one type's method is packed once", candidates: [candidate('a.py', 'Stack', 0.5), candidate('b.py', 'Stack', 0.4)], files: ['a.py'] },
  ])('$name', ({ candidates, files }) => {
    expect(
      packCandidates(candidates, 200)
        .map((snippet) => snippet.path)
        .sort(),
    ).toEqual(files);
  });
});
