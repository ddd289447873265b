import { describe, expect, it } from 'vitest';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { callGraphCandidates } from '../../server/context/retrieval/sources/call-graph.js';
import { importedApiCandidates } from '../../server/context/retrieval/sources/imported-api.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const python = languages.byPath('x.py')!;
const workspace = workspacesRemovedAfterEach();

/** The focus of a Python fixture at its `█`, with the tree the editor would hold. */
function pythonFocus(fixture: string) {
  const { text, offset } = splitAtCursor(fixture);
  return focusAt({ text, offset, tree: python.parser.parse(text), languageId: 'python' });
}

describe('Python focus: what the function at the cursor refers to', () => {
  const cases: Array<{ name: string; fixture: string; has?: string[]; lacks?: string[] }> = [
    {
      name: 'floor division is no comment: the call after `//` counts',
      fixture: 'import geometry\n\n\ndef tiles(width, side):\n    count = width // side + geometry.area(side)\n    █\n',
      has: ['geometry.area'],
    },
    {
      name: 'a `#` comment is no code, even with an apostrophe in it',
      fixture: "import os\n\n\ndef clean(path):\n    # don't call os.remove(path) here\n    █\n",
      lacks: ['os.remove'],
    },
    {
      name: 'a docstring spanning lines is no code',
      fixture: 'import shapes\n\n\ndef draw(canvas):\n    """Draw on the canvas.\n\n    Call shapes.circle(r) first.\n    """\n    █\n',
      lacks: ['shapes.circle'],
    },
    {
      name: 'a triple-quoted string with a quote inside ends at its own closer',
      fixture: 'import shapes\n\n\ndef draw(canvas):\n    note = """say "hi" """\n    shapes.square(canvas)\n    █\n',
      has: ['shapes.square'],
    },
  ];
  it.each(cases)('$name', ({ fixture, has = [], lacks = [] }) => {
    const focus = pythonFocus(fixture);
    const references = focus.references.map((reference) => (reference.qualifier ? `${reference.qualifier}.${reference.name}` : reference.name));
    for (const name of has) expect(references).toContain(name);
    for (const name of lacks) expect(references).not.toContain(name);
  });

  it('takes the enclosing `def` (a method too) as the region, with its name', () => {
    const focus = pythonFocus('class Cart:\n    def total(self):\n        s = 0\n' + '        s += 1\n'.repeat(40) + '        █\n        return s\n');
    expect(focus.functionName).toBe('total');
    expect(focus.regionKey).toMatch(/^fn:/);
  });

  it.each([
    { where: 'an indented blank line below its last statement', fixture: 'def total(items):\n    s = sum(items)\n    █\n', name: 'total' },
    { where: 'a blank line back at the module level', fixture: 'def total(items):\n    s = sum(items)\n\n█\n', name: undefined },
  ])('takes $where as inside the function or not by indentation', ({ fixture, name }) => {
    expect(pythonFocus(fixture).functionName).toBe(name);
  });
});

describe('Python index: what each function calls', () => {
  it('reads calls after floor division and ignores calls in comments and docstrings, keywords and builtins', async () => {
    const root = workspace({
      'app.py':
        'def run(n):\n    """Unlike legacy(n)."""\n    if not (isinstance(n, int)):\n        raise TypeError(n)\n    half = n // 2 + scale(n)\n    # old: retired(n)\n    try:\n        return emit(half)\n    except (ValueError, OSError):\n        return None\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    expect(index.file('app.py')?.declarations.find((d) => d.name === 'run')?.calls).toEqual(['scale', 'emit']);
  });
});

describe('Python imported API', () => {
  it('ranks the API of a module imported whole by how many files use it, not by declaration order', async () => {
    // `slug` is declared last of forty functions but used by three files: it must come first.
    const many = Array.from({ length: 40 }, (_, i) => `def helper_${i}(value):\n    return value\n`).join('\n');
    const root = workspace({
      'textops.py': `${many}\ndef slug(title):\n    return title.lower()\n`,
      'a.py': 'import textops\n\n\ndef a(t):\n    return textops.slug(t)\n',
      'b.py': 'import textops\n\n\ndef b(t):\n    return textops.slug(t) + textops.helper_3(t)\n',
      'c.py': 'import textops\n\n\ndef c(t):\n    return textops.slug(t)\n',
      'app.py': 'import textops\n\n\ndef title_of(post):\n    text = post.title\n    return text\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const file = 'app.py';
    const candidates = importedApiCandidates({ index, file, languageId: 'python', focus: focusAt({ text: '', offset: 0 }), scope: importScope(index, file) });
    const order = candidates.map((candidate) => /def (\w+)/.exec(candidate.content)?.[1]);
    expect(order.slice(0, 2)).toEqual(['slug', 'helper_3']);
  });

  it("counts uses under the module's own name for an aliased import, and takes a private name others use", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `def helper_${i}(value):\n    return value\n`).join('\n');
    const root = workspace({
      'textops.py': `${many}\ndef slug(title):\n    return title.lower()\n\n\ndef _cache_key(title):\n    return title\n`,
      'a.py': 'import textops\n\n\ndef a(t):\n    return textops.slug(t)\n',
      'b.py': 'import textops\n\n\ndef b(t):\n    return textops._cache_key(t)\n',
      'app.py': 'import textops as tx\n\n\ndef title_of(post):\n    text = post.title\n    return text\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const file = 'app.py';
    const candidates = importedApiCandidates({ index, file, languageId: 'python', focus: focusAt({ text: '', offset: 0 }), scope: importScope(index, file) });
    const order = candidates.map((candidate) => /def (\w+)/.exec(candidate.content)?.[1]);
    expect(order.slice(0, 2).sort()).toEqual(['_cache_key', 'slug']);
  });
});

describe('Python call graph', () => {
  it.each([
    { classes: 3, proposed: true },
    { classes: 501, proposed: false },
  ])('takes what other functions of the same name call as evidence only when few share it ($classes classes)', async ({ classes, proposed }) => {
    const models = Array.from({ length: classes }, (_, i) => `class Model${i}:\n    def __init__(self):\n        register_model(self)\n`).join('\n');
    const { text, offset } = splitAtCursor('from registry import register_model\n\n\nclass Order:\n    def __init__(self):\n        self.items = []\n        █\n');
    const root = workspace({
      'registry.py': 'def register_model(model):\n    return model\n',
      'models.py': `from registry import register_model\n\n\n${models}`,
      'order.py': text,
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    const focus = focusAt({ text, offset, tree: python.parser.parse(text), languageId: 'python' });
    const candidates = callGraphCandidates({ index, file: 'order.py', languageId: 'python', focus, scope: importScope(index, 'order.py') });
    expect(candidates.some((candidate) => candidate.content.startsWith('def register_model'))).toBe(proposed);
  });
});
