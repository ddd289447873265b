import type { Settings } from '../config/schema.js';
import type { EnclosingRegion } from '../core/context-provider.js';
import type { Logger } from '../util/logger.js';
import type { ContextProvider, LanguageId, RepositoryContext } from './types.js';

/**
 * Repository context for the prompt, or undefined (the current file alone) when there is no
 * provider, it fails, or it does not answer within `context.gatherTimeoutMs`.
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
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      // Said in the log, so a prompt without repository context on a busy machine has a visible reason.
      input.logger.debug(`repository context for ${uri} did not answer within ${gatherTimeoutMs} ms; the prompt goes without it`);
      resolve(undefined);
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
