import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { definitionsAtCursor } from '../support/definition-candidates.js';
import { pythonResultType } from '../../server/syntax/python/value-types.js';

const definitions = definitionsAtCursor('python');

/** `path:Class.name` for each method the definitions source proposes at the `█` of the one file holding it. */
async function proposed(files: Record<string, string>): Promise<string[]> {
  const current = Object.keys(files).find((path) => files[path]!.includes(CURSOR))!;
  const { keys } = await definitions(files, current);
  return keys.map((key) => `${key.slice(0, key.indexOf('#'))}:${key.slice(key.indexOf(':') + 1)}`);
}

/** A class with more methods than a value's type brings unranked, so the one asked for must be found through the value's type. */
const WIDGETS = `class Widget:\n    def show(self):\n        return self\n\n    def resize(self, width):\n        return width\n`;
const maker = (annotation: string) => `from widgets import Widget\n\n\ndef make(name) -> ${annotation}:\n    return Widget()\n`;
const user = (call: string) => `${call}\n\n\ndef draw(name):\n    w = ${call.startsWith('import') ? 'factory.' : ''}make(name)\n    w.show()\n    ${CURSOR}\n`;

interface Case {
  name: string;
  files: Record<string, string>;
  has: string[];
  lacks?: string[];
}

describe('Python: the type of a value a call gives, for the methods the next line calls on it', () => {
  const cases: Case[] = [
    ...[
      ['a return annotation (`-> Widget`)', 'Widget'],
      ['a quoted forward reference', "'Widget'"],
      ['an Optional', 'Optional[Widget]'],
      ['a union with None', 'Widget | None'],
    ].map(([name, annotation]) => ({
      name: `x = f() where f says ${name}`,
      files: { 'widgets.py': WIDGETS, 'factory.py': maker(annotation!), 'app.py': user('from factory import make') },
      has: ['widgets.py:Widget.resize'],
    })),
    {
      name: 'x = mod.f() through a module import',
      files: { 'widgets.py': WIDGETS, 'factory.py': maker('Widget'), 'app.py': user('import factory') },
      has: ['widgets.py:Widget.resize'],
    },
    {
      name: 'x = self.f() where the own class method says what it returns',
      files: {
        'widgets.py': WIDGETS,
        'app.py': `from widgets import Widget\n\n\nclass App:\n    def make(self) -> Widget:\n        return Widget()\n\n    def draw(self):\n        w = self.make()\n        w.show()\n        ${CURSOR}\n`,
      },
      has: ['widgets.py:Widget.resize'],
    },
    {
      name: 'a private class constructed by its own module (`_Browser(…)`), whose base declares the method',
      files: {
        'visitors.py': 'class NodeVisitor:\n    def visit(self, node):\n        return node\n\n    def generic_visit(self, node):\n        return node\n',
        'browse.py': `import visitors\n\n\nclass _Browser(visitors.NodeVisitor):\n    def visit_Name(self, node):\n        return node\n\n\ndef browse(tree):\n    b = _Browser()\n    b.visit_Name(tree)\n    ${CURSOR}\n`,
      },
      has: ['visitors.py:NodeVisitor.generic_visit'],
    },
    {
      name: '`self` in a class whose docstring says `class` before the method (the header, not the prose, names it)',
      files: {
        'base.py': 'class Base:\n    def sync(self):\n        return None\n\n    def close(self):\n        return None\n',
        'shelf.py': `from base import Base\n\n\nclass Shelf(Base):\n    """A dictionary-like class for persistent objects."""\n\n    def store(self, key):\n        self.sync()\n        ${CURSOR}\n`,
      },
      has: ['base.py:Base.close'],
    },
    {
      name: "a class the file declares is not its namesake in the next file: `self.spawn(` is the base class's",
      files: {
        'ccompiler.py': 'class CCompiler:\n    def spawn(self, cmd):\n        return cmd\n\n    def mkpath(self, name):\n        return name\n',
        '_msvc.py': 'from ccompiler import CCompiler\n\n\nclass Compiler(CCompiler):\n    def spawn(self, cmd):\n        return cmd\n',
        'msvc.py': `from ccompiler import CCompiler\n\n\nclass Compiler(CCompiler):\n    def link(self, objects):\n        self.mkpath(objects)\n        self.spawn(objects)\n        ${CURSOR}\n`,
      },
      has: ['ccompiler.py:CCompiler.spawn'],
      lacks: ['_msvc.py:Compiler.spawn'],
    },
    {
      name: "the 16th of a base class's twenty methods (a class's header lists none of them)",
      files: {
        'cmd.py': `class Command:\n${Array.from({ length: 20 }, (_, i) => `    def step${i}(self):\n        return ${i}\n`).join('\n')}`,
        'install.py': `from cmd import Command\n\n\nclass install(Command):\n    def run(self):\n        self.step0()\n        ${CURSOR}\n`,
      },
      has: ['cmd.py:Command.step15'],
    },
    {
      name: 'a class derived from its namesake (`class Message(message.Message)`) still has the base class methods',
      files: {
        'message.py': 'class Message:\n    def get_all(self, key):\n        return key\n\n    def keys(self):\n        return []\n',
        'adapters.py': `import message\n\n\nclass Message(message.Message):\n    def json(self):\n        self.keys()\n        ${CURSOR}\n`,
      },
      has: ['message.py:Message.get_all'],
    },
  ];
  it.each(cases)('$name', async ({ files, has, lacks = [] }) => {
    const found = await proposed(files);
    for (const key of has) expect(found).toContain(key);
    for (const key of lacks) expect(found).not.toContain(key);
  });
});

describe('Python: the type a function header says it returns', () => {
  it.each([
    ['def make(name) -> Widget:', { name: 'Widget' }],
    ['def make(name) -> widgets.Widget:', { qualifier: 'widgets', name: 'Widget' }],
    ['@cached\ndef make(\n    name,\n) -> "Widget":\n    """Make one."""', { name: 'Widget' }],
    ['def make(name) -> typing.Optional[Widget]:', { name: 'Widget' }],
    ['def make(name) -> None | Widget:', { name: 'Widget' }],
    ['def make(name) -> list[Widget]:', { name: 'list' }],
    ['def make(name) -> None:', undefined],
    ['def make(name):', undefined],
  ])('%s', (header, type) => {
    expect(pythonResultType(header)).toEqual(type);
  });
});
