import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Settings } from '../config/schema.js';
import { locateCached } from '../task/locate-cached.js';
import type { Localization } from '../task/types.js';
import { createStderrLogger } from '../util/logger.js';
import { createEngineHost } from './engine-host.js';
import { workspaceRootOf } from './workspace-root.js';

export interface TaskCommand {
  task: string | undefined;
  root?: string;
  json: boolean;
}

const FILES_SHOWN = 10;
const DECLARATIONS_SHOWN = 20;

/**
 * `ghostline task "TEXT" --locate-only [--json] [--root DIR]`: indexes the workspace as
 * `complete` does (from the on-disk cache when it can) and prints where the task most likely
 * goes. Makes no model call. Exit 2 with a one-line reason on bad input.
 */
export async function runLocateOnly(settings: Settings, command: TaskCommand): Promise<number> {
  const task = command.task?.trim();
  if (!task) return fail('task: expected the task as one quoted argument, e.g. ghostline task "add a GET /echo route" --locate-only');
  const root = command.root ? resolve(command.root) : workspaceRootOf(resolve('.ghostline-task'));
  if (!isDirectory(root)) return fail(`task: --root ${command.root ?? root} is not a directory`);
  const host = createEngineHost({ ...settings, context: { ...settings.context, enabled: true } }, createStderrLogger('warn'));
  let localization: Localization;
  try {
    await host.index(root);
    const index = host.indexFor(root);
    if (!index) return fail(`task: could not index ${root}`);
    localization = locateCached({ index, task, limit: DECLARATIONS_SHOWN, fileLimit: FILES_SHOWN }, settings);
  } finally {
    await host.dispose();
  }
  process.stdout.write(command.json ? `${JSON.stringify(toJson(localization))}\n` : render(localization));
  return 0;
}

/** The stable `--locate-only --json` shape: exactly these fields, best first. */
export function toJson(localization: Localization) {
  return {
    task: localization.task,
    files: localization.files.map(({ path, score, why }) => ({ path, score: round(score), why })),
    declarations: localization.declarations.map(({ path, name, kind, line, score }) => ({ path, name, kind, line, score: round(score) })),
  };
}

/** Files with their reasons, then declarations as `path:line name (kind) score`. */
export function render(localization: Localization): string {
  if (localization.files.length === 0) return `Nothing in the workspace matches "${localization.task}".\n`;
  const lines = [`Files most likely to change for "${localization.task}":`];
  for (const [i, file] of localization.files.entries()) lines.push(`  ${i + 1}. ${file.path}  ${round(file.score)}`, `       ${file.why}`);
  lines.push('', 'Declarations:');
  for (const d of localization.declarations) lines.push(`  ${d.path}:${d.line} ${d.name} (${d.kind}) ${round(d.score)}`);
  return `${lines.join('\n')}\n`;
}

function round(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fail(reason: string): number {
  process.stderr.write(`ghostline: ${reason}\n`);
  return 2;
}
