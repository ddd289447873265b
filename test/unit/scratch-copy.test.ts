import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectFiles } from '../../server/task/scratch-copy.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

describe('the files a scratch copy takes', () => {
  it('outside git, leave out virtual environments under any name, and build output and dependencies, but keep what builds and tests read', async () => {
    const venv: Record<string, string> = { 'env/pyvenv.cfg': 'home = /usr/bin\n' };
    for (let i = 0; i < 50; i++) venv[`env/lib/python3.11/site-packages/pkg${i}/__init__.py`] = '';
    const root = workspace({
      ...venv,
      '.tox/py311/pyvenv.cfg': 'home = /usr/bin\n',
      '.tox/py311/lib/six.py': '',
      'node_modules/left-pad/index.js': '',
      'dist/app.js': '',
      'app.py': 'def app():\n    return 1\n',
      'tests/test_app.py': 'from app import app\n',
      'vendor/example.com/lib/lib.go': 'package lib\n',
      'pkg/testdata/input.txt': 'data\n',
      'envy/module.py': '',
    });
    expect((await projectFiles(root)).sort()).toEqual(['app.py', 'envy/module.py', 'pkg/testdata/input.txt', 'tests/test_app.py', 'vendor/example.com/lib/lib.go']);
  });

  it('in a git work tree, leave out a virtual environment nothing ignores', async () => {
    const root = workspace({ 'venv/pyvenv.cfg': 'home = /usr/bin\n', 'venv/lib/six.py': '', 'app.py': '', '.gitignore': 'dist/\n', 'dist/app.js': '' });
    execFileSync('git', ['init', '-q', root]);
    expect((await projectFiles(root)).sort()).toEqual(['.gitignore', 'app.py']);
  });
});
