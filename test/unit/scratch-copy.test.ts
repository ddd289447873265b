import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { createScratchCopy, MAX_COPIED_FILES, projectFiles } from '../../server/task/scratch-copy.js';
import { verifyCandidate } from '../../server/task/verify.js';
import { addSubmodule } from '../support/git-submodule.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

/** A Go module outside git whose own packages are named as build output often is (the standard library's go/build, cmd/dist). */
const GO_MODULE = {
  'go.mod': 'module example.com/m\n\ngo 1.19\n',
  'main.go': 'package main\n\nimport "example.com/m/build"\n\nfunc main() { println(build.Name()) }\n',
  'build/build.go': 'package build\n\n// Name names the build.\nfunc Name() string { return "m" }\n',
};

const verifying = (root: string, signal = new AbortController().signal) =>
  verifyCandidate({
    root,
    files: [
      {
        path: 'main.go',
        before: GO_MODULE['main.go'],
        after: 'package main\n\nimport "example.com/m/build"\n\nfunc label() string { return "[" + build.Name() + "]" }\n\nfunc main() { println(label()) }\n',
      },
      {
        path: 'main_test.go',
        before: undefined,
        after: 'package main\n\nimport "testing"\n\nfunc TestLabel(t *testing.T) {\n\tif label() != "[m]" {\n\t\tt.Fatal(label())\n\t}\n}\n',
      },
    ],
    testPath: 'main_test.go',
    languages: new LanguageRegistry(),
    signal,
    timeoutMs: 120_000,
  });

describe('the files a scratch copy takes', () => {
  it('outside git, what git would list: the .gitignore files honoured at every depth, no folder left out for its name but dependencies, caches and virtual environments', async () => {
    const venv: Record<string, string> = { 'env/pyvenv.cfg': 'home = /usr/bin\n' };
    for (let i = 0; i < 50; i++) venv[`env/lib/python3.11/site-packages/pkg${i}/__init__.py`] = '';
    const root = workspace({
      ...venv,
      '.tox/py311/pyvenv.cfg': 'home = /usr/bin\n',
      '.tox/py311/lib/six.py': '',
      'node_modules/left-pad/index.js': '',
      '__pycache__/app.cpython-311.pyc': '',
      '.gitignore': '/dist/\n*.log\n',
      'dist/app.js': '',
      'debug.log': '',
      'sub/.gitignore': 'gen/\n',
      'sub/gen/x.go': '',
      'sub/keep.go': '',
      'build/build.go': 'package build\n',
      'cmd/dist/main.go': 'package main\n',
      'app.py': 'def app():\n    return 1\n',
      'tests/test_app.py': 'from app import app\n',
      'vendor/example.com/lib/lib.go': 'package lib\n',
      'pkg/testdata/input.txt': 'data\n',
      'envy/module.py': '',
    });
    // A link to a folder is made again in the copy, not followed: one pointing at a disk of data would copy the disk.
    symlinkSync(join(root, 'pkg'), join(root, 'linked'));
    expect((await projectFiles(root)).files.sort()).toEqual([
      '.gitignore',
      'app.py',
      'build/build.go',
      'cmd/dist/main.go',
      'envy/module.py',
      'linked',
      'pkg/testdata/input.txt',
      'sub/.gitignore',
      'sub/keep.go',
      'tests/test_app.py',
      'vendor/example.com/lib/lib.go',
    ]);
  });

  it('in a git work tree, leave out a virtual environment nothing ignores', async () => {
    const root = workspace({ 'venv/pyvenv.cfg': 'home = /usr/bin\n', 'venv/lib/six.py': '', 'app.py': '', '.gitignore': 'dist/\n', 'dist/app.js': '' });
    execFileSync('git', ['init', '-q', root]);
    expect((await projectFiles(root)).files.sort()).toEqual(['.gitignore', 'app.py']);
  });
});

describe('a scratch copy of a project with a submodule', () => {
  it("holds the submodule's files, as the build needs them", async () => {
    const root = workspace({ 'main.go': 'package main\n' });
    addSubmodule(root, workspace({ 'lib.go': 'package lib\n' }), 'third_party/lib');
    expect((await projectFiles(root)).files.sort()).toEqual(['.gitmodules', 'main.go', 'third_party/lib/lib.go']);
    const copy = await createScratchCopy(root);
    try {
      expect(readFileSync(join(copy.dir, 'third_party/lib/lib.go'), 'utf8')).toBe('package lib\n');
    } finally {
      await copy.dispose();
    }
  });
});

describe('the dependencies a scratch copy links', () => {
  it('links each installed package of every node_modules beside a package.json, and keeps what the checks write there in the copy', async () => {
    const root = workspace({
      'package.json': '{"workspaces": ["packages/*"]}\n',
      'node_modules/dep/index.js': 'module.exports = 1;\n',
      'node_modules/.bin/dep': '#!/bin/sh\n',
      'node_modules/.vite/vitest/results.json': '{"mine": true}\n',
      'packages/app/package.json': '{"name": "app"}\n',
      'packages/app/index.js': 'module.exports = require("inner");\n',
      'packages/app/node_modules/inner/index.js': 'module.exports = 2;\n',
      '.gitignore': 'node_modules/\n',
    });
    execFileSync('git', ['init', '-q', root]);
    const copy = await createScratchCopy(root);
    try {
      expect(readFileSync(join(copy.dir, 'node_modules/dep/index.js'), 'utf8')).toBe('module.exports = 1;\n');
      expect(existsSync(join(copy.dir, 'node_modules/.bin/dep'))).toBe(true);
      expect(readFileSync(join(copy.dir, 'packages/app/node_modules/inner/index.js'), 'utf8')).toBe('module.exports = 2;\n');
      // A test runner's cache, written where vitest writes it: the copy's, not the project's.
      expect(lstatSync(join(copy.dir, 'node_modules')).isSymbolicLink()).toBe(false);
      expect(existsSync(join(copy.dir, 'node_modules/.vite'))).toBe(false);
      mkdirSync(join(copy.dir, 'node_modules/.vite/vitest'), { recursive: true });
      writeFileSync(join(copy.dir, 'node_modules/.vite/vitest/results.json'), '{"copy": true}\n');
      expect(readFileSync(join(root, 'node_modules/.vite/vitest/results.json'), 'utf8')).toBe('{"mine": true}\n');
    } finally {
      await copy.dispose();
    }
    expect(readFileSync(join(root, 'node_modules/dep/index.js'), 'utf8')).toBe('module.exports = 1;\n');
  });
});

describe('the workspace packages a scratch copy links', () => {
  it("links a package of the project's own (an npm workspace's link) to its copy, where the patch is written", async () => {
    const root = workspace({
      'package.json': '{"workspaces": ["packages/*"]}\n',
      'packages/lib/package.json': '{"name": "@org/lib"}\n',
      'packages/lib/index.js': 'module.exports = "yours";\n',
      'node_modules/left-pad/index.js': 'module.exports = 1;\n',
      '.gitignore': 'node_modules/\n',
    });
    mkdirSync(join(root, 'node_modules/@org'));
    symlinkSync('../../packages/lib', join(root, 'node_modules/@org/lib'));
    execFileSync('git', ['init', '-q', root]);
    const copy = await createScratchCopy(root);
    try {
      await copy.write(new Map([['packages/lib/index.js', 'module.exports = "patched";\n']]));
      expect(readFileSync(join(copy.dir, 'node_modules/@org/lib/index.js'), 'utf8')).toBe('module.exports = "patched";\n');
      expect(readFileSync(join(copy.dir, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    } finally {
      await copy.dispose();
    }
    expect(readFileSync(join(root, 'packages/lib/index.js'), 'utf8')).toBe('module.exports = "yours";\n');
  });
});

describe('verifying in a scratch copy', { timeout: 180_000 }, () => {
  it('builds and tests a Go module whose package is named build (go build, go vet and go test run for real)', async () => {
    const result = await verifying(workspace(GO_MODULE));
    expect(result.steps.map((step) => [step.step, step.ok, step.skipped ?? false])).toEqual([
      ['parse', true, false],
      ['security', true, false],
      ['build', true, false],
      ['vet', true, false],
      ['test', true, false],
    ]);
    expect(result.verified).toBe(true);
  });

  it('builds one module of a monorepo whose go.mod replaces a sibling module by its relative path (../shared)', async () => {
    const monorepo = workspace({
      '.gitignore': '*.log\n',
      'shared/go.mod': 'module example.com/shared\n\ngo 1.19\n',
      'shared/shared.go': 'package shared\n\n// Greeting is shared.\nfunc Greeting() string { return "hi" }\n',
      'service/go.mod': 'module example.com/m\n\ngo 1.19\n\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n',
      'service/main.go': 'package main\n\nimport "example.com/shared"\n\nfunc main() { println(shared.Greeting()) }\n',
      'service/debug.log': 'not copied\n',
    });
    execFileSync('git', ['init', '-q', monorepo]);
    const root = join(monorepo, 'service');
    expect((await projectFiles(root)).files.sort()).toEqual(['go.mod', 'main.go']);
    const result = await verifyCandidate({
      root,
      files: [
        {
          path: 'main.go',
          before: 'package main\n\nimport "example.com/shared"\n\nfunc main() { println(shared.Greeting()) }\n',
          after: 'package main\n\nimport "example.com/shared"\n\nfunc label() string { return shared.Greeting() + "!" }\n\nfunc main() { println(label()) }\n',
        },
        {
          path: 'main_test.go',
          before: undefined,
          after: 'package main\n\nimport "testing"\n\nfunc TestLabel(t *testing.T) {\n\tif label() != "hi!" {\n\t\tt.Fatal(label())\n\t}\n}\n',
        },
      ],
      testPath: 'main_test.go',
      languages: new LanguageRegistry(),
      signal: new AbortController().signal,
      timeoutMs: 120_000,
    });
    expect(result.steps.filter((step) => !step.ok)).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('does not copy a project with more files than a copy takes, and says so instead of a build failure; nothing is labelled verified', async () => {
    const root = workspace(GO_MODULE);
    // 21,000 files tracked by git (in its index only: writing them all to disk takes this machine up to 16 s).
    execFileSync('git', ['init', '-q', root]);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: root, input: '' }).toString().trim();
    const entries = Array.from({ length: MAX_COPIED_FILES + 1000 }, (_, i) => `100644 ${blob}\tassets/${Math.floor(i / 1000)}/${i}.txt\n`).join('');
    execFileSync('git', ['update-index', '--add', '--index-info'], { cwd: root, input: entries });
    const result = await verifying(root);
    const notRun = result.steps.filter((step) => step.skipped);
    expect(notRun.map((step) => step.step)).toEqual(['build', 'test']);
    expect(notRun[0]!.output).toMatch(new RegExp(`lists ${MAX_COPIED_FILES + 1003} files, more than the ${MAX_COPIED_FILES} a scratch copy takes`));
    expect(result.steps.some((step) => !step.ok)).toBe(false);
    expect(result.verified).toBe(false);
  });

  it('stops copying when cancelled and removes what it copied', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`pkg${i % 10}/file${i}.go`] = `package pkg${i % 10}\n`;
    const root = workspace(files);
    const scratchParent = mkdtempSync(join(tmpdir(), 'ghostline-scratch-parent-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = scratchParent;
    // Aborted while the files are copied: after the listing and the copy's first files.
    const controller = new AbortController();
    let looks = 0;
    const signal = new Proxy(controller.signal, {
      get(target, key) {
        if (key === 'throwIfAborted')
          return () => {
            if (++looks === 50) controller.abort();
            target.throwIfAborted();
          };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    try {
      await expect(createScratchCopy(root, signal)).rejects.toThrow(/abort/i);
      expect(looks).toBeGreaterThanOrEqual(50);
      expect(looks).toBeLessThan(300);
      expect(readdirSync(scratchParent)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(scratchParent, { recursive: true, force: true });
    }
  });
});
