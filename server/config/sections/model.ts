import { z } from 'zod';
import { defaultModelUrl } from '../model-url.js';

const FAMILIES = ['qwen', 'deepseek', 'codellama', 'starcoder', 'codestral', 'codegemma'] as const;

/** The protocols Ghostline speaks to a model server. */
export const PROVIDERS = ['ollama', 'openai', 'llamacpp'] as const;
export type Provider = (typeof PROVIDERS)[number];

// An environment variable's name, never a key: a pasted key (with `-`, `.` or `/` in it) fails
// here, and zod's message does not repeat the rejected value, so it cannot reach the log.
const ENV_NAME = /^([A-Za-z_][A-Za-z0-9_]{0,127})?$/;
// RFC 9110 token characters; values without line breaks or NUL. fetch() would otherwise throw
// at request time with the offending value in its message.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** Which model server and model completions use. */
export const modelSettings = z.object({
  provider: z
    .enum(PROVIDERS)
    .default('ollama')
    .describe(
      'Protocol of the model server: "ollama", "openai" (any OpenAI-compatible server: vLLM, LM Studio, TGI, llama-server\'s /v1) or "llamacpp" (llama-server\'s own /infill).',
    ),
  url: z
    .url({ protocol: /^https?$/ })
    .default(() => defaultModelUrl())
    .describe(
      'Base URL of the model server, http or https, path prefix allowed. For "openai" the OpenAI base URL as its docs show it, usually ending in /v1; for "llamacpp" the server root. Defaults to $OLLAMA_HOST, else http://127.0.0.1:11434.',
    ),
  name: z
    .string()
    .min(1)
    .default('qwen2.5-coder:1.5b-base')
    .describe('Model used for completions; a base (not instruct) coder model with fill-in-the-middle support. For "openai" the id the server lists under /v1/models.'),
  template: z
    .enum(['auto', ...FAMILIES])
    .default('auto')
    .describe(
      'Fill-in-the-middle format. "auto" recognises it from the model name and the template the server reports. Not used by "llamacpp", whose server applies the model\'s own tokens.',
    ),
  keepAlive: z
    .string()
    .regex(/^-?\d+(ms|s|m|h)?$/)
    .default('30m')
    .describe('How long the model server keeps the model loaded after a request (Ollama keep_alive).'),
  temperature: z.number().min(0).max(2).default(0.1).describe('Sampling temperature; low values give steadier completions.'),
  apiKeyEnv: z
    .string()
    .regex(ENV_NAME, 'must be the name of an environment variable, not the key itself')
    .default('')
    .describe('Name of the environment variable that holds the API key, sent as "Authorization: Bearer …". The key itself never goes into settings or logs. Empty: no key.'),
  headers: z
    .record(z.string().regex(HEADER_NAME), z.string().regex(HEADER_VALUE))
    .default({})
    .describe(
      'Extra HTTP headers sent with every request to the model server (e.g. a team or routing header). Values are never logged; put secrets in the variable named by apiKeyEnv instead.',
    ),
});
