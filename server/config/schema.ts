import { z } from 'zod';
import { actionSettings } from './sections/actions.js';
import { completionSettings } from './sections/completion.js';
import { contextSettings } from './sections/context.js';
import { hoverSettings } from './sections/hover.js';
import { logSettings } from './sections/log.js';
import { modelSettings } from './sections/model.js';
import { statsSettings } from './sections/stats.js';
import { taskSettings } from './sections/task.js';

export { defaultModelUrl } from './model-url.js';

/**
 * Every Ghostline setting, with its default and what it does, one section per file under
 * sections/. This schema is the single source of truth: the README table and the editor clients'
 * setting lists are checked against it.
 */
export const settingsSchema = z.object({
  model: modelSettings,
  completion: completionSettings,
  context: contextSettings,
  actions: actionSettings,
  hover: hoverSettings,
  log: logSettings,
  stats: statsSettings,
  task: taskSettings,
});

export type Settings = z.infer<typeof settingsSchema>;
export type FimFamilySetting = Settings['model']['template'];
