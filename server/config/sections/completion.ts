import { z } from 'zod';

/** Inline completion behaviour. */
export const completionSettings = z.object({
  enabled: z.boolean().default(true).describe('Serve completions at all.'),
  debounceMs: z.number().int().min(0).max(2000).default(75).describe('Wait this long after the last keystroke before asking the model.'),
  maxDebounceMs: z
    .number()
    .int()
    .min(0)
    .max(2000)
    .default(250)
    .describe(
      'While the user types faster than debounceMs, wait a little longer than their usual gap between keys, up to this long, so requests the next keystroke would cancel never start. At or below debounceMs: no adaptation.',
    ),
  maxTokens: z.number().int().min(1).max(2048).default(128).describe('Most tokens generated for a multi-line completion.'),
  singleLineMaxTokens: z.number().int().min(1).max(512).default(48).describe('Most tokens generated when only the rest of the line is wanted.'),
  prefixTokens: z.number().int().min(64).max(32768).default(1536).describe('Budget (in tokens, estimated) for the code before the cursor in the prompt.'),
  suffixTokens: z.number().int().min(0).max(16384).default(384).describe('Budget (in tokens, estimated) for the code after the cursor in the prompt.'),
  timeoutMs: z.number().int().min(100).max(60000).default(5000).describe('Longest an inline completion may take before it is answered empty.'),
  itemsTimeoutMs: z
    .number()
    .int()
    .min(50)
    .max(60000)
    .default(2000)
    .describe('Longest a completion-item request may wait for the model, so other completion sources are not held up.'),
  skipInComments: z.boolean().default(false).describe('Do not complete while the cursor is inside a comment.'),
  skipInStrings: z.boolean().default(false).describe('Do not complete while the cursor is inside a string literal.'),
  securityGate: z
    .boolean()
    .default(true)
    .describe('Do not show a suggestion that would add a hard-coded secret, turn off TLS certificate checks or run a shell command built from variables.'),
  cacheSize: z.number().int().min(0).max(100000).default(500).describe('Completions remembered (LRU) so a repeated request needs no model call.'),
  // A server that ignores the token limit (or streams one endless line) must not make the filters work without end.
  maxReplyBytes: z
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(65_536)
    .describe('Most bytes of model text read for one completion; after that the request is closed and what arrived is used.'),
  maxFileBytes: z.number().int().min(1024).max(100_000_000).default(2_000_000).describe('Documents larger than this are neither parsed nor completed.'),
});
