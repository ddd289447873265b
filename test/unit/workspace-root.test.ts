import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRootOf } from '../../server/cli/workspace-root.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

describe('workspaceRootOf (ghostline complete)', () => {
  it.each([
    ['go.mod', { 'go.mod': 'module m\n', 'cmd/tool/main.go': '' }, 'cmd/tool/main.go', ''],
    ['package.json', { 'package.json': '{}', 'src/lib/a.ts': '' }, 'src/lib/a.ts', ''],
    ['the nearest marker', { '.git/HEAD': '', 'pkg/go.mod': 'module p\n', 'pkg/x/y.go': '' }, 'pkg/x/y.go', 'pkg'],
    ['.git', { '.git/HEAD': '', 'a/b/c.ts': '' }, 'a/b/c.ts', ''],
    // Every language module's project manifest marks a root, Python's too.
    ['pyproject.toml', { 'pyproject.toml': '[project]\nname = "p"\n', 'src/p/core.py': '' }, 'src/p/core.py', ''],
    ['setup.cfg', { 'setup.cfg': '[metadata]\n', 'p/core.py': '' }, 'p/core.py', ''],
  ])('stops at %s', (_marker, files, file, expected) => {
    const root = workspace(files);
    expect(workspaceRootOf(join(root, file))).toBe(join(root, expected));
  });

  it('takes no dotfile of a language for a project (a .python-version may sit in a home directory)', () => {
    const root = workspace({ '.python-version': '3.11\n', 'scripts/tool/run.py': '' });
    expect(workspaceRootOf(join(root, 'scripts/tool/run.py'))).toBe(join(root, 'scripts/tool'));
  });

  it("falls back to the file's own folder outside any project", () => {
    const root = workspace({ 'loose/notes/a.go': '' });
    expect(workspaceRootOf(join(root, 'loose/notes/a.go'))).toBe(join(root, 'loose/notes'));
  });
});
