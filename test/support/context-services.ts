import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../server/config/settings.js';
import type { Settings } from '../../server/config/schema.js';
import { ContextService } from '../../server/context/context-service.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger, type Logger } from '../../server/util/logger.js';
import { closedAfterEach } from './cleanup.js';

const languages = new LanguageRegistry();

export interface MadeContextService {
  service: ContextService;
  settings: Settings;
  documents: DocumentStore;
  /** This service's own index cache folder (`context.cacheDir`), so no test reads another's cache. */
  cacheDir: string;
}

/**
 * For a test file: a function that makes a context service (the one the LSP server and the CLI use), each with
 * its own cache folder, disposed and its folder removed after its test. `cacheDir` shares another's cache.
 */
export function contextServicesDisposedAfterEach(): (options?: {
  logger?: Logger;
  documents?: DocumentStore;
  cacheDir?: string;
  settings?: (settings: Settings) => void;
}) => MadeContextService {
  const track = closedAfterEach();
  return (options = {}) => {
    const logger = options.logger ?? silentLogger;
    const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'ghostline-cache-'));
    const settings = defaultSettings();
    settings.context.cacheDir = cacheDir;
    options.settings?.(settings);
    const documents = options.documents ?? new DocumentStore({ languages, logger, maxFileBytes: () => 1_000_000 });
    const service = new ContextService({ languages, documents, settings: () => settings, logger });
    track({
      close: async () => {
        await service.dispose();
        if (!options.cacheDir) rmSync(cacheDir, { recursive: true, force: true });
      },
    });
    return { service, settings, documents, cacheDir };
  };
}
