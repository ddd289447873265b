import { describe, expect, it } from 'vitest';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const python = languages.byPath('x.py')!;
const workspace = workspacesRemovedAfterEach();

/**
 * What the definitions source proposes at the `█` of `current` (path `file`) in a workspace of
 * `files`: each candidate as `path: first line`. Only this source is asked, so a name found by
 * BM25 or by popularity cannot hide a resolution that failed.
 */
async function definitionsAt(files: Record<string, string>, file: string, current: string): Promise<string[]> {
  const { text, offset } = splitAtCursor(current);
  const root = workspace({ ...files, [file]: text });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  const focus = focusAt({ text, offset, tree: python.parser.parse(text), languageId: 'python' });
  return definitionCandidates({ index, file, languageId: 'python', focus, scope: importScope(index, file) }).map(
    (candidate) => `${candidate.path}: ${candidate.content.trim().split('\n')[0]}`,
  );
}

const PRICING = 'def discount(total, rate):\n    return total * (1 - rate)\n';
const STORES = {
  'shop/__init__.py': '',
  'shop/store.py': 'class Store:\n    def save(self, item):\n        return item\n',
  'shop/cache.py': 'class Cache:\n    def save(self, item):\n        return item\n',
};

describe('Python imports: what a name at the cursor means in another file', () => {
  it('resolves a module named among several in `from . import a, b` (`b.f(`)', async () => {
    const found = await definitionsAt(
      { 'shop/__init__.py': '', 'shop/pricing.py': PRICING, 'shop/taxes.py': 'def vat(total):\n    return total\n' },
      'shop/cart.py',
      'from . import pricing, taxes\n\n\ndef total(items):\n    price = pricing.discount(sum(items), 0.1)\n    █\n',
    );
    expect(found).toContain('shop/pricing.py: def discount(total, rate):');
  });

  it('resolves a submodule taken by `from pkg import mod` in a src layout, beside a class the package re-exports', async () => {
    const found = await definitionsAt(
      {
        'src/shop/__init__.py': 'from .models import Order\n',
        'src/shop/models.py': 'class Order:\n    def __init__(self, items):\n        self.items = items\n',
        'src/shop/pricing.py': PRICING,
      },
      'src/app/checkout.py',
      'from shop import Order, pricing\n\n\ndef checkout(items):\n    order = Order(items)\n    price = pricing.discount(sum(items), 0.1)\n    █\n',
    );
    expect(found).toContain('src/shop/pricing.py: def discount(total, rate):');
    expect(found.some((line) => line.startsWith('src/shop/models.py: class Order'))).toBe(true);
  });

  it('resolves a dotted import used through its whole path (`import a.b` then `a.b.f(`)', async () => {
    const found = await definitionsAt(
      { 'shop/__init__.py': '', 'shop/pricing.py': PRICING },
      'app.py',
      'import shop.pricing\n\n\ndef total(items):\n    price = shop.pricing.discount(sum(items), 0.1)\n    █\n',
    );
    expect(found).toContain('shop/pricing.py: def discount(total, rate):');
  });

  it('reads an import inside a branch of a function', async () => {
    const found = await definitionsAt(
      { 'shop/__init__.py': '', 'shop/pricing.py': PRICING },
      'app.py',
      'def total(items, sale):\n    if sale:\n        from shop import pricing\n        return pricing.discount(sum(items), 0.1)\n    █\n',
    );
    expect(found).toContain('shop/pricing.py: def discount(total, rate):');
  });
});

describe('Python receivers: which class a method called on a value belongs to', () => {
  it('reads `self.x = Cls()` for `self.x.method(`', async () => {
    const found = await definitionsAt(
      STORES,
      'shop/service.py',
      'from .store import Store\nfrom .cache import Cache\n\n\nclass Service:\n    def __init__(self):\n        self.store = Store()\n        self.cache = None\n\n    def put(self, item):\n        self.store.save(item)\n        █\n',
    );
    expect(found).toContain('shop/store.py: def save(self, item):');
    expect(found).not.toContain('shop/cache.py: def save(self, item):');
  });

  it('reads an annotated attribute (`self.x: Cls`) for `self.x.method(`', async () => {
    const found = await definitionsAt(
      STORES,
      'shop/service.py',
      'from .store import Store\nfrom .cache import Cache\n\n\nclass Service:\n    def __init__(self, backend):\n        self.cache: Cache = backend\n\n    def put(self, item):\n        self.cache.save(item)\n        █\n',
    );
    expect(found).toContain('shop/cache.py: def save(self, item):');
    expect(found).not.toContain('shop/store.py: def save(self, item):');
  });

  it("takes `self.method(` for a method of the class's base, declared in another file", async () => {
    const found = await definitionsAt(
      { ...STORES, 'shop/base.py': 'class Base:\n    def save(self, item):\n        return item\n' },
      'shop/service.py',
      'from .base import Base\nfrom .store import Store\nfrom .cache import Cache\n\n\nclass Service(Base):\n    def put(self, item):\n        self.save(item)\n        █\n',
    );
    expect(found).toContain('shop/base.py: def save(self, item):');
    expect(found).not.toContain('shop/store.py: def save(self, item):');
  });

  it('finds the base class where the package it is imported from re-exports it', async () => {
    const found = await definitionsAt(
      { 'shop/__init__.py': 'from .base import Base\n', 'shop/base.py': 'class Base:\n    def save(self, item):\n        return item\n' },
      'app/service.py',
      'from shop import Base\n\n\nclass Service(Base):\n    def put(self, item):\n        self.save(item)\n        █\n',
    );
    expect(found).toContain('shop/base.py: def save(self, item):');
  });
});
