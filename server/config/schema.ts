import { z } from 'zod';

/** Where Ollama listens unless told otherwise: `OLLAMA_HOST` (as Ollama itself reads it), else its default port. */
export function defaultModelUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.OLLAMA_HOST?.trim();
  if (!host) return 'http://127.0.0.1:11434';
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  const url = new URL(withScheme);
  // Ollama accepts OLLAMA_HOST=0.0.0.0 to listen everywhere; a client cannot connect to 0.0.0.0.
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (!url.port && !/^https?:\/\//.test(host)) url.port = '11434';
  return url.toString().replace(/\/$/, '');
}

const FAMILIES = ['qwen', 'deepseek', 'codellama', 'starcoder', 'codestral', 'codegemma'] as const;

/**
 * Every Ghostline setting, with its default and what it does. This schema is the single source of
 * truth: the README table and the editor clients' setting lists are checked against it.
 */
export const settingsSchema = z.object({
  model: z.object({
    url: z.url({ protocol: /^https?$/ }).default(() => defaultModelUrl())
      .describe('Base URL of the model server. Defaults to $OLLAMA_HOST, else http://127.0.0.1:11434.'),
    name: z.string().min(1).default('qwen2.5-coder:1.5b-base')
      .describe('Model used for completions; a base (not instruct) coder model with fill-in-the-middle support.'),
    template: z.enum(['auto', ...FAMILIES]).default('auto')
      .describe('Fill-in-the-middle format. "auto" recognises it from the model name and the template the server reports.'),
    keepAlive: z.string().regex(/^-?\d+(ms|s|m|h)?$/).default('30m')
      .describe('How long the model server keeps the model loaded after a request (Ollama keep_alive).'),
    temperature: z.number().min(0).max(2).default(0.1)
      .describe('Sampling temperature; low values give steadier completions.'),
  }),
  completion: z.object({
    enabled: z.boolean().default(true)
      .describe('Serve completions at all.'),
    debounceMs: z.number().int().min(0).max(2000).default(75)
      .describe('Wait this long after the last keystroke before asking the model.'),
    maxTokens: z.number().int().min(1).max(2048).default(128)
      .describe('Most tokens generated for a multi-line completion.'),
    singleLineMaxTokens: z.number().int().min(1).max(512).default(48)
      .describe('Most tokens generated when only the rest of the line is wanted.'),
    prefixTokens: z.number().int().min(64).max(32768).default(1536)
      .describe('Budget (in tokens, estimated) for the code before the cursor in the prompt.'),
    suffixTokens: z.number().int().min(0).max(16384).default(384)
      .describe('Budget (in tokens, estimated) for the code after the cursor in the prompt.'),
    timeoutMs: z.number().int().min(100).max(60000).default(5000)
      .describe('Longest an inline completion may take before it is answered empty.'),
    itemsTimeoutMs: z.number().int().min(50).max(60000).default(2000)
      .describe('Longest a completion-item request may wait for the model, so other completion sources are not held up.'),
    skipInComments: z.boolean().default(false)
      .describe('Do not complete while the cursor is inside a comment.'),
    skipInStrings: z.boolean().default(false)
      .describe('Do not complete while the cursor is inside a string literal.'),
    cacheSize: z.number().int().min(0).max(100000).default(500)
      .describe('Completions remembered (LRU) so a repeated request needs no model call.'),
    maxFileBytes: z.number().int().min(1024).max(100_000_000).default(2_000_000)
      .describe('Documents larger than this are neither parsed nor completed.'),
  }),
  log: z.object({
    level: z.enum(['error', 'warn', 'info', 'debug']).default('info')
      .describe('Least severe message sent to the editor log (window/logMessage).'),
  }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type FimFamilySetting = Settings['model']['template'];
