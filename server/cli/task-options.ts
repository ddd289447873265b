/**
 * The flags of `ghostline task`, parsed once by main.ts with every other flag (and by tests with
 * these alone). Kept apart from the task's code so the other verbs do not load it.
 */
export const TASK_OPTIONS = {
  root: { type: 'string' },
  apply: { type: 'boolean' },
  commit: { type: 'boolean' },
  json: { type: 'boolean' },
  'test-cmd': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'allow-unverified': { type: 'boolean' },
  alternatives: { type: 'string' },
  'locate-only': { type: 'boolean' },
  rerank: { type: 'boolean' },
  'embed-model': { type: 'string' },
} as const;

/** What the parse gives `runTaskCommand`: the task's words and its flags. */
export interface TaskInput {
  words: readonly string[];
  flags: {
    root?: string;
    apply?: boolean;
    commit?: boolean;
    json?: boolean;
    'test-cmd'?: string;
    'timeout-ms'?: string;
    'allow-unverified'?: boolean;
    alternatives?: string;
    rerank?: boolean;
    'embed-model'?: string;
  };
}

/** Flags that act on the patch `ghostline task` writes, which `--locate-only` never makes. */
const PATCH_FLAGS = ['apply', 'commit', 'alternatives', 'test-cmd', 'timeout-ms', 'allow-unverified'] as const;

/**
 * Why these flags cannot go with `--locate-only`, in one line, or undefined when they can. A flag that would ask a
 * model, or that acts on a patch, would otherwise be dropped without a word: `--locate-only --apply` printed the
 * ranking, wrote nothing and exited 0.
 */
export function locateOnlyConflict(flags: TaskInput['flags'] & { 'locate-only'?: boolean }): string | undefined {
  if (!flags['locate-only']) return undefined;
  if (flags.rerank || flags['embed-model'] !== undefined) return '--rerank and --embed-model ask a model, and --locate-only makes no model call: use one or the other';
  const given = PATCH_FLAGS.filter((flag) => flags[flag] !== undefined && flags[flag] !== false).map((flag) => `--${flag}`);
  if (given.length === 0) return undefined;
  const named = given.length === 1 ? given[0]! : `${given.slice(0, -1).join(', ')} and ${given.at(-1)!}`;
  return `${named} ${given.length === 1 ? 'acts' : 'act'} on a patch, and --locate-only makes none: use one or the other`;
}
