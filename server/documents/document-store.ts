import type Parser from 'tree-sitter';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Logger } from '../util/logger.js';
import type { Language, LanguageRegistry } from '../syntax/languages.js';
import { ChunkedDocument } from './chunked-document.js';
import { LazyTree } from './lazy-tree.js';

/** Why a document is kept as text only, without a syntax tree or completions. */
export type SkipReason = 'unsupported-language' | 'too-large' | 'binary';

/**
 * One open document: its text and version, and a syntax tree that follows every edit lazily: edits are
 * applied to the last tree as they arrive, the parse happens when a consumer reads the tree.
 */
export class OpenDocument {
  skipped?: SkipReason;
  /** Whether the first BINARY_HEAD characters hold a NUL (kept by the store: only an edit there can change it). */
  binaryHead = false;

  constructor(
    readonly uri: string,
    readonly document: ChunkedDocument,
    readonly language: Language | undefined,
    /** The store's handle on the tree; consumers read `tree`. */
    readonly syntax: LazyTree | undefined,
  ) {}

  /**
   * The tree of the current text, or undefined for a skipped document. The first read after edits parses
   * them (incrementally, all at once); later reads cost nothing until the next edit.
   */
  get tree(): Parser.Tree | undefined {
    if (this.skipped || !this.syntax) return undefined;
    return this.syntax.read(this.document.getText());
  }

  /** The tree when it already describes the current text, else undefined: reading it never parses. */
  get parsedTree(): Parser.Tree | undefined {
    return this.skipped || !this.syntax?.isFresh ? undefined : this.tree;
  }
}

export interface DocumentStoreOptions {
  languages: LanguageRegistry;
  logger: Logger;
  /** Documents larger than this (in UTF-16 code units, close to bytes for code) are not parsed. */
  maxFileBytes: () => number;
}

/**
 * The one place that holds open documents. Positions are LSP UTF-16 positions throughout; the
 * tree-sitter node binding also counts UTF-16 code units for JavaScript strings, so a Position
 * maps onto a tree-sitter Point unchanged.
 */
export class DocumentStore {
  private readonly documents = new Map<string, OpenDocument>();
  /** Whether the edit path has run once (see warmEditPath). */
  private warmed = false;
  /** When a document last changed (performance.now()): background work waits for a pause in typing. */
  lastChangeAt = -Infinity;

  constructor(private readonly options: DocumentStoreOptions) {}

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Every open document, in the order they were opened. */
  all(): OpenDocument[] {
    return [...this.documents.values()];
  }

  /** Opens a document; it is parsed when a consumer first needs its tree. */
  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const document = new ChunkedDocument(uri, languageId, version, text);
    // The line table is built here: left lazy, the first keystroke after opening scanned the whole text for it.
    void document.lineCount;
    const language = this.options.languages.byLanguageId(languageId) ?? this.options.languages.byPath(uri);
    const onError = (error: Error) => this.options.logger.error(`parse failed for ${uri}: ${error.message}`);
    const entry = new OpenDocument(uri, document, language, language && new LazyTree(language.parser, onError));
    this.documents.set(uri, entry);
    this.classify(entry, true);
    if (!this.warmed) this.warmEditPath(language);
    return entry;
  }

  /**
   * Applies incremental (or full) changes, and nothing else: the old tree is edited to match (cheap, and
   * keeps the later parse incremental), the parse itself waits until a consumer needs the tree.
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) {
      this.options.logger.warn(`didChange for a document that is not open: ${uri}`);
      return undefined;
    }
    this.apply(entry, version, changes);
    this.lastChangeAt = performance.now();
    return entry;
  }

  private apply(entry: OpenDocument, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const { syntax, document } = entry;
    let headChanged = false;
    for (const change of changes) {
      if ('range' in change) {
        const startOffset = Math.min(document.offsetAt(change.range.start), document.offsetAt(change.range.end));
        const oldEndOffset = Math.max(startOffset, document.offsetAt(change.range.end));
        syntax?.edit(startOffset, oldEndOffset, startOffset + change.text.length);
        headChanged ||= startOffset < BINARY_HEAD;
      } else {
        syntax?.replaced();
        headChanged = true;
      }
      document.update([change], version);
    }
    this.classify(entry, headChanged);
  }

  /**
   * Runs the edit path and the reads the keystroke path makes once, on a scratch document, when the first
   * document opens: the first keystrokes otherwise ran this code for the first time, each paying V8's lazy
   * compilation of the functions it reached (up to 2 ms for the first didChange of a session). The scratch
   * document is dropped; nothing else sees it.
   */
  private warmEditPath(language: Language | undefined): void {
    this.warmed = true;
    const text = 'package warm\n\nfunc warm() {\n\treturn\n}\n';
    const syntax = language && new LazyTree(language.parser, () => undefined);
    const scratch = new OpenDocument('ghostline:warm-up', new ChunkedDocument('ghostline:warm-up', language?.id ?? 'plaintext', 1, text), undefined, syntax);
    const { document } = scratch;
    void document.lineCount;
    const at = (line: number, character: number) => ({ line, character });
    const edits: TextDocumentContentChangeEvent[] = [
      { range: { start: at(3, 7), end: at(3, 7) }, text: '\n\t' },
      { range: { start: at(4, 1), end: at(4, 1) }, text: 'x' },
      { range: { start: at(4, 1), end: at(4, 2) }, text: '' },
      { range: { start: at(2, 0), end: at(4, 0) }, text: 'func a() {\r\n' },
    ];
    // Through change(), as a didChange goes; the scratch entry is in the map for no longer than this loop.
    this.documents.set(scratch.uri, scratch);
    try {
      for (const [i, edit] of edits.entries()) this.change(scratch.uri, i + 2, [edit]);
    } finally {
      this.documents.delete(scratch.uri);
    }
    document.positionAt(document.length - 1);
    document.textOfLines(1, 3);
    document.charCodeAt(3);
    document.insertedSince({ before: 'package', after: '', version: 2 });
    document.getText();
  }

  close(uri: string): void {
    this.documents.delete(uri);
  }

  /**
   * Why the document gets no tree, if it gets none; cheap enough for every change: a length, and the first 8 KiB
   * only when `headChanged` (an edit after them leaves them as they were: reading them on every keystroke was
   * 8 KB of garbage per key).
   */
  private classify(entry: OpenDocument, headChanged: boolean): void {
    const { document } = entry;
    if (headChanged) entry.binaryHead = looksBinary(document.slice(0, BINARY_HEAD));
    entry.skipped = undefined;
    if (!entry.language) entry.skipped = 'unsupported-language';
    else if (document.length > this.options.maxFileBytes()) entry.skipped = 'too-large';
    else if (entry.binaryHead) entry.skipped = 'binary';
  }
}

/** How much of the start of a document is looked at for binary data. */
const BINARY_HEAD = 8192;

/** NUL characters do not occur in source code; their presence means the buffer holds binary data. */
function looksBinary(head: string): boolean {
  return head.includes('\u0000');
}
