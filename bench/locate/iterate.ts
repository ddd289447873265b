/**
 * Standalone, for working on the localizer: `node dist/bench/locate/iterate.js [--methods ghostline,bm25]
 * [--misses FILE] [--url URL --action-model NAME --embed-model NAME --rerank]` runs the locate benchmark's quality part without the latency part, with the
 * index of each rxjs version cached on disk (bench/.cache/locate/index-cache), and prints every
 * split. `--misses FILE` writes half A's tasks (the half changes are developed on) with their
 * truth and Ghostline's top results; half B's truth is never written, so it stays a check. With
 * `--methods ghostline,model-passes` and a model server (Ollama at `--url`), it also scores localization with the
 * optional model passes `ghostline task` offers: an embedding model's seeds (`--embed-model`) and the action
 * model's rerank (`--rerank`); no such model runs where this project is built, so those figures were never taken.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTasks } from './dataset.js';
import { applySettings, defaultSettings } from '../../server/config/settings.js';
import { evaluate, METHODS, SPLITS, type Method, type Split } from './evaluate.js';
import { renderTable } from '../table.js';

const INDEX_CACHE = fileURLToPath(
  new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/locate/index-cache/' : '../.cache/locate/index-cache/', import.meta.url),
);

async function main(args: readonly string[]): Promise<void> {
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const methods = (flag('--methods')?.split(',') ?? METHODS) as Method[];
  const model = { url: flag('--url') ?? defaultSettings().model.url };
  const task = { rerank: args.includes('--rerank'), embeddingsModel: flag('--embed-model') ?? '' };
  // The embedding vectors go beside the benchmark's index caches, not into the user's cache folder.
  const context = { cacheDir: join(INDEX_CACHE, '..', 'model-passes') };
  const passes = applySettings(defaultSettings(), { model, actions: { model: flag('--action-model') ?? defaultSettings().actions.model }, context, task }).settings;
  const quality = await evaluate((line) => process.stderr.write(`${line}\n`), { methods, indexCache: INDEX_CACHE, passes });
  for (const split of Object.keys(SPLITS) as Split[]) {
    const rows = methods.map((method) => {
      const s = quality.summaries[split][method];
      return [method, s.fileAcc1, s.fileAcc3, s.fileAcc5, s.fileRecall10, s.declarationRecall5, s.declarationRecall10, s.declarationRecall20, s.fileMRR];
    });
    process.stdout.write(`\n${split} (${quality.summaries[split].ghostline.tasks} tasks)\n`);
    process.stdout.write(`${renderTable(['method', 'Acc@1', 'Acc@3', 'Acc@5', 'fR@10', 'dR@5', 'dR@10', 'dR@20', 'fMRR'], rows)}\n`);
  }
  const misses = flag('--misses');
  if (misses) {
    const developedOn = new Map(
      readTasks()
        .filter(SPLITS['half A (developed on)'])
        .map((task) => [task.id, task]),
    );
    const entries = quality.perTask
      .filter((entry) => developedOn.has(entry.id))
      .map((entry) => {
        const task = developedOn.get(entry.id)!;
        return { ...entry, truthFiles: task.files, truthDeclarations: task.declarations.map((d) => `${d.file}#${d.name}`), leak: task.leak };
      });
    writeFileSync(misses, `${JSON.stringify(entries, null, 1)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
