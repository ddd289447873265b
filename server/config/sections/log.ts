import { z } from 'zod';

/** Logging to the editor. */
export const logSettings = z.object({
  level: z.enum(['error', 'warn', 'info', 'debug']).default('info').describe('Least severe message sent to the editor log (window/logMessage).'),
});
