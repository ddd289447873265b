import { settingLeaves } from '../config/settings.js';

/** The command-line flags that set a model setting (of the completion, action or embedding model), and the setting each one sets. */
const FLAG_SETTINGS = {
  provider: 'model.provider',
  url: 'model.url',
  model: 'model.name',
  template: 'model.template',
  'api-key-env': 'model.apiKeyEnv',
  'action-model': 'actions.model',
  'action-url': 'actions.url',
  'embed-model': 'task.embeddingsModel',
} as const;

export type ModelFlag = keyof typeof FLAG_SETTINGS;

// The flag's value could be a pasted API key: it is never repeated back.
const SECRET_FLAGS = new Set<ModelFlag>(['api-key-env']);

/**
 * One line saying what was wrong with the command line, from an error `util.parseArgs` threw, or
 * undefined for any other error (a bug, which keeps its stack trace).
 */
export function argumentError(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = (error as Error).message;
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return option ? `${option} needs a value` : message.split('\n')[0]!;
  return message.split('\n')[0]!;
}

/**
 * Checks each model flag given against the settings schema, so a bad value stops the command
 * instead of being dropped for the default: one line per bad flag, in the flag's own words.
 */
export function modelFlagProblems(values: Partial<Record<ModelFlag, string>>): string[] {
  const leaves = new Map(settingLeaves().map((leaf) => [leaf.key, leaf]));
  const problems: string[] = [];
  for (const [flag, key] of Object.entries(FLAG_SETTINGS) as Array<[ModelFlag, string]>) {
    const value = values[flag];
    const leaf = leaves.get(key);
    if (value === undefined || !leaf) continue;
    const parsed = leaf.schema.safeParse(value);
    if (parsed.success) continue;
    const shown = SECRET_FLAGS.has(flag) ? '' : ` ${JSON.stringify(value)}`;
    problems.push(`--${flag}${shown}: ${flagReason(flag, parsed.error.issues[0]?.message)}`);
  }
  return problems;
}

function flagReason(flag: ModelFlag, zodMessage: string | undefined): string {
  if (flag === 'url' || flag === 'action-url') return 'not an http:// or https:// URL (e.g. http://127.0.0.1:11434)';
  if (flag === 'api-key-env') return 'must be the name of an environment variable (e.g. MY_API_KEY), not the key itself';
  const options = /expected one of (.*)$/.exec(zodMessage ?? '')?.[1];
  return options ? `expected one of ${options.replace(/"/g, '').replace(/\|/g, ', ')}` : (zodMessage ?? 'invalid value');
}

/** The settings the model flags given set, as nested sections for `applySettings`. */
export function flagSettings(values: Partial<Record<ModelFlag, string>>): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  for (const [flag, key] of Object.entries(FLAG_SETTINGS) as Array<[ModelFlag, string]>) {
    const value = values[flag];
    if (value === undefined) continue;
    const [section, field] = key.split('.') as [string, string];
    (sections[section] ??= {})[field] = value;
  }
  return sections;
}

/**
 * Rewrites advice written for editors ("the setting ghostline model.url", "actions.url (or model.url)") into the
 * flags a CLI user types (`--url`): the same problem, in the words of the place it is read. A setting with no flag
 * stays as it is. The editor's lead ("Ghostline cannot …", "Ghostline: …") goes: the CLI starts each line with "ghostline: ".
 */
export function inCliWords(message: string): string {
  return message.replace(/^Ghostline:? /, '').replace(/(?:the setting )?(?:ghostline )?\b((?:model|actions|task)\.[A-Za-z]+)\b/g, (phrase, key: string) => {
    const flag = Object.entries(FLAG_SETTINGS).find(([, setting]) => setting === key)?.[0];
    return flag ? `--${flag}` : phrase;
  });
}
