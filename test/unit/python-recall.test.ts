import { describe, expect, it } from 'vitest';
import { CURSOR, splitAtCursor } from '../support/cursor.js';
import { pythonProposals } from '../support/python-proposals.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { callGraphCandidates } from '../../server/context/retrieval/sources/call-graph.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importedApiCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { candidateOf, DOC_SCORE, importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import type { Candidate, SourceInput } from '../../server/context/retrieval/sources/types.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const python = languages.byPath('x.py')!;
const workspace = workspacesRemovedAfterEach();

/** A workspace of Python files, one of them holding the `█` cursor, and what a source proposes there. */
async function proposed(files: Record<string, string>, source: (input: SourceInput) => Candidate[]): Promise<string[]> {
  return [...(await scored(files, source)).keys()];
}

/** What a source proposes at the `█`, as `path:Class.name` for a method and `path:name` otherwise, with its score. */
async function scored(files: Record<string, string>, source: (input: SourceInput) => Candidate[]): Promise<Map<string, number>> {
  return pythonProposals(workspace, files, source);
}

interface Case {
  name: string;
  files: Record<string, string>;
  has?: string[];
  lacks?: string[];
}

describe('Python definitions: what the line being written may use from other modules', () => {
  const cases: Case[] = [
    {
      name: "a module's member the file calls elsewhere (`from . import util` then `util.f(`)",
      files: {
        'pkg/__init__.py': '',
        'pkg/util.py': 'def is_abstract(address):\n    return False\n\n\ndef other():\n    return None\n',
        'pkg/conn.py': `from . import util\n\n\ndef check(address):\n    ${CURSOR}\n\n\ndef later(address):\n    return util.is_abstract(address)\n`,
      },
      has: ['pkg/util.py:is_abstract'],
    },
    {
      name: "a built-in type's method name on an untyped value is no workspace class's method",
      files: {
        'bags.py': 'class Bag:\n    def append(self, item):\n        return item\n',
        'app.py': `import bags\n\n\ndef collect(items):\n    out = []\n    out.append(items)\n    ${CURSOR}\n`,
      },
      lacks: ['bags.py:Bag.append'],
    },
    {
      name: "the same name on a value the file builds from the class is that class's",
      files: {
        'bags.py': 'class Bag:\n    def append(self, item):\n        return item\n',
        'app.py': `import bags\n\n\ndef collect(items):\n    out = bags.Bag()\n    out.append(items)\n    ${CURSOR}\n`,
      },
      has: ['bags.py:Bag.append'],
    },
    {
      name: 'a method `self` inherits from a base class another module re-exports (`from distutils.core import Command`)',
      files: {
        'distutils/__init__.py': '',
        'distutils/cmd.py': 'class Command:\n    def mkpath(self, name):\n        return name\n\n    def copy_file(self, src, dst):\n        return dst\n',
        'distutils/core.py': 'from distutils.cmd import Command\n',
        'distutils/command/__init__.py': '',
        'distutils/command/install_headers.py': `from distutils.core import Command\n\n\nclass install_headers(Command):\n    def run(self):\n        self.copy_file('a', 'b')\n        ${CURSOR}\n`,
      },
      has: ['distutils/cmd.py:Command.mkpath'],
    },
    {
      name: "a typed value's other methods, but not those Python calls itself (`__init__`, `__eq__`)",
      files: {
        'shapes.py':
          'class Shape:\n    def __init__(self, side):\n        self.side = side\n\n    def __eq__(self, other):\n        return False\n\n    def area(self):\n        return 1\n\n    def perimeter(self):\n        return 4\n',
        'app.py': `import shapes\n\n\ndef measure(side):\n    shape = shapes.Shape(side)\n    total = shape.area()\n    ${CURSOR}\n`,
      },
      has: ['shapes.py:Shape.perimeter'],
      lacks: ['shapes.py:Shape.__init__', 'shapes.py:Shape.__eq__'],
    },
    {
      name: "a class the code names brings its methods: a Python class's text is its header, no outline of them (`isinstance(x, shapes.Shape)` then `x.`)",
      files: {
        'shapes.py': 'class Shape:\n    def area(self):\n        return 1\n\n    def perimeter(self):\n        return 4\n',
        'app.py': `import shapes\n\n\ndef measure(thing):\n    if isinstance(thing, shapes.Shape):\n        ${CURSOR}\n`,
      },
      has: ['shapes.py:Shape.area', 'shapes.py:Shape.perimeter'],
    },
  ];
  it.each(cases)('$name', async ({ files, has = [], lacks = [] }) => {
    const found = await proposed(files, definitionCandidates);
    for (const name of has) expect(found).toContain(name);
    for (const name of lacks) expect(found).not.toContain(name);
  });
});

describe('Python call graph: methods by name', () => {
  it("proposes no workspace class's `append` for a neighbour's `x.append(`", async () => {
    const found = await proposed(
      {
        'bags.py': 'class Bag:\n    def append(self, item):\n        return item\n',
        'tools.py': 'import bags\n\n\ndef gather(parts):\n    names = []\n    names.append(bags.label(parts))\n    return names\n',
        'app.py': `import bags\n\n\ndef collect(parts):\n    bags.label(parts)\n    ${CURSOR}\n`,
      },
      callGraphCandidates,
    );
    expect(found).not.toContain('bags.py:Bag.append');
  });

  it('gives a method found by name among several classes less than one only one class declares', async () => {
    const streams = ['Pipe', 'Sock', 'File'].map((name) => `class ${name}:\n    def flush(self):\n        return None\n`).join('\n');
    const root: Record<string, string> = {
      'streams.py': `def open_stream(path):\n    return path\n\n\n${streams}\n\nclass Tape:\n    def rewind(self):\n        return None\n`,
      'users.py': 'import streams\n\n\ndef save(data):\n    s = streams.open_stream(data)\n    s.flush()\n    s.rewind()\n',
      'app.py': `import streams\n\n\ndef store(data):\n    s = streams.open_stream(data)\n    ${CURSOR}\n`,
    };
    const scores = await scored(root, callGraphCandidates);
    expect(scores.get('streams.py:Tape.rewind')).toBeGreaterThan(scores.get('streams.py:Pipe.flush') ?? 1);
  });

  it.each([
    { imports: 'optparse', proposed: false },
    { imports: 'optparse\nimport argparse', proposed: true },
  ])("proposes a neighbour's method only from modules the current file reaches (import $imports)", async ({ imports, proposed: expected }) => {
    const found = await proposed(
      {
        'lib/optparse.py': 'class OptionParser:\n    def parse_args(self):\n        return None\n',
        'lib/argparse.py': 'class ArgumentParser:\n    def add_argument(self, name):\n        return name\n',
        'tools/tool.py': "import argparse\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('x')\n",
        'cli/app.py': `import ${imports}\n\n\ndef main():\n    ${CURSOR}\n`,
      },
      callGraphCandidates,
    );
    expect(found.includes('lib/argparse.py:ArgumentParser.add_argument')).toBe(expected);
  });
});

describe('Python imported API of a module the file takes names from', () => {
  it.each([
    { source: 'from shapes import area', offered: [] },
    { source: 'import shapes', offered: ['shapes.py:UNIT', 'shapes.py:area', 'shapes.py:perimeter'] },
  ])('`$source` offers $offered', async ({ source, offered }) => {
    const found = await proposed(
      {
        'shapes.py': 'def area(side):\n    return side\n\n\ndef perimeter(side):\n    return 4 * side\n\n\nUNIT = 1\n',
        'app.py': `${source}\n\n\ndef measure(side):\n    ${CURSOR}\n`,
      },
      importedApiCandidates,
    );
    expect(found.filter((name) => name.startsWith('shapes.py:')).sort()).toEqual(offered);
  });
});

describe('Python imported API through a dotted import', () => {
  it('ranks `urllib.parse` by how many files call `urllib.parse.name(`', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `def helper_${i}(value):\n    return value\n`).join('\n');
    const user = (name: string) => `import urllib.parse\n\n\ndef ${name}(url):\n    return urllib.parse.urlsplit(url)\n`;
    const found = await proposed(
      {
        'urllib/__init__.py': '',
        'urllib/parse.py': `${many}\n\ndef urlsplit(url):\n    return url\n`,
        'a.py': user('a'),
        'b.py': user('b'),
        'c.py': user('c'),
        'app.py': `import urllib.parse\n\n\ndef fetch(url):\n    ${CURSOR}\n`,
      },
      importedApiCandidates,
    );
    expect(found[0]).toBe('urllib/parse.py:urlsplit');
  });
});

describe('Python packing', () => {
  it('packs a method whose docstring line its class or a sibling already shows (a bare `"""` opening the docstring)', async () => {
    const doc = '        """\n        Long description.\n        """\n';
    const files = {
      'opts.py': `class OptionParser:\n    """\n    Parses options.\n    """\n\n    def print_usage(self):\n${doc}        return None\n\n    def parse_args(self, args=None):\n${doc}        return args\n`,
      'app.py': `import opts\n\n\ndef main():\n    parser = opts.OptionParser()\n    parser.print_usage()\n    ${CURSOR}\n`,
    };
    const file = 'app.py';
    const { text, offset } = splitAtCursor(files[file]);
    const root = workspace({ ...files, [file]: text });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    const focus = focusAt({ text, offset, tree: python.parser.parse(text), languageId: 'python' });
    const candidates = definitionCandidates({ index, file, languageId: 'python', focus, scope: importScope(index, file) });
    const packed = packCandidates(candidates, 1024).find((snippet) => snippet.path === 'opts.py')?.content ?? '';
    expect(packed).toContain('def print_usage(self):');
    expect(packed).toContain('def parse_args(self, args=None):');
  });
});

describe('Python declarations in the prompt: the docstring line', () => {
  const cases = [
    {
      name: 'a docstring opening with `"""` alone shows its first words',
      source: 'class Parser:\n    def parse_args(self, args=None):\n        """\n        Parse the command line.\n\n        More.\n        """\n        return args\n',
      documented: 'def parse_args(self, args=None):\n        """Parse the command line."""',
    },
    {
      name: 'a one-line docstring is shown whole',
      source: "def area(side):\n    r'''Return the area.'''\n    return side\n",
      documented: "def area(side):\n    r'''Return the area.'''",
    },
    {
      name: 'an empty docstring is no docstring line',
      source: 'def noop():\n    """\n    """\n',
      documented: 'def noop():',
    },
  ];
  it.each(cases)('$name, and only a definition on the cursor line keeps it', async ({ source, documented }) => {
    const root = workspace({ 'lib.py': source });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    const ref = index.file('lib.py')!.declarations.find((declaration) => declaration.kind !== 'class');
    const declared = { file: 'lib.py', declaration: ref! };
    expect(candidateOf(declared, DOC_SCORE, 'definitions').content).toBe(documented);
    expect(candidateOf(declared, DOC_SCORE / 2, 'definitions').content).toBe(documented.split('\n')[0]);
  });
});
