import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker entry (`entry.js`) beside the module at `moduleUrl` (its `import.meta.url`). Under vitest the
 * module runs from its .ts source and there is no .js beside it: undefined, and the caller does the work on its own
 * thread (tests that need a worker pass dist's entry).
 */
export function compiledEntryBeside(moduleUrl: string): string | undefined {
  const entry = fileURLToPath(new URL('./entry.js', moduleUrl));
  return moduleUrl.endsWith('.js') && existsSync(entry) ? entry : undefined;
}
