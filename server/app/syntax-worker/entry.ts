/**
 * The syntax worker's entry (run with node:worker_threads from dist/): its own copy of every open document,
 * text and lazily parsed tree, kept by the same DocumentStore code as the main thread's. The parse a
 * completion needs after a burst of edits, and the index's parse of an edited file, happen here and never
 * stall the thread that answers the editor.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type Parser from 'tree-sitter';
import { hoverTarget } from '../../actions/hover-target.js';
import { offerDrafts } from '../../actions/offers.js';
import { gateVerdict } from '../../actions/security-gate.js';
import { cutContext } from '../../completion/cut-window.js';
import { analyzeCursor, postableFacts, type PostedFacts } from '../../completion/stream-filters.js';
import { checkSyntax } from '../../completion/syntax-checks.js';
import { parseFileRecord } from '../../context/index/file-record.js';
import { enclosingRegion } from '../../context/retrieval/focus.js';
import { DocumentStore } from '../../documents/document-store.js';
import { LanguageRegistry, type Language } from '../../syntax/languages.js';
import type { Logger, LogLevel } from '../../util/logger.js';
import type { FromWorker, ToWorker, WorkerData } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the syntax worker runs only as a worker thread');

/** Set by the main thread at shutdown (see the client's dispose). */
const stop = new Int32Array((workerData as WorkerData).stop);
const post = (message: FromWorker) => port.postMessage(message);
const log = (level: LogLevel) => (message: string) => post({ type: 'log', level, message: `syntax worker: ${message}` });
const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
const languages = new LanguageRegistry();
// The main thread decides which documents are too large to complete or index; the worker parses what it is asked about.
const documents = new DocumentStore({ languages, logger, maxFileBytes: () => Number.POSITIVE_INFINITY });

/** Answers a question about one document at one version, or says the question is out of date. */
function answer(message: Extract<ToWorker, { type: 'check' | 'record' | 'offers' | 'hover' | 'gate' }>): FromWorker {
  const entry = documents.get(message.uri);
  if (message.type === 'gate' && entry && message.excerpt !== undefined) return gate(message, { text: message.excerpt, tree: undefined, language: entry.language });
  if (!entry || entry.document.version !== message.version) return { type: 'stale', id: message.id };
  const text = entry.document.getText();
  // The tree of this version narrows the gate's window to the declaration (the check before it parsed it already).
  if (message.type === 'gate') return gate(message, { text, tree: entry.tree, language: entry.language });
  if (message.type === 'offers' || message.type === 'hover') {
    const tree = entry.tree;
    const language = entry.language;
    if (message.type === 'hover') return { type: 'hover', id: message.id, target: tree && language ? hoverTarget({ tree, language, offset: message.offset }) : undefined };
    const offers = tree && language ? offerDrafts({ ...message.question, text, tree, language, uri: message.uri, version: message.version }) : undefined;
    return { type: 'offers', id: message.id, offers };
  }
  if (message.type === 'record') {
    // The index's language is the path's; the editor's tree serves when the editor agrees on it.
    const language = languages.byPath(message.path);
    if (!language) return { type: 'record', id: message.id, record: undefined };
    const tree = entry.language?.id === language.id ? entry.tree : undefined;
    return { type: 'record', id: message.id, record: parseFileRecord({ path: message.path, text, hash: message.hash, language, tree, mtimeMs: message.mtimeMs }) };
  }
  const tree = entry.tree;
  // The repository context's focus needs the enclosing function: found here too, so the main thread reads no tree.
  const enclosing = { region: tree ? enclosingRegion({ tree, offset: message.question.offset, text, languageId: entry.language?.id }) : undefined };
  return { type: 'verdict', id: message.id, verdict: checkSyntax({ ...message.question, text, tree, language: entry.language }), enclosing };
}

/** The security gate's verdict on the suggestion in `text` (the document, or the excerpt the main thread sent). */
function gate(message: Extract<ToWorker, { type: 'gate' }>, at: { text: string; tree: Parser.Tree | undefined; language: Language | undefined }): FromWorker {
  const { language, tree, text } = at;
  const held = language ? gateVerdict({ language, tree, text, offset: message.offset, suggestion: message.suggestion, uri: message.uri }) : undefined;
  return { type: 'gate', id: message.id, held };
}

/** The cursor analysis of the cut's windows (as the engine would make it on the main thread); none for another version. */
function factsFor(message: Extract<ToWorker, { type: 'facts' }>): PostedFacts | undefined {
  const entry = documents.get(message.uri);
  if (!entry || entry.document.version !== message.version) return undefined;
  const { offset, mode, windowMode } = message;
  const context = cutContext({ text: entry.document.getText(), offset, mode, languageId: entry.language?.id ?? 'typescript', prefixMode: windowMode });
  return postableFacts(analyzeCursor(context));
}

port.on('message', (message: ToWorker) => {
  // Asked to stop: end here, between two messages, never inside a call into tree-sitter, and skip the rest.
  if (Atomics.load(stop, 0) === 1) process.exit(0);
  switch (message.type) {
    case 'open':
      documents.open(message.uri, message.languageId, message.version, message.text);
      return;
    case 'changes':
      for (const { uri, version, changes } of message.batch) documents.change(uri, version, changes);
      return;
    case 'close':
      documents.close(message.uri);
      return;
    case 'facts':
      post({ type: 'facts', id: message.id, facts: factsFor(message) });
      return;
    case 'check':
    case 'record':
    case 'offers':
    case 'hover':
    case 'gate':
      post(answer(message));
      return;
    case 'tree':
      post({ type: 'tree', id: message.id, tree: documents.get(message.uri)?.tree?.rootNode.toString() });
      return;
    case 'stop':
      // Reached only if the flag was not set (it always is first); the same ending.
      return process.exit(0);
    default:
      // An unknown message is a bug on the main thread's side: crash loudly, the main thread takes over.
      throw new Error(`unknown message ${JSON.stringify(message)}`);
  }
});

// Grammars load before the first question; until `ready`, the main thread answers completions (it has its grammars already).
const { failed } = languages.loadAll();
for (const failure of failed) logger.warn(`grammar not loaded: ${failure}`);
post({ type: 'ready' });
