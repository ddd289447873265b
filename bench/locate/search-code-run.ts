/**
 * Standalone: `node dist/bench/locate/search-code-run.js [DATASET] [--limit-versions N]` prints
 * search_code's declaration Recall@10 on the rxjs localization tasks beside locate_task and
 * BM25 alone. Each base version is packed from the npm registry into bench/.cache/locate once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { searchCodeRecall, type SearchMethod, type SearchTask } from './search-code.js';

const CACHE = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/locate/' : '../.cache/locate/', import.meta.url));

/** shared/datasets/localization/rxjs.json in the nearest folder above the clone that has it (CI keeps it beside the clone). */
function defaultDataset(): string {
  for (let dir = dirname(CACHE); dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'datasets', 'localization', 'rxjs.json');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no shared/datasets/localization/rxjs.json above the clone: pass its path');
}

/** The package folder of an rxjs version (holding src/), unpacked from `npm pack` on first use. */
function packageRoot(version: string): string {
  if (!/^\d+\.\d+\.\d+(-[a-z]+\.\d+)?$/.test(version)) throw new Error(`not an rxjs version: ${version}`);
  const dir = join(CACHE, `rxjs-${version}`);
  const root = join(dir, 'package');
  if (existsSync(join(root, 'src', 'index.ts'))) return root;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `rxjs@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/src']);
  rmSync(join(dir, tarball), { force: true });
  return root;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const limitAt = args.indexOf('--limit-versions');
  const datasetPath = args.find((a, i) => !a.startsWith('--') && i !== limitAt + 1) ?? process.env.GHOSTLINE_LOCALIZATION_DATASET ?? defaultDataset();
  const tasks = (JSON.parse(readFileSync(datasetPath, 'utf8')) as { tasks: Array<SearchTask & { base: string }> }).tasks;
  const byBase = new Map<string, typeof tasks>();
  for (const task of tasks) byBase.set(task.base, [...(byBase.get(task.base) ?? []), task]);
  const versions = [...byBase.keys()].slice(0, limitAt >= 0 ? Number(args[limitAt + 1]) : undefined);
  const languages = new LanguageRegistry();
  const sums: Record<SearchMethod, number> = { search_code: 0, locate_task: 0, bm25: 0 };
  let counted = 0;
  for (const version of versions) {
    const root = packageRoot(version);
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 25_000 }));
    await index.build();
    const result = searchCodeRecall(index, byBase.get(version)!);
    for (const method of Object.keys(sums) as SearchMethod[]) sums[method] += result.sums[method];
    counted += result.tasks;
    process.stderr.write(`rxjs ${version}: ${result.tasks} tasks, ${index.fileCount} files\n`);
  }
  const pct = (method: SearchMethod) => `${((100 * sums[method]) / Math.max(1, counted)).toFixed(1)} %`;
  process.stdout.write(`declaration Recall@10 over ${counted} rxjs tasks (${versions.length} versions)\n`);
  process.stdout.write(`  search_code  ${pct('search_code')}\n  locate_task  ${pct('locate_task')}\n  bm25 alone   ${pct('bm25')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
