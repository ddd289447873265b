import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { CompletionEngine, type CompletionOutcome } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import { ContextService, type ProgressFactory } from '../context/context-service.js';
import type { WorkspaceIndex } from '../context/workspace-index.js';
import { DocumentStore } from '../documents/document-store.js';
import { createBackend } from '../model/create-backend.js';
import { LanguageRegistry } from '../syntax/languages.js';
import type { Logger } from '../util/logger.js';

/** The same document store, workspace index, engine and backend the language server uses, for one-shot CLI commands. */
export function createEngineHost(settings: Settings, logger: Logger) {
  const languages = new LanguageRegistry();
  const documents = new DocumentStore({ languages, logger, maxFileBytes: () => settings.completion.maxFileBytes });
  const backend = createBackend(settings.model);
  const context = new ContextService({ languages, documents, settings: () => settings, logger });
  const engine = new CompletionEngine({ documents, settings: () => settings, backend: () => backend, logger, context: context.provider });

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
    return context.dispose();
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
