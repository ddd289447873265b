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
  ])('stops at %s', (_marker, files, file, expected) => {
    const root = workspace(files);
    expect(workspaceRootOf(join(root, file))).toBe(join(root, expected));
  });

  it("falls back to the file's own folder outside any project", () => {
    const root = workspace({ 'loose/notes/a.go': '' });
    expect(workspaceRootOf(join(root, 'loose/notes/a.go'))).toBe(join(root, 'loose/notes'));
  });
});
