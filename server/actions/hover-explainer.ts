import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LRUCache } from 'lru-cache';
import type { Position, Range } from 'vscode-languageserver';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { runChat } from './chat-runner.js';
import { cleanText } from './clean-reply.js';
import { codeContext, memoizedEnvironment } from './context.js';
import { hoverPrompt } from './prompts/hover.js';
import { repositoryLookup, type RepositorySource } from './repository.js';
import { commentAnchor, leadingComments, outline, type Declaration } from '../syntax/outline.js';
import { rangeOf } from '../core/text.js';
import { ActionError } from './types.js';

export interface HoverRequest {
  uri: string;
  position: Position;
  signal: AbortSignal;
}

export interface Explanation {
  markdown: string;
  range: Range;
  source: 'model' | 'cache';
}

export interface HoverExplainerDeps {
  documents: DocumentStore;
  settings: () => Settings;
  backend: () => ModelBackend;
  logger: Logger;
  /** The workspace index's context provider once it is built; absent or undefined: the current file alone. */
  repository?: () => RepositorySource | undefined;
}

/** A character of an identifier (`#` starts a private property's name). */
const NAME_CHAR = /^[\p{L}\p{N}_$#]/u;
const NAME_NODES = new Set(['identifier', 'field_identifier', 'type_identifier', 'property_identifier', 'private_property_identifier']);

/**
 * Explains the function, method or type named under the cursor, within a time budget, cached
 * per declaration text (and model) so a second hover is instant and costs no model call.
 */
export class HoverExplainer {
  private cache: LRUCache<string, string>;

  constructor(private readonly deps: HoverExplainerDeps) {
    this.cache = new LRUCache({ max: Math.max(1, deps.settings().hover.cacheSize) });
  }

  /** Forgets everything that depends on settings (call after a settings change). */
  reset(): void {
    this.cache = new LRUCache({ max: Math.max(1, this.deps.settings().hover.cacheSize) });
  }

  async explain(request: HoverRequest): Promise<Explanation | undefined> {
    const settings = this.deps.settings();
    if (!settings.hover.enabled) return undefined;
    const entry = this.deps.documents.get(request.uri);
    if (!entry?.language) return undefined;
    const text = entry.document.getText();
    const offset = entry.document.offsetAt(request.position);
    // Only a name under the cursor is explained: anywhere else (blank lines, operators) the answer is known
    // without the tree, whose first read after typing is a parse.
    if (!NAME_CHAR.test(String.fromCodePoint(text.codePointAt(offset) ?? 32))) return undefined;
    if (!entry.tree) return undefined;
    const { document, tree, language } = entry;
    const node = tree.rootNode.descendantForIndex(offset);
    if (!NAME_NODES.has(node.type)) return undefined;
    const found = outline(language, tree);
    const declaration = declarationNamed(found.declarations, node);
    if (!declaration) return undefined;

    const anchor = commentAnchor(declaration.node);
    const from = leadingComments(anchor)[0]?.startIndex ?? anchor.startIndex;
    const source = text.slice(from, anchor.endIndex);
    const key = createHash('sha256').update(`${language.id}\u0000${settings.actions.model}\u0000${source}`).digest('hex');
    const range = rangeOf(text, node.startIndex, node.endIndex);
    const cached = this.cache.get(key);
    if (cached) return { markdown: cached, range, source: 'cache' };

    const budget = { ms: settings.hover.timeoutMs, startedAt: performance.now() };
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(settings.hover.timeoutMs)]);
    const doc = { uri: request.uri, version: document.version, text, language, tree, path: request.uri.startsWith('file:') ? fileURLToPath(request.uri) : undefined };
    const repository = repositoryLookup({ source: this.deps.repository?.(), doc, budgetTokens: settings.context.actionBudgetTokens, signal, logger: this.deps.logger });
    const context = await codeContext({ doc, outline: found, environment: memoizedEnvironment(doc.path, language), repository }, { start: from, end: anchor.endIndex });
    const spec = hoverPrompt({ context, declaration: source, name: declaration.name.text, kind: declaration.kind });
    try {
      const explanation = await runChat(
        {
          backend: this.deps.backend(),
          model: settings.actions.model,
          maxTokens: settings.hover.maxTokens,
          temperature: settings.actions.temperature,
          signal,
          retries: 0,
          maxReplyBytes: settings.actions.maxReplyBytes,
          budget,
        },
        spec,
        (reply) => {
          const cleaned = cleanText(reply, spec.output);
          return cleaned ? { ok: true, value: cleaned } : { ok: false, kind: 'invalid-output', reason: 'the model returned no explanation', feedback: '' };
        },
      );
      const markdown = `${explanation}\n\n---\n*Generated by Ghostline (${settings.actions.model}); it may be wrong.*`;
      this.cache.set(key, markdown);
      return { markdown, range, source: 'model' };
    } catch (error) {
      if (error instanceof ActionError) {
        // A model server problem or an unusable (say, endless) reply is worth finding in the log; a cancelled hover is not.
        const message = `hover on ${declaration.name.text}: ${error.message}`;
        if (error.kind === 'model' || error.kind === 'invalid-output') this.deps.logger.info(message);
        else this.deps.logger.debug(message);
        return undefined;
      }
      throw error;
    }
  }
}

/** The declaration a name belongs to: the one it names, or a same-file declaration it refers to. */
function declarationNamed(declarations: readonly Declaration[], node: { startIndex: number; text: string }): Declaration | undefined {
  return declarations.find((declaration) => declaration.name.startIndex === node.startIndex) ?? declarations.find((declaration) => declaration.name.text === node.text);
}
