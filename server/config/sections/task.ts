import { z } from 'zod';

/** `ghostline task` and the editor's `ghostline.task`: the optional model passes of localization. */
export const taskSettings = z.object({
  rerank: z
    .boolean()
    .default(false)
    .describe(
      'Before editing, let actions.model reorder the best files localization found by reading their outlines. Off by default: its effect could not be measured without a model.',
    ),
  embeddingsModel: z
    .string()
    .max(200)
    .default('')
    .describe(
      "Embedding model on the actions server (e.g. nomic-embed-text) whose vectors of the workspace's declarations also seed localization; empty: off. Vectors are kept beside the index cache.",
    ),
});
