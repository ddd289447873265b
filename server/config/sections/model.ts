import { z } from 'zod';
import { defaultModelUrl } from '../model-url.js';

const FAMILIES = ['qwen', 'deepseek', 'codellama', 'starcoder', 'codestral', 'codegemma'] as const;

/** Which model server and model completions use. */
export const modelSettings = z.object({
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
});
