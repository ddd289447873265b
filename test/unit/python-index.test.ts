import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { findExported, importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

describe('Python in the workspace index', () => {
  it('resolves a src/ layout and finds a class its package __init__ re-exports', async () => {
    const root = workspace({
      'pyproject.toml': '[project]\nname = "shop"\nrequires-python = ">=3.11"\ndependencies = ["attrs>=23"]\n',
      'src/shop/__init__.py': 'from .cart import Cart\n\n__all__ = ["Cart"]\n',
      'src/shop/cart.py': 'class Cart:\n    """A basket."""\n\n    def add(self, item):\n        self.items.append(item)\n\n\ndef _helper():\n    pass\n',
      'app/main.py': 'from shop import Cart\nfrom . import util\n\n\ndef run():\n    cart = Cart()\n',
      'app/util.py': 'def fmt(x):\n    return str(x)\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    const scope = importScope(index, 'app/main.py');
    expect(scope.files).toEqual(['src/shop/__init__.py', 'app/util.py']);
    expect(scope.bindings.get('Cart')).toEqual({ imported: 'Cart', files: ['src/shop/__init__.py'] });
    const found = findExported(index, ['src/shop/__init__.py'], 'Cart');
    expect(found.map((ref) => [ref.file, ref.declaration.kind, ref.declaration.text])).toEqual([['src/shop/cart.py', 'class', 'class Cart:\n    """A basket."""']]);
    const methods = index.declarationsNamed('add').map((ref) => [ref.declaration.kind, ref.declaration.container]);
    expect(methods).toEqual([['method', 'Cart']]);
    expect(index.declarationsNamed('_helper')[0]?.declaration.exported).toBe(false);
    expect(index.environmentOf('app', 'python')).toMatchObject({
      kind: 'python',
      manifest: 'pyproject.toml',
      name: 'shop',
      pythonVersion: '>=3.11',
      dependencies: { attrs: '>=23' },
    });
  });

  it.each([
    ['a class under a module-level `if`', 'import sys\n\nif sys.platform != "vxworks":\n    class Wrap:\n        def close(self):\n            return None\n'],
    [
      'a class in the `except` of a module-level `try`',
      'try:\n    from _fast import Wrap\nexcept ImportError:\n    class Wrap:\n        @property\n        def close(self):\n            return None\n',
    ],
  ])('records the methods of %s', async (_, source) => {
    const index = new WorkspaceIndex(workspace({ 'compat.py': source }), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    expect(index.declarationsNamed('close').map((ref) => [ref.file, ref.declaration.kind, ref.declaration.container])).toEqual([['compat.py', 'method', 'Wrap']]);
  });
});
