import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { HoverExplainer } from '../actions/hover-explainer.js';
import { signalFromToken } from '../util/abort.js';
import type { Logger } from '../util/logger.js';
import type { Features } from './features.js';

export interface HoverDeps {
  explainer: HoverExplainer;
  features: () => Features;
  logger: Logger;
}

/** textDocument/hover: a generated explanation of the function, method or type under the cursor, or nothing. */
export function hoverHandler(deps: HoverDeps) {
  return async (params: HoverParams, token: CancellationToken): Promise<Hover | null> => {
    try {
      const explanation = await deps.explainer.explain({ uri: params.textDocument.uri, position: params.position, signal: signalFromToken(token) });
      if (!explanation) return null;
      deps.logger.debug(`hover at ${params.position.line}:${params.position.character}: ${explanation.source}`);
      const kind = deps.features().hoverMarkdown ? MarkupKind.Markdown : MarkupKind.PlainText;
      return { contents: { kind, value: explanation.markdown }, range: explanation.range };
    } catch (error) {
      deps.logger.error(`hover failed: ${(error as Error).stack ?? String(error)}`);
      return null;
    }
  };
}
