/**
 * `node dist/bench/mcp-speed.js [ROOT] [--files N]`: what `ghostline mcp` costs on a large
 * repository: index time at start (cold, then from the on-disk cache) and search_code latency
 * (p50/p95 over 200 queries made from the repository's own doc comments). Default ROOT: Go 1.19's
 * standard library (Debian's golang-1.19-src), cut at 2,000 files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineHost } from '../server/cli/engine-host.js';
import { defaultSettings } from '../server/config/settings.js';
import { confineToRoot } from '../server/query/confine.js';
import { searchCode } from '../server/query/search-code.js';
import { silentLogger } from '../server/util/logger.js';

const QUERIES = 200;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function startOnce(root: string, cacheDir: string, files: number) {
  const base = defaultSettings();
  const settings = { ...base, context: { ...base.context, cacheDir, maxFiles: files } };
  const host = createEngineHost(settings, silentLogger, { warmUp: true });
  const started = performance.now();
  await host.index(root);
  const index = host.context.indexFor(root)!;
  await confineToRoot(index);
  return { host, index, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const filesAt = args.indexOf('--files');
  const files = filesAt >= 0 ? Number(args[filesAt + 1]) : 2000;
  const root = args.find((a, i) => !a.startsWith('--') && i !== filesAt + 1) ?? '/usr/share/go-1.19/src';
  const cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-mcp-bench-'));
  try {
    const cold = await startOnce(root, cacheDir, files);
    await cold.host.dispose();
    const warm = await startOnce(root, cacheDir, files);
    const docs = [...warm.index.records()].flatMap((r) => r.declarations.filter((d) => /^\s*(\/\/|\/\*\*)/.test(d.text)).map((d) => d.text.split('\n')[0]!));
    const step = Math.max(1, Math.floor(docs.length / QUERIES));
    const queries = docs
      .filter((_, i) => i % step === 0)
      .slice(0, QUERIES)
      .map((doc) =>
        doc
          .replace(/^\s*(\/\/|\/\*\*)\s*/, '')
          .split(/\s+/)
          .slice(0, 8)
          .join(' '),
      );
    const times: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      searchCode({ index: warm.index, query, limit: 10 });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    await warm.host.dispose();
    const declarations = [...warm.index.records()].reduce((sum, r) => sum + r.declarations.length, 0);
    process.stdout.write(`${root}: ${warm.index.fileCount} files, ${declarations} declarations\n`);
    process.stdout.write(`  index at start: cold ${Math.round(cold.ms)} ms, from cache ${Math.round(warm.ms)} ms\n`);
    process.stdout.write(`  search_code over ${times.length} queries: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms\n`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
