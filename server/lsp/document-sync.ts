import type { DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams } from 'vscode-languageserver/node';
import type { Services } from '../app/services.js';
import type { Logger } from '../util/logger.js';
import type { SecurityDiagnostics } from './security-diagnostics.js';

/**
 * The document notifications: each updates the main thread's copy of the document and the syntax worker's
 * (which parses for completions and the index), and nothing else that grows with the file.
 */
export function documentSyncHandlers(input: { services: Services; security: SecurityDiagnostics; logger: Logger }) {
  const { services, security, logger } = input;
  const { documents, syntax, context } = services;
  return {
    didOpen: ({ textDocument: doc }: DidOpenTextDocumentParams): void => {
      const entry = documents.open(doc.uri, doc.languageId, doc.version, doc.text);
      syntax?.open(doc.uri, doc.languageId, doc.version, doc.text);
      if (entry.skipped) logger.info(`${doc.uri}: no completions (${entry.skipped})`);
      else void services.warmCompletions(doc.languageId);
      security.refresh(doc.uri);
      context.indexDocument(doc.uri);
    },
    didChange: ({ textDocument, contentChanges }: DidChangeTextDocumentParams): void => {
      // Applies the text and nothing else that grows with the file: parsing waits for a consumer, diagnostics for a pause.
      documents.change(textDocument.uri, textDocument.version, contentChanges);
      syntax?.change(textDocument.uri, textDocument.version, contentChanges);
      security.changed(textDocument.uri);
      const last = contentChanges[contentChanges.length - 1];
      context.documentChanged(textDocument.uri, last && 'range' in last ? last.range.start.line : 0);
    },
    didSave: ({ textDocument }: DidSaveTextDocumentParams): void => {
      context.indexDocument(textDocument.uri);
    },
    didClose: ({ textDocument }: DidCloseTextDocumentParams): void => {
      services.engine.forget(textDocument.uri);
      services.actions.forget(textDocument.uri);
      security.forget(textDocument.uri);
      documents.close(textDocument.uri);
      syntax?.close(textDocument.uri);
      context.documentClosed(textDocument.uri).catch(() => undefined);
    },
  };
}
