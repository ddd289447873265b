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
