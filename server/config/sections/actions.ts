import { z } from 'zod';

/** Model-powered code actions (explain, tests, refactor, fix, document, implement). */
export const actionSettings = z.object({
  enabled: z.boolean().default(true).describe('Offer the model-powered code actions at all.'),
  model: z.string().min(1).default('qwen2.5-coder:7b-instruct').describe('Model used for code actions and hover; an instruct (chat) model, not the base completion model.'),
  url: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .default('')
    .describe('Model server for code actions and hover; empty means the same server as model.url.'),
  timeoutMs: z.number().int().min(1000).max(600_000).default(120_000).describe('Longest a code action may take, retry included, before it fails with a message.'),
  maxTokens: z.number().int().min(16).max(8192).default(1024).describe('Most tokens the model may generate for one code action.'),
  // Far above any answer actions.maxTokens allows, yet a 5 MB reply never becomes a 5 MB edit.
  maxReplyBytes: z
    .number()
    .int()
    .min(4096)
    .max(50_000_000)
    .default(262_144)
    .describe('Most bytes of model text read for one code action or hover; a longer reply is closed and the action fails with a message.'),
  temperature: z.number().min(0).max(2).default(0.2).describe('Sampling temperature for code actions.'),
  contextLines: z.number().int().min(0).max(200).default(6).describe('Lines of surrounding code shown to the model around the code an action is about.'),
});
