import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { declarationsFor } from '../../server/query/definitions.js';
import { repoMap } from '../../server/query/repo-map.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

/** A Python package whose tests import it and declare a namesake of its API (tests/ sorts before web/, so the order is the rank's). */
const FILES = {
  'pyproject.toml': '[project]\nname = "web"\n',
  'web/__init__.py': '',
  'web/cart.py': 'def total(items):\n    """The price of the items."""\n    return sum(items)\n',
  'web/orders.py': 'from web.cart import total\n\n\ndef order_total(order):\n    return total(order)\n',
  'tests/test_cart.py': 'from web.cart import total\n\n\ndef total_of(*items):\n    return total(items)\n\n\ndef test_total():\n    assert total_of(1, 2) == 3\n',
  'tests/helpers.py': 'def total(items):\n    return 0\n',
};

describe('the MCP queries on a Python project: tests after the API', () => {
  it('get_definition lists the package’s declaration before the tests’ namesake, and repo_map counts tests for nothing', async () => {
    const index = new WorkspaceIndex(workspace(FILES), new LanguageRegistry(), () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    expect(declarationsFor(index, 'total').map((ref) => ref.file)).toEqual(['web/cart.py', 'tests/helpers.py']);
    const map = repoMap({ index, under: '', budgetTokens: 2000 });
    const score = (path: string) => map.files.find((file) => file.path === path)?.score;
    expect(score('web/cart.py')).toBeGreaterThan(0);
    expect(score('tests/test_cart.py')).toBe(0);
    expect(score('tests/helpers.py')).toBe(0);
    expect(map.files[0]!.path).toBe('web/cart.py');
  });
});
