/**
 * `npm run bench -- locate`: task localization without a model on 313 real rxjs tasks (commit
 * subjects; the files and declarations each commit changed as the truth), Ghostline's localizer
 * against BM25 alone over the same index in the same run, split by held-out/tuning tasks and by
 * whether the task's text names the answer; and `task --locate-only` latency on 2,000 files.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { evaluate, METHODS, SPLITS, type Split } from './locate/evaluate.js';
import { readTasks } from './locate/dataset.js';
import { measureLatency } from './locate/latency.js';
import type { Summary } from './locate/metrics.js';
import { atLeast, atMost, type BenchPart } from './part.js';
import { RESULTS_DIR } from './paths.js';
import { renderTable } from './table.js';

const COLUMNS: Array<[string, keyof Summary]> = [
  ['Acc@1', 'fileAcc1'],
  ['Acc@3', 'fileAcc3'],
  ['Acc@5', 'fileAcc5'],
  ['fR@5', 'fileRecall5'],
  ['fR@10', 'fileRecall10'],
  ['dR@5', 'declarationRecall5'],
  ['dR@10', 'declarationRecall10'],
  ['dR@20', 'declarationRecall20'],
  ['fMRR', 'fileMRR'],
  ['dMRR', 'declarationMRR'],
];

/** The `locate` part of `npm run bench`. */
export const locatePart: BenchPart = {
  name: 'locate',
  description: 'task localization without a model: rxjs commit subjects → changed files and declarations; --locate-only latency on 2,000 files',
  async run(print) {
    const log = (line: string) => print(`   ${line}`);
    const quality = await evaluate(log);
    print('\n   File Acc@k: every changed file in the top k. fR: share of changed files in the top k; dR: of changed declarations; MRR of the first hit. Percent.');
    for (const split of Object.keys(SPLITS) as Split[]) {
      const rows = METHODS.map((method) => [method, ...COLUMNS.map(([, key]) => quality.summaries[split][method][key])]);
      print(`\n   ${split} (${quality.summaries[split].ghostline.tasks} tasks)`);
      print(renderTable(['method', ...COLUMNS.map(([label]) => label)], rows));
    }
    const texts = readTasks()
      .map((task) => task.task)
      .slice(0, 60);
    const latency = await measureLatency(texts, log);
    print(
      `\n   ${latency.files}-file repository: first query ${latency.firstQueryMs} ms (builds the BM25 documents and the graph); ` +
        `then p50 ${latency.queryMs.p50} ms, p95 ${latency.queryMs.p95} ms over ${latency.queryMs.count} tasks in process`,
    );
    print(
      `   ghostline task --locate-only --json as a process, warm index cache: p50 ${latency.cliMs.p50} ms, p95 ${latency.cliMs.p95} ms, max ${latency.cliMs.max} ms over ${latency.cliMs.count} runs` +
        ` (CPU time p50 ${latency.cliCpuMs.p50} ms, p95 ${latency.cliCpuMs.p95} ms; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs)`,
    );
    await writeFile(`${RESULTS_DIR}locate-tasks.json`, `${JSON.stringify(quality.perTask, null, 1)}\n`);
    const all = quality.summaries.all;
    return {
      results: { versions: quality.versions, summaries: quality.summaries, latency },
      targets: [
        atLeast({ name: 'file Acc@5, all tasks', measured: all.ghostline.fileAcc5, limit: 70, unit: '%' }),
        atLeast({ name: 'declaration Recall@10, all tasks', measured: all.ghostline.declarationRecall10, limit: 50, unit: '%' }),
        atLeast({ name: 'file Acc@5 above BM25 alone', measured: round(all.ghostline.fileAcc5 - all.bm25.fileAcc5), limit: 20, unit: 'points' }),
        atLeast({ name: 'declaration Recall@10 above BM25 alone', measured: round(all.ghostline.declarationRecall10 - all.bm25.declarationRecall10), limit: 20, unit: 'points' }),
        atMost({ name: '--locate-only p95, 2,000 files, warm cache', measured: latency.cliMs.p95, limit: 2000, unit: 'ms' }),
        atMost({ name: '--locate-only p95 CPU time, same runs', measured: latency.cliCpuMs.p95, limit: 2000, unit: 'ms' }),
      ],
      sanity: [
        atLeast({ name: 'tasks evaluated', measured: all.ghostline.tasks, limit: 313 }),
        atLeast({ name: 'rxjs versions indexed', measured: quality.versions, limit: 34 }),
        atMost({ name: 'truth files missing from their index', measured: quality.truthFilesNotIndexed, limit: 0 }),
        atLeast({ name: 'files in the latency repository', measured: latency.files, limit: 2000 }),
      ],
    };
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
