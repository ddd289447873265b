import { z } from 'zod';

/** Generated explanations on hover over a function, method or type name. */
export const hoverSettings = z.object({
  enabled: z.boolean().default(true).describe('Explain functions, methods and types on hover, using actions.model.'),
  timeoutMs: z.number().int().min(200).max(120_000).default(8000).describe('Longest a hover may wait for the model before it is answered empty.'),
  maxTokens: z.number().int().min(16).max(2048).default(256).describe('Most tokens generated for one hover explanation.'),
  cacheSize: z.number().int().min(0).max(10_000).default(200).describe('Explanations remembered per declaration text, so a second hover is instant.'),
});
