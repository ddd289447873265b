import type { z } from 'zod';
import { ModelError } from './backend.js';
import { StopScanner } from './stop-strings.js';

/**
 * Validates each streamed payload against `schema` and yields the text `pick` takes from it,
 * cutting at the first of `clientStops` (stop strings the server was not sent). Returning early
 * ends the iteration of `payloads`, which closes the HTTP request.
 */
export async function* textFromEvents<T>(input: {
  payloads: AsyncIterable<unknown>;
  schema: z.ZodType<T>;
  pick: (event: T) => string;
  clientStops?: readonly string[];
  what: string;
}): AsyncGenerator<string> {
  const scanner = input.clientStops?.length ? new StopScanner(input.clientStops) : undefined;
  for await (const payload of input.payloads) {
    const parsed = input.schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new ModelError('malformed', `the model server sent a ${input.what} event Ghostline does not understand (${issue?.message ?? 'invalid'}${where})`);
    }
    const text = input.pick(parsed.data);
    const out = scanner ? scanner.push(text) : text;
    if (out !== '') yield out;
    if (scanner?.done) return;
  }
  const rest = scanner?.flush() ?? '';
  if (rest !== '') yield rest;
}
