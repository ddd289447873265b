import { describe, expect, it } from 'vitest';
import { buildCommands, testCommands } from '../../server/task/verify-commands.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();
const changed = (...paths: string[]) => paths.map((path) => ({ path, before: '', after: '' }));

describe('the commands that verify a patch, as each file’s language module gives them', () => {
  const files = {
    'svc/go.mod': 'module example.com/svc\n',
    'svc/api/handler.go': 'package api\n',
    'web/package.json': '{ "devDependencies": { "vitest": "4" } }',
    'web/tsconfig.json': '{}',
    'web/src/sum.ts': 'export const sum = 1;\n',
    'web/src/sum.test.ts': "import { it } from 'vitest';\n",
    'py/pkg/core.py': 'x = 1\n',
    'py/tests/test_core.py': 'import unittest\n',
    'py/tests/helpers.py': '',
    'README.md': '',
  };

  it('builds each language’s files with its own toolchain, and nothing for a file no module reads', () => {
    const dir = workspace(files);
    const commands = buildCommands(dir, changed('svc/api/handler.go', 'web/src/sum.ts', 'py/pkg/core.py', 'README.md'));
    expect(commands.map(({ step, argv, cwd, skip }) => ({ step, argv: argv.map((a) => a.replace(dir, '<dir>')), cwd, skip }))).toEqual([
      { step: 'build', argv: ['go', 'build', './...'], cwd: 'svc', skip: undefined },
      { step: 'vet', argv: ['go', 'vet', './api'], cwd: 'svc', skip: undefined },
      // No node_modules in the scratch copy: said, not run.
      { step: 'build', argv: [], cwd: '', skip: 'typescript is not installed for web' },
      { step: 'build', argv: ['python3', '-m', 'py_compile', 'py/pkg/core.py'], cwd: '', skip: undefined },
    ]);
    expect(buildCommands(dir, changed('README.md'))).toEqual([{ step: 'build', argv: [], cwd: '', skip: 'no build or type check for these files' }]);
  });

  it('tests the changed Go packages and each changed test file with the runner it is written for; helpers are not run', () => {
    const dir = workspace(files);
    const commands = testCommands(dir, { files: changed('svc/api/handler.go', 'web/src/sum.ts', 'py/tests/helpers.py'), testPath: 'web/src/sum.test.ts' });
    expect(commands.map(({ argv, cwd, skip }) => ({ argv, cwd, skip }))).toEqual([
      { argv: ['go', 'test', '-count=1', './api'], cwd: 'svc', skip: undefined },
      { argv: [], cwd: '', skip: 'vitest is not installed' },
    ]);
    const python = testCommands(dir, { files: changed('py/pkg/core.py'), testPath: 'py/tests/test_core.py' });
    expect(python).toHaveLength(1);
    expect(python[0]!.argv.slice(0, 3)).toEqual(['python3', '-m', python[0]!.argv[2] === 'pytest' ? 'pytest' : 'unittest']);
    expect(testCommands(dir, { files: changed('README.md') })[0]!.skip).toBe('no test runner found for these files (use --test-cmd)');
    expect(testCommands(dir, { files: changed('svc/api/handler.go'), testCommand: 'make check' })).toEqual([{ step: 'test', argv: ['sh', '-c', 'make check'], cwd: '' }]);
  });
});
