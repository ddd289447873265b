import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { buildServices } from '../app/services.js';
import type { CompletionOutcome } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import type { ProgressFactory } from '../context/service-types.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { Logger } from '../util/logger.js';

/**
 * The same document store, workspace index, engine and backend the language server uses, for CLI
 * commands. `warmUp` (default off: a one-shot command computes what it asks for) warms the
 * keystroke caches after indexing, for the long-running ones.
 */
export function createEngineHost(settings: Settings, logger: Logger, options: { warmUp?: boolean } = {}) {
  const services = buildServices({ settings: () => settings, logger, warmUp: options.warmUp ?? false });
  const { languages, documents, context, engine } = services;
  const backend = services.backend();

  /** Indexes `root` (from the on-disk cache when it can, so repeat runs are quick) for repository context, as the editor would. */
  async function index(root: string, progress?: ProgressFactory): Promise<void> {
    if (settings.context.enabled) await context.start([root], progress);
  }

  /** The workspace index `index(root)` built (undefined before, or when context is disabled). */
  function indexFor(root: string): WorkspaceIndex | undefined {
    return context.indexContaining(root);
  }

  /** Stops indexing and writes the index cache. */
  function dispose(): Promise<void> {
    return services.dispose();
  }

  /** Opens `text` as if the editor had, and asks for a completion at a 0-based UTF-16 position. */
  async function completeAt(input: { path: string; text: string; line: number; character: number; budgetMs: number }): Promise<CompletionOutcome> {
    const uri = pathToFileURL(resolve(input.path)).toString();
    const language = languages.byPath(input.path);
    documents.open(uri, language?.id ?? 'plaintext', 1, input.text);
    try {
      return await engine.complete({ uri, position: { line: input.line, character: input.character }, signal: new AbortController().signal, budgetMs: input.budgetMs });
    } finally {
      engine.forget(uri);
      documents.close(uri);
    }
  }

  return { languages, documents, backend, engine, context, completeAt, index, indexFor, dispose };
}
