import type { Settings } from '../config/schema.js';
import type { EnclosingRegion } from '../core/context-provider.js';
import type { Logger } from '../util/logger.js';
import type { ContextProvider, LanguageId, RepositoryContext } from './types.js';

/**
 * Repository context for the prompt, or undefined (the current file alone) when there is no provider or it
 * fails. When it does not answer within `context.gatherTimeoutMs` (on a busy machine the wall clock runs
 * past the cap while the gather waits for a core), the provider's last finished gather for the same place
 * goes instead, if it has one: the gather that missed the cap finishes meanwhile, so the next keystroke has it.
 */
export async function gatherContext(input: {
  provider: ContextProvider | undefined;
  logger: Logger;
  uri: string;
  text: string;
  offset: number;
  /** The cursor's 0-based line. */
  line?: number;
  languageId: LanguageId;
  settings: Settings;
  signal: AbortSignal;
  enclosing?: { region?: EnclosingRegion };
}): Promise<RepositoryContext | undefined> {
  const { provider, uri } = input;
  if (!provider || !input.settings.context.enabled) return undefined;
  const { gatherTimeoutMs, budgetTokens } = input.settings.context;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RepositoryContext | undefined>((resolve) => {
    timer = setTimeout(() => {
      const earlier = provider.fallback?.(uri);
      // Said in the log, so a prompt without repository context on a busy machine has a visible reason.
      input.logger.debug(
        `repository context for ${uri} did not answer within ${gatherTimeoutMs} ms; ${earlier ? 'the last one gathered for this place goes instead' : 'the prompt goes without it'}`,
      );
      resolve(earlier);
    }, gatherTimeoutMs);
  });
  const gathering = provider

    .gather({ uri, text: input.text, offset: input.offset, line: input.line, languageId: input.languageId, budgetTokens, signal: input.signal, enclosing: input.enclosing })
    .catch((error: unknown) => {
      input.logger.warn(`repository context failed for ${uri}: ${(error as Error).message}`);
      return undefined;
    });
  try {
    return await Promise.race([gathering, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
