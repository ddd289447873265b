import type { Settings } from '../config/schema.js';
import { ModelError, type ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { detectFamily } from './family.js';
import type { Problem } from './problems.js';
import type { FimFamily } from './templates.js';

export type FamilyResolution = { kind: 'supported'; family: FimFamily } | { kind: 'unsupported'; problem: Problem };

interface Dependencies {
  settings: () => Settings;
  backend: () => ModelBackend;
  logger: Logger;
}

/**
 * Finds the fill-in-the-middle format of the configured model: the override if set, else the
 * template the model server reports, else the model's name. Asks the server once per model.
 */
export class FamilyResolver {
  private readonly resolved = new Map<string, FamilyResolution>();

  constructor(private readonly deps: Dependencies) {}

  clear(): void {
    this.resolved.clear();
  }

  async resolve(signal: AbortSignal): Promise<FamilyResolution> {
    const { name, template, url } = this.deps.settings().model;
    if (template !== 'auto') return { kind: 'supported', family: template };
    const known = this.resolved.get(name);
    if (known) return known;

    const info = await this.deps.backend().info(signal);
    if (!info.present) throw new ModelError('model-missing', `model "${name}" is not available on ${url}`);
    const detected = detectFamily({ modelName: name, template: info.template, override: template });
    const resolution: FamilyResolution = detected.family
      ? { kind: 'supported', family: detected.family }
      : {
          kind: 'unsupported',
          problem: {
            key: `nofim:${name}`,
            message: `Ghostline cannot complete with "${name}": ${detected.reason} Set ghostline model.name to a coder base model such as qwen2.5-coder:1.5b-base, or set model.template if you know its format.`,
          },
        };
    if (detected.family) this.deps.logger.info(`model ${name}: fill-in-the-middle format ${detected.family} (from its ${detected.source})`);
    this.resolved.set(name, resolution);
    return resolution;
  }
}
