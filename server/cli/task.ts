import { resolve } from 'node:path';
import type { Settings } from '../config/schema.js';
import { locateCached, locateFromDisk } from '../task/locate-cached.js';
import { NO_MATCH_REASON, withRoundedScores, type Localization } from '../task/types.js';
import { createStderrLogger } from '../util/logger.js';
import { isFolder, workspaceRootOf } from './workspace-root.js';

export interface TaskCommand {
  task: string | undefined;
  root?: string;
  json: boolean;
}

const FILES_SHOWN = 10;
const DECLARATIONS_SHOWN = 20;

/**
 * `ghostline task "TEXT" --locate-only [--json] [--root DIR]`: prints where the task most likely
 * goes, from the saved localization model when no file changed since it was saved, else from the
 * workspace index (itself from its cache for unchanged files). Makes no model call. Exit 2 with a
 * one-line reason on bad input, or when nothing in the workspace matches the task.
 */
export async function runLocateOnly(settings: Settings, command: TaskCommand): Promise<number> {
  const task = command.task?.trim();
  if (!task) return fail('task: expected the task as one quoted argument, e.g. ghostline task "add a GET /echo route" --locate-only');
  const root = command.root ? resolve(command.root) : workspaceRootOf(resolve('.ghostline-task'));
  if (!isFolder(root)) return fail(`task: --root ${command.root ?? root} is not a folder`);
  const options = { root, task, limit: DECLARATIONS_SHOWN, fileLimit: FILES_SHOWN };
  const quick = await locateFromDisk(options, settings);
  const localization = 'localization' in quick ? quick.localization : await locateIndexed(options, settings, quick.listing);
  if (!localization) return fail(`task: could not index ${root}`);
  // Nothing matched: the JSON still says so in its empty lists, the exit code as the full task's does (2, with the reason).
  if (command.json) process.stdout.write(`${JSON.stringify(toJson(localization))}\n`);
  if (localization.files.length === 0) return fail(NO_MATCH_REASON);
  if (!command.json) process.stdout.write(render(localization));
  return 0;
}

/**
 * Indexes the workspace as `complete` does (from the index cache when it can) and locates; saves
 * the model with the workspace listing taken before, so the next run needs no index.
 */
async function locateIndexed(options: { root: string; task: string; limit: number; fileLimit: number }, settings: Settings, listing: string): Promise<Localization | undefined> {
  // Loaded only here: a warm run answers from the saved model and needs none of the engine.
  const { createEngineHost } = await import('./engine-host.js');
  const host = createEngineHost({ ...settings, context: { ...settings.context, enabled: true } }, createStderrLogger('warn'));
  try {
    await host.index(options.root);
    const index = host.indexFor(options.root);
    return index && locateCached({ index, task: options.task, limit: options.limit, fileLimit: options.fileLimit }, settings, undefined, listing);
  } finally {
    await host.dispose();
  }
}

/** The stable `--locate-only --json` shape: exactly these fields, best first. */
export function toJson(localization: Localization) {
  const { task, files, declarations } = withRoundedScores(localization);
  return {
    task,
    files: files.map(({ path, score, why }) => ({ path, score, why })),
    declarations: declarations.map(({ path, name, kind, line, score }) => ({ path, name, kind, line, score })),
  };
}

/** Files with their reasons, then declarations as `path:line name (kind) score`. */
export function render(localization: Localization): string {
  const lines = [`Files most likely to change for "${localization.task}":`];
  const { files, declarations } = withRoundedScores(localization);
  for (const [i, file] of files.entries()) lines.push(`  ${i + 1}. ${file.path}  ${file.score}`, `       ${file.why}`);
  lines.push('', 'Declarations:');
  for (const d of declarations) lines.push(`  ${d.path}:${d.line} ${d.name} (${d.kind}) ${d.score}`);
  return `${lines.join('\n')}\n`;
}

function fail(reason: string): number {
  process.stderr.write(`ghostline: ${reason}\n`);
  return 2;
}
