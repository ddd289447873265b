import type Parser from 'tree-sitter';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Logger } from '../util/logger.js';
import type { Language, LanguageRegistry } from '../syntax/languages.js';

/** Why a document is kept as text only, without a syntax tree or completions. */
export type SkipReason = 'unsupported-language' | 'too-large' | 'binary';

/** One open document: its text and version, and a syntax tree kept in step with every edit. */
export interface OpenDocument {
  uri: string;
  document: TextDocument;
  language?: Language;
  tree?: Parser.Tree;
  skipped?: SkipReason;
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

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    const language = this.options.languages.byLanguageId(languageId) ?? this.options.languages.byPath(uri);
    const entry: OpenDocument = { uri, document, language };
    this.documents.set(uri, entry);
    this.reparse(entry, undefined);
    return entry;
  }

  /** Applies incremental (or full) changes, editing the old tree so the reparse is incremental. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) {
      this.options.logger.warn(`didChange for a document that is not open: ${uri}`);
      return undefined;
    }
    let tree = entry.tree;
    for (const change of changes) {
      const before = entry.document;
      if ('range' in change) {
        const startOffset = before.offsetAt(change.range.start);
        const oldEndOffset = Math.max(startOffset, before.offsetAt(change.range.end));
        // positionAt normalises positions past the end of a line or of the document.
        const startPosition = toPoint(before.positionAt(startOffset));
        const oldEndPosition = toPoint(before.positionAt(oldEndOffset));
        tree?.edit({
          startIndex: startOffset,
          oldEndIndex: oldEndOffset,
          newEndIndex: startOffset + change.text.length,
          startPosition,
          oldEndPosition,
          newEndPosition: advance(startPosition, change.text),
        });
      } else {
        tree = undefined;
      }
      entry.document = TextDocument.update(before, [change], version);
    }
    this.reparse(entry, tree);
    return entry;
  }

  close(uri: string): void {
    this.documents.delete(uri);
  }

  private reparse(entry: OpenDocument, oldTree: Parser.Tree | undefined): void {
    const text = entry.document.getText();
    entry.skipped = undefined;
    entry.tree = undefined;
    if (!entry.language) {
      entry.skipped = 'unsupported-language';
    } else if (text.length > this.options.maxFileBytes()) {
      entry.skipped = 'too-large';
    } else if (looksBinary(text)) {
      entry.skipped = 'binary';
    } else {
      try {
        entry.tree = entry.language.parser.parse(text, oldTree);
      } catch (error) {
        this.options.logger.error(`parse failed for ${entry.uri}: ${(error as Error).message}`);
        // A failed incremental parse must not leave a stale tree behind; try once from scratch.
        entry.tree = oldTree ? entry.language.parser.parse(text) : undefined;
      }
    }
  }
}

function toPoint(position: Position): Parser.Point {
  return { row: position.line, column: position.character };
}

/** The point reached after inserting `text` at `start`, in UTF-16 columns. */
function advance(start: Parser.Point, text: string): Parser.Point {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastBreak - 1 };
}

/** NUL characters do not occur in source code; their presence means the buffer holds binary data. */
function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}
