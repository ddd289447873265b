import type { CancellationToken, InlineCompletionList, InlineCompletionParams } from 'vscode-languageserver/node';
import type { CompletionEngine } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { AcceptanceLog } from '../stats/acceptance-log.js';
import { signalFromToken } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import { acceptCommand } from './acceptance.js';
import type { ProblemReporter } from './problem-reporter.js';

export interface InlineCompletionDeps {
  engine: CompletionEngine;
  settings: () => Settings;
  problems: ProblemReporter;
  logger: Logger;
  documents: DocumentStore;
  stats: AcceptanceLog;
}

/** textDocument/inlineCompletion: ghost text inserted at the cursor. Always answers, empty when there is nothing to show. */
export function inlineCompletionHandler(deps: InlineCompletionDeps) {
  return async (params: InlineCompletionParams, token: CancellationToken): Promise<InlineCompletionList> => {
    const started = performance.now();
    const outcome = await deps.engine.complete({
      uri: params.textDocument.uri,
      position: params.position,
      signal: signalFromToken(token),
      budgetMs: deps.settings().completion.timeoutMs,
    });
    if (outcome.kind === 'empty') {
      if (outcome.problem) deps.problems.report(outcome.problem);
      deps.logger.debug(`inline completion empty: ${outcome.reason}`);
      return { items: [] };
    }
    const at = params.position;
    const command = acceptCommand({ ...deps, settings: deps.settings(), uri: params.textDocument.uri, position: at, text: outcome.text, latencyMs: performance.now() - started });
    return { items: [{ insertText: outcome.text, range: { start: at, end: at }, ...(command ? { command } : {}) }] };
  };
}
