import { z } from 'zod';

/** Repository context: the workspace index and what of it reaches the prompt. */
export const contextSettings = z.object({
  enabled: z.boolean().default(true).describe('Index the workspace and put definitions, imported APIs and recent edits from other files into the prompt.'),
  budgetTokens: z
    .number()
    .int()
    .min(0)
    .max(16384)
    .default(1024)
    .describe('Budget (in tokens, estimated) for snippets from other files in the prompt; 0 sends the current file alone.'),
  actionBudgetTokens: z
    .number()
    .int()
    .min(0)
    .max(16384)
    .default(1024)
    .describe('Budget (in tokens, estimated) for definitions from other files in code-action and hover prompts; 0 sends the current file alone.'),
  gatherTimeoutMs: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(25)
    .describe('Longest context gathering may take per completion; past it the prompt carries the last context gathered for the same place, or the current file alone.'),
  maxFileBytes: z.number().int().min(1024).max(50_000_000).default(1_000_000).describe('Workspace files larger than this are not indexed.'),
  maxFiles: z.number().int().min(1).max(1_000_000).default(25_000).describe('Most files indexed per workspace folder; the rest are reported as skipped.'),
  exclude: z
    .array(z.string().min(1))
    .max(1000)
    .default([])
    .describe('More paths never indexed nor sent to the model, as .gitignore patterns (e.g. "fixtures/", "*.gen.ts"); secrets are always excluded.'),
  pollDisk: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe(
      'Whether the server lists the workspace folders itself, in pauses between keystrokes, to find files changed on disk: auto when the editor cannot watch files for it (Neovim on Linux); always for an editor that reports only its own writes (Helix); never.',
    ),
  cacheDir: z.string().default('').describe('Where the index is kept between runs. Empty: $XDG_CACHE_HOME/ghostline, else ~/.cache/ghostline.'),
});
