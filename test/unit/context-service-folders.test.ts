import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContextService } from '../../server/context/context-service.js';
import { cacheFile } from '../../server/context/index/persist.js';
import { createLogger } from '../../server/util/logger.js';
import { contextServicesDisposedAfterEach } from '../support/context-services.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();
const contextService = contextServicesDisposedAfterEach();

function setup() {
  const logs: string[] = [];
  const logger = createLogger(
    (_level, message) => logs.push(message),
    () => 'debug',
  );
  return { ...contextService({ logger }), logs };
}

/** A Go module whose main.go calls a function declared in util.go. */
function goModule(name: string, more: Record<string, string> = {}): string {
  return workspace({
    'go.mod': `module example.com/${name}\n\ngo 1.21\n`,
    'util.go': `package main\n\n// Helper${name} is declared in ${name}.\nfunc Helper${name}() int { return 1 }\n`,
    'main.go': `package main\n\nfunc main() {\n\t_ = Helper${name}()\n}\n`,
    ...more,
  });
}

/** The snippets the provider packs for main.go of `root`, or undefined when no index covers it. */
function snippetsFor(service: ContextService, root: string): string[] | undefined {
  const text = readFileSync(join(root, 'main.go'), 'utf8');
  const context = service.provider.gatherNow({
    uri: pathToFileURL(join(root, 'main.go')).href,
    text,
    offset: text.indexOf('}\n'),
    languageId: 'go',
    budgetTokens: 1024,
    signal: new AbortController().signal,
  });
  return context?.snippets.map((snippet) => snippet.content);
}

describe('ContextService workspace folders', () => {
  it('indexes an added folder, and forgets a removed one while keeping its cache on disk', async () => {
    const { service, cacheDir } = setup();
    const a = goModule('a');
    const b = goModule('b', { 'only-b.go': 'package main\n\nfunc OnlyB() {}\n' });
    await service.start([a]);
    expect(snippetsFor(service, b)).toBeUndefined();

    const reports = await service.addFolders([b]);
    expect(reports.map((report) => report.indexed)).toEqual([3]);
    expect(snippetsFor(service, b)?.join('\n')).toContain('func Helperb() int');
    service.recent.record('only-b.go', 'package main\n\nfunc OnlyB() {}\n', 2, 'edit');
    service.recent.record('util.go', 'package main\n\nfunc Helperb() int { return 1 }\n', 2, 'edit');

    await service.removeFolders([b]);
    // util.go is a file of folder a too: a relative path cannot tell whose region it was, so it stays.
    expect(service.recent.candidates('main.go').map((candidate) => candidate.path)).toEqual(['util.go']);
    expect(snippetsFor(service, b)).toBeUndefined();
    expect(existsSync(cacheFile(cacheDir, b))).toBe(true);
    expect(snippetsFor(service, a)?.join('\n')).toContain('func Helpera() int');
  });

  it('adds nothing for a folder already indexed or inside one, and indexes a nested folder on its own once its parent is removed', async () => {
    const { service, logs } = setup();
    const a = goModule('a', { 'sub/x.go': 'package sub\n\nfunc X() {}\n' });
    await service.start([a, join(a, 'sub')]);
    await service.addFolders([a, `${a}/`, join(a, 'sub')]);
    expect(logs.filter((line) => line.startsWith('indexed '))).toEqual([expect.stringContaining(`indexed 3 files of ${a} `)]);

    await service.removeFolders([a]);
    await service.ready;
    expect(logs.filter((line) => line.startsWith('indexed '))).toEqual([expect.stringContaining(`files of ${a} `), expect.stringContaining(`files of ${join(a, 'sub')} `)]);
  });

  it('stops the build of a folder removed while it is being indexed, and never saves nor logs it', async () => {
    const { service, logs, cacheDir } = setup();
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`p${i % 30}/f${i}.go`] = `package p${i % 30}\n\n// F${i} is number ${i}.\nfunc F${i}(x int) int {\n\treturn x + ${i}\n}\n`;
    const big = goModule('big', files);
    let reported = 0;
    const ready = service.start([big], async () => ({
      report: () => {
        // The first progress report comes while the build is under way.
        if (reported++ === 0) service.removeFolders([big]).catch(() => undefined);
      },
      done: () => undefined,
    }));
    expect(await ready).toEqual([]);
    expect(reported).toBeGreaterThan(0);
    expect(logs.some((line) => line.startsWith('indexed '))).toBe(false);
    expect(logs).toContain(`stopped indexing ${big}: the folder was closed`);
    expect(existsSync(cacheFile(cacheDir, big))).toBe(false);
    expect(snippetsFor(service, big)).toBeUndefined();
  });

  it('is done with a build under way when dispose returns: nothing of it is written after', async () => {
    const root = goModule('busy', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}.go`, `package main\n\nfunc F${i}() int { return ${i} }\n`])));
    const { service, cacheDir } = setup();
    let settled = false;
    void service.start([root]).finally(() => (settled = true));
    await service.dispose();
    // The build's promise has settled by now (a microtask for its last callback), not some time later.
    await Promise.resolve();
    expect(settled).toBe(true);
    const written = readdirSync(cacheDir);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(cacheDir)).toEqual(written);
  });

  it('writes the cache again only when the index changed since it was read', async () => {
    const a = goModule('a');
    const first = setup();
    await first.service.start([a]);
    await first.service.dispose();
    const written = statSync(cacheFile(first.cacheDir, a)).mtimeMs;

    // A restart that reads every record from the cache leaves the file alone (the CLI restarts on every run).
    const { service: again } = contextService({ cacheDir: first.cacheDir });
    await again.start([a]);
    await again.dispose();
    expect(statSync(cacheFile(first.cacheDir, a)).mtimeMs).toBe(written);

    // A file changed on disk is written at dispose.
    writeFileSync(join(a, 'util.go'), 'package main\n\nfunc Helpera() int { return 2 }\n');
    await again.fileChanged(pathToFileURL(join(a, 'util.go')).href, 'changed');
    await again.dispose();
    expect(statSync(cacheFile(first.cacheDir, a)).mtimeMs).toBeGreaterThan(written);
  });

  it('keeps a deleted folder forgotten when a read of one of its files was in flight', async () => {
    const { service } = setup();
    const root = workspace({
      'go.mod': 'module example.com/app\n\ngo 1.21\n',
      'lib/extra.go': 'package lib\n\n// Extra is declared under lib/.\nfunc Extra() int { return 2 }\n',
      'main.go': 'package main\n\nimport "example.com/app/lib"\n\nfunc main() {\n\t_ = lib.Extra()\n}\n',
    });
    await service.start([root]);
    expect(snippetsFor(service, root)?.join('\n')).toContain('func Extra() int');

    // The editor closed lib/extra.go (the disk is read again), then the whole folder was deleted:
    // the deletion is handled while the file's read is still in flight, and the read must not bring it back.
    const reading = service.fileChanged(pathToFileURL(join(root, 'lib/extra.go')).href, 'changed');
    await service.fileChanged(pathToFileURL(join(root, 'lib')).href, 'deleted');
    await reading;
    expect(snippetsFor(service, root)?.join('\n')).not.toContain('func Extra() int');

    // A later change of a file in a folder that is back is read as usual.
    await service.fileChanged(pathToFileURL(join(root, 'lib/extra.go')).href, 'created');
    expect(snippetsFor(service, root)?.join('\n')).toContain('func Extra() int');
  });
});
