import { z } from 'zod';

/** Local acceptance statistics: what was shown and accepted, kept on this machine only. */
export const statsSettings = z.object({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      'Record which suggestions were shown and accepted (with latency, language and model) in stats.jsonl beside the index cache, for `ghostline stats`. Nothing leaves the machine.',
    ),
  trainingData: z
    .boolean()
    .default(false)
    .describe(
      'Also append each accepted completion (the code around the cursor and the accepted text, secrets redacted) to accepted-completions.jsonl beside the index cache, as prompt/completion pairs for fine-tuning your own model.',
    ),
});
