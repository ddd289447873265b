/**
 * `node dist/bench/latency/disk-events.js [--files=N] [--root=DIR] [--looks=N]`: what changes on disk cost the server.
 * - A burst: N files written into a folder git ignores (`dist/`, as `tsc` writes them) and reported one at a time, as
 *   an editor's watcher reports them; the time until every report is handled, and how many files the index took.
 * - A look: the poll watcher (a client that cannot watch files for the server) listing `--root` (default Debian's Go
 *   tree), N times; wall and CPU per look, and the interval the next look then waits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../server/config/settings.js';
import { ContextService } from '../../server/context/context-service.js';
import { FOLDER_POLL_MS } from '../../server/context/folder-polling.js';
import { nextLookDelay, PollWatcher } from '../../server/context/poll-watcher.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const FILES = Number(option('files') ?? 3000);
const ROOT = option('root') ?? '/usr/lib/go-1.19/src';
const LOOKS = Number(option('looks') ?? 5);

async function burst(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'ghostline-disk-events-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-disk-events-cache-'));
  try {
    writeFileSync(join(root, '.gitignore'), 'dist/\n');
    writeFileSync(join(root, 'index.ts'), 'export function main(): number {\n  return 1;\n}\n');
    execFileSync('git', ['-C', root, 'init', '-q']);
    const languages = new LanguageRegistry();
    const settings = defaultSettings();
    settings.context.cacheDir = cacheDir;
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
    const service = new ContextService({ languages, documents, settings: () => settings, logger: silentLogger });
    await service.start([root]);
    const paths: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const path = `dist/p${i % 50}/m${i}.js`;
      mkdirSync(join(root, `dist/p${i % 50}`), { recursive: true });
      writeFileSync(join(root, path), `export function f${i}(x) {\n  return x + ${i};\n}\n`);
      paths.push(path);
    }
    const started = performance.now();
    await Promise.all(paths.map((path) => service.fileChanged(pathToFileURL(join(root, path)).href, 'created')));
    const ms = performance.now() - started;
    console.log(
      `burst: ${FILES} files created in an ignored dist/, each reported: handled in ${ms.toFixed(0)} ms; the index holds ${service.indexContaining(root)!.fileCount} file(s)`,
    );
    await service.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function looks(): Promise<void> {
  const intervalMs = FOLDER_POLL_MS;
  const watcher = new PollWatcher({ root: ROOT, limits: () => ({ maxFileBytes: 1_000_000, maxFiles: 25_000 }), changed: async () => undefined, intervalMs, logger: silentLogger });
  await watcher.start();
  for (let i = 0; i < LOOKS; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await watcher.poll();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    console.log(
      `look at ${ROOT}: wall ${wall.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms; the next waits ${(nextLookDelay(intervalMs, wall) / 1000).toFixed(1)} s`,
    );
  }
  watcher.dispose();
}

await burst();
await looks();
