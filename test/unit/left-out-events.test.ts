import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { contextServicesDisposedAfterEach } from '../support/context-services.js';
import { addSubmodule } from '../support/git-submodule.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();
const contextService = contextServicesDisposedAfterEach();

async function indexed(tree: Record<string, string>, options: { git?: boolean; nested?: readonly string[] } = {}) {
  const root = workspace(tree);
  if (options.git) {
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'ignore' });
    // Nothing tracked: what git lists then is what its ignore rules let through.
    git('init', '-q');
    for (const folder of options.nested ?? []) git('init', '-q', folder);
  }
  return indexedAt(root);
}

/** The ContextService's index of a folder made already, and how to report files to it. */
async function indexedAt(root: string) {
  const { service, documents, settings } = contextService();
  await service.start([root]);
  const index = service.indexContaining(root)!;
  /** Writes files and reports each to the service as the editor's watcher does: all of one moment together. */
  const created = async (more: Record<string, string>) => {
    for (const [path, text] of Object.entries(more)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    await Promise.all(Object.keys(more).map((path) => service.fileChanged(pathToFileURL(join(root, path)).href, 'created')));
  };
  const files = () => [...index.records()].map((record) => record.path).sort();
  return { root, service, documents, settings, created, files };
}

const source = (name: string) => `def ${name}():\n    return 1\n`;

describe('files the editor reports one at a time are left out as a listing leaves them out', () => {
  it('in a git work tree: what git ignores (an installed venv/, a built dist/) is not indexed, the rest is', async () => {
    const { created, files } = await indexed({ '.gitignore': 'venv/\ndist/\n*.gen.py\n', 'app.py': source('app') }, { git: true });
    expect(files()).toEqual(['app.py']);
    await created({
      'venv/lib/python3.11/site-packages/six.py': source('six'),
      'dist/index.js': 'export function built() {}\n',
      'models.gen.py': source('generated'),
      'pkg/new.py': source('fresh'),
      'dist.py': source('named_like_a_folder'),
    });
    expect(files()).toEqual(['app.py', 'dist.py', 'pkg/new.py']);
  });

  it('in a git work tree: a tracked file inside an ignored folder stays indexed when it changes', async () => {
    const { root, service, files } = await indexed({ '.gitignore': 'vendored/\n', 'app.py': source('app') }, { git: true });
    mkdirSync(join(root, 'vendored'));
    writeFileSync(join(root, 'vendored/keep.py'), source('keep'));
    execFileSync('git', ['-C', root, 'add', '-f', 'vendored/keep.py']);
    await service.fileChanged(pathToFileURL(join(root, 'vendored/keep.py')).href, 'created');
    expect(files()).toContain('vendored/keep.py');
  });

  it('in a git work tree: a repository of its own inside it (not a submodule) is left out, as git lists none of its files', async () => {
    const { root, created, files } = await indexed({ 'app.py': source('app'), 'inner/lib.py': source('lib') }, { git: true, nested: ['inner'] });
    expect(files()).toEqual(['app.py']);
    expect(execFileSync('git', ['-C', root, 'ls-files', '--others', '--exclude-standard']).toString()).toBe('app.py\ninner/\n');
    await created({ 'inner/pulled.py': source('pulled'), 'inner_notes.py': source('beside'), 'pkg/new.py': source('fresh') });
    expect(files()).toEqual(['app.py', 'inner_notes.py', 'pkg/new.py']);
  });

  it('in a git work tree: a submodule is left out, and one reported with ignored files does not let those in', async () => {
    const root = workspace({ '.gitignore': '*.gen.py\n', 'app.py': source('app') });
    addSubmodule(root, workspace({ 'lib.py': source('lib') }), 'vendored');
    const { created, files } = await indexedAt(root);
    expect(files()).toEqual(['app.py']);
    // git check-ignore stops at a path in a submodule (exit 128): the other files of that moment must still be judged.
    await created({ 'models.gen.py': source('generated'), 'vendored/pulled.py': source('pulled'), 'pkg/new.py': source('fresh') });
    expect(files()).toEqual(['app.py', 'pkg/new.py']);
  });

  it('in a git work tree where a .gitignore made since is a FIFO (git waits on it forever): judged as a walk judges, once git has had its 10 s', { timeout: 60_000 }, async () => {
    const { root, created, files } = await indexed({ '.gitignore': '*.gen.py\n', 'app.py': source('app') }, { git: true });
    mkdirSync(join(root, 'sub'));
    execFileSync('mkfifo', [join(root, 'sub/.gitignore')]);
    await created({ 'sub/models.gen.py': source('generated'), 'sub/real.py': source('real') });
    expect(files()).toEqual(['app.py', 'sub/real.py']);
  });

  it('outside git: the .gitignore files of the folder and of those above it, as the walk reads them', async () => {
    const { created, files } = await indexed({ '.gitignore': 'build/\n', 'pkg/.gitignore': 'gen/\n*.tmp.py\n', 'pkg/mod.py': source('mod') });
    expect(files()).toEqual(['pkg/mod.py']);
    await created({
      'build/lib/out.py': source('out'),
      'pkg/build/out.py': source('nested_build'),
      'pkg/gen/a.py': source('gen_a'),
      'pkg/scratch.tmp.py': source('scratch'),
      'gen/top.py': source('not_under_pkg'),
      'pkg/real.py': source('real'),
    });
    expect(files()).toEqual(['gen/top.py', 'pkg/mod.py', 'pkg/real.py']);
  });

  it('a virtual environment under any name: its marker leaves the folder out, and what was indexed there goes', async () => {
    const { root, service, created, files } = await indexed({ 'app.py': source('app'), 'env/lib/early.py': source('early') });
    expect(files()).toEqual(['app.py', 'env/lib/early.py']);
    await created({ 'env/pyvenv.cfg': 'home = /usr/bin\n' });
    expect(files()).toEqual(['app.py']);
    await created({ 'env/lib/python3.11/site-packages/six.py': source('six'), 'envy.py': source('envy') });
    expect(files()).toEqual(['app.py', 'envy.py']);

    // Unmade: the folder's files are admitted again.
    rmSync(join(root, 'env/pyvenv.cfg'));
    await service.fileChanged(pathToFileURL(join(root, 'env/pyvenv.cfg')).href, 'deleted');
    await created({ 'env/lib/late.py': source('late') });
    expect(files()).toEqual(['app.py', 'env/lib/late.py', 'envy.py']);
  });

  it.each([true, false])('a virtual environment the build found stays out when its files change (git work tree: %s)', async (git) => {
    const { created, files } = await indexed({ 'app.py': source('app'), 'venv/pyvenv.cfg': 'home = /usr/bin\n', 'venv/lib/six.py': source('six') }, { git });
    expect(files()).toEqual(['app.py']);
    await created({ 'venv/lib/six.py': source('six_again'), 'venv/lib/more.py': source('more') });
    expect(files()).toEqual(['app.py']);
  });

  it('a file opened where listings do not look is held while open, and goes when closed', async () => {
    const { root, service, documents, created, files } = await indexed({ '.gitignore': 'dist/\n', 'app.py': source('app') }, { git: true });
    await created({ 'dist/built.py': source('built') });
    const uri = pathToFileURL(join(root, 'dist/built.py')).href;
    documents.open(uri, 'python', 1, source('built'));
    service.indexDocument(uri, false);
    expect(files()).toEqual(['app.py', 'dist/built.py']);
    documents.close(uri);
    await service.documentClosed(uri);
    expect(files()).toEqual(['app.py']);
  });
});

describe('the index follows what decides its listing', () => {
  /** The relisting comes a moment after the change (once for a burst): wait for what it brings. */
  const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

  it.each([true, false])('a .gitignore edited: files it now ignores go, files it no longer ignores come, open ones stay (git work tree: %s)', async (git) => {
    const { root, service, documents, files } = await indexed(
      { '.gitignore': 'dist/\n', 'app.py': source('app'), 'dist/built.py': source('built'), 'build/a.py': source('a'), 'build/b.py': source('b') },
      { git },
    );
    expect(files()).toEqual(['app.py', 'build/a.py', 'build/b.py']);
    const open = pathToFileURL(join(root, 'build/b.py')).href;
    documents.open(open, 'python', 1, source('b'));

    writeFileSync(join(root, '.gitignore'), 'build/\n');
    await service.fileChanged(pathToFileURL(join(root, '.gitignore')).href, 'changed');
    await eventually(() => expect(files()).toEqual(['app.py', 'build/b.py', 'dist/built.py']));
  });

  it('context.exclude: what it names goes at once, and what it no longer names comes back', async () => {
    const { service, settings, files } = await indexed({ 'app.py': source('app'), 'fixtures/data.py': source('data') }, { git: true });
    settings.context.exclude = ['fixtures/'];
    service.settingsChanged();
    expect(files()).toEqual(['app.py']);

    settings.context.exclude = [];
    service.settingsChanged();
    await eventually(() => expect(files()).toEqual(['app.py', 'fixtures/data.py']));
  });
});
